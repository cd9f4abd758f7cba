/**
 * plugsql's SQL grammar: parse trees of CREATE/DROP FUNCTION ... LANGUAGE WASM, SHOW FUNCTIONS,
 * GRANT/REVOKE EXECUTE, and the checked WITH options; the generated parser lives in
 * {@code io.plugsql.sql.parser.impl}.
 */
package io.plugsql.sql.parser;
