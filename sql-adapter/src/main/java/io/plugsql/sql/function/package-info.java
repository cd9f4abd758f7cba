/**
 * WASM functions in Calcite: the per-data-directory registry with its bounded set of loaded
 * versions, the {@code ScalarFunction} each catalogued version becomes, the leases by which an open
 * statement keeps the versions it was planned with, and the static entry point generated code calls.
 */
package io.plugsql.sql.function;
