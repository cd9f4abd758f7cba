/** Turns one benchmark run's JMH and end-to-end figures into RESULTS.md and a PNG chart. */
package io.plugsql.bench.report;
