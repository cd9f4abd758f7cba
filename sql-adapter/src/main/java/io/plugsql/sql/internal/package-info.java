/**
 * Internals of the SQL adapter: tenant schemas over H2, connection checking, error translation.
 * Not an API: classes are public only so that sibling packages can use them.
 */
package io.plugsql.sql.internal;
