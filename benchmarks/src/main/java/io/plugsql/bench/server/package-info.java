/** Latency and throughput of point queries calling a UDF, embedded and over the server's loopback JDBC. */
package io.plugsql.bench.server;
