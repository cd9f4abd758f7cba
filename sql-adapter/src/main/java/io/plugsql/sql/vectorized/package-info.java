/**
 * Vectorized execution of Wasm UDF calls inside Calcite plans: a post-planning program that moves
 * UDF calls out of {@code EnumerableCalc}s into {@link io.plugsql.sql.vectorized.EnumerableWasmBatchCalc},
 * which reads its input as Arrow batches (gathered rows, the result set of a query pushed down to the
 * tenant database, or an {@code ArrowBatchTable}'s vectors) and calls each UDF once per batch.
 *
 * <p>Entry points: {@link io.plugsql.sql.vectorized.VectorizedPrepare} (the prepare factory a driver
 * installs), {@link io.plugsql.sql.vectorized.VectorizableFunction} (implemented by the Calcite
 * function object registered for each Wasm UDF) and {@link io.plugsql.sql.vectorized.VectorizeSettings}
 * (the connection properties).
 */
package io.plugsql.sql.vectorized;
