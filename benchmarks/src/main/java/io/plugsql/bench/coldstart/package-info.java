/** Cold-start latencies: function registration (compile and cache hit), first call, pooled calls, server start. */
package io.plugsql.bench.coldstart;
