/**
 * Durable catalog of tenant functions: their versions, module bytes (stored once per SHA-256) and
 * execute grants, kept in an embedded H2 database.
 *
 * <p>Free of Calcite types so that any engine that runs modules through udf-engine can read it.
 * The entry point is {@link io.plugsql.catalog.CatalogStore}.
 */
package io.plugsql.catalog;
