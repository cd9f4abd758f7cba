/**
 * Runs tenants' WebAssembly functions over Apache Arrow batches: {@link io.plugsql.engine.WasmEngine}
 * validates and compiles a module once, and {@link io.plugsql.engine.WasmFunction} maps Arrow vectors to
 * an Arrow vector inside a sandbox. The guest contract is docs/ABI.md.
 */
package io.plugsql.engine;
