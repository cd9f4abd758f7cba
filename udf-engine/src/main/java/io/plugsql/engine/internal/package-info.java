/**
 * Implementation of the engine: module validation, the compile cache, Chicory instances with a flat
 * memory, the guest thread pool and the ABI v1 invokers. Not an API; only {@link
 * io.plugsql.engine.internal.EngineRuntime} and {@link io.plugsql.engine.internal.ModuleTransformer} are public.
 */
package io.plugsql.engine.internal;
