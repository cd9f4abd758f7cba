/**
 * The plugsql JDBC server: an Avatica HTTP server whose users each belong to one tenant.
 *
 * <pre>
 * bin/plugsql serve                      # Main: listens on 127.0.0.1:8765, data in ./data
 * PlugSqlServer.start(ServerConfig.builder(dataDir).port(0).build())   # embedded, e.g. in tests
 * </pre>
 */
package io.plugsql.server;
