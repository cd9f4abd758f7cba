/**
 * Sample tenant functions (WAT, C, Rust, AssemblyScript modules compiled to Wasm) shipped on the
 * classpath with a manifest, for demo tenants, documentation and tests; and
 * {@link io.plugsql.samples.ModuleRegistration}, which registers any .wasm file over JDBC.
 *
 * <pre>{@code
 * for (SampleFunction f : SampleModules.forTenant("acme")) {
 *     statement.execute(f.createFunctionSql("acme"));
 * }
 * }</pre>
 */
package io.plugsql.samples;
