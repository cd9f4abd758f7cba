/**
 * JDBC client driver for the plugsql server: Avatica's remote driver plus what its protocol lacks,
 * server-side {@code Statement.cancel()} and {@code setQueryTimeout}.
 *
 * <pre>
 * Connection c = DriverManager.getConnection("jdbc:plugsql-remote:url=http://127.0.0.1:8765;"
 *         + "serialization=protobuf;authentication=BASIC;avatica_user=alice;avatica_password=...");
 * </pre>
 */
package io.plugsql.server.client;
