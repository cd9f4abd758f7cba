/**
 * Fuel metering by rewriting a WebAssembly binary: every function entry and loop header gets a
 * check that charges a counter global and traps when it runs out, so the budget holds the same way
 * in Chicory's interpreter and in its compiler.
 *
 * <p>{@link io.plugsql.engine.internal.fuel.FuelInstrumenter} rewrites a module at CREATE time;
 * {@link io.plugsql.engine.internal.fuel.FuelMeter} sets and reads the counter of an instance. The
 * cost model and the host protocol are documented in {@code docs/ABI.md} ("Fuel").
 */
package io.plugsql.engine.internal.fuel;
