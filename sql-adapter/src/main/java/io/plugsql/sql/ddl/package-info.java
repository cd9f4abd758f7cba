/** plugsql's DDL executor and the parser factory that connects it to Calcite. */
package io.plugsql.sql.ddl;
