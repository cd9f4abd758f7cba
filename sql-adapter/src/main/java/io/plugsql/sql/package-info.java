/**
 * plugsql on Apache Calcite: the embedded JDBC driver ({@code jdbc:plugsql:data=DIR;tenant=T}),
 * the parser factory and the shared per-data-directory state.
 */
package io.plugsql.sql;
