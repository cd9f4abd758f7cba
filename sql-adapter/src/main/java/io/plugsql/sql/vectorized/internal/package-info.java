/**
 * Runtime of vectorized UDF execution: the batch plan handed to generated code, the enumerable that
 * gathers rows into Arrow batches, and the conversions between Calcite's internal values and Arrow.
 * Public only because Calcite's generated code calls it; not an API.
 */
package io.plugsql.sql.vectorized.internal;
