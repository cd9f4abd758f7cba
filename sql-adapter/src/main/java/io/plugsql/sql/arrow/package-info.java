/**
 * Tables that hand their columns over as Arrow vectors ({@link io.plugsql.sql.arrow.ArrowBatchTable}),
 * which the batch operator of {@code io.plugsql.sql.vectorized} reads without building rows, and an
 * in-memory implementation ({@link io.plugsql.sql.arrow.InMemoryArrowTable}) for data an application
 * already holds in Arrow.
 */
package io.plugsql.sql.arrow;
