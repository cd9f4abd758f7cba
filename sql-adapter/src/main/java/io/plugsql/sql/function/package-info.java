/**
 * WASM functions in Calcite: the per-data-directory registry, the {@code ScalarFunction} each
 * catalogued version becomes, and the static entry point generated code calls.
 */
package io.plugsql.sql.function;
