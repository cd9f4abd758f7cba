/**
 * Internals of the SQL adapter: tenant schemas over H2, connection checking, error translation,
 * and the conversion between Calcite's Java values and Arrow vectors that both call paths share.
 * Not an API: classes are public only so that sibling packages can use them.
 */
package io.plugsql.sql.internal;
