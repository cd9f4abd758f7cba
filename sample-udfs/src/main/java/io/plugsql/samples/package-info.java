/**
 * Sample tenant functions (WAT, C, Rust, AssemblyScript modules compiled to Wasm) shipped on the
 * classpath with a manifest, for demo tenants, documentation and tests.
 *
 * <pre>{@code
 * for (SampleFunction f : SampleModules.forTenant("acme")) {
 *     statement.execute(f.createFunctionSql("acme"));
 * }
 * }</pre>
 */
package io.plugsql.samples;
