package io.plugsql.catalog;

/** How {@link CatalogStore#createFunction} treats a function that already exists (and is not dropped). */
public enum CreateMode {
    /** {@code CREATE FUNCTION}: fails with {@link CatalogErrorCode#FUNCTION_ALREADY_EXISTS}. */
    CREATE,
    /** {@code CREATE OR REPLACE FUNCTION}: adds version n+1 and makes it current. */
    CREATE_OR_REPLACE,
    /** {@code CREATE FUNCTION IF NOT EXISTS}: changes nothing and reports the current version. */
    CREATE_IF_NOT_EXISTS
}
