/** JMH benchmarks of the engine alone: one Wasm call per Arrow batch against plain Java. */
package io.plugsql.bench.engine;
