package io.plugsql.engine.internal;

import io.plugsql.engine.CompileCacheStats;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Compiled modules by SHA-256 of their bytes plus the transformation's key (the start function's
 * fuel): the same bytes under any function name or tenant, with the same fuel, compile once.
 * Concurrent loads of new bytes wait for one compilation; a failed compilation is not cached.
 */
final class CompileCache {
    private final ConcurrentHashMap<String, CompletableFuture<CompiledModule>> entries = new ConcurrentHashMap<>();
    private final AtomicLong compilations = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();

    /** The cached module, waiting for an in-flight compilation of the same bytes; null when absent. */
    CompiledModule getIfPresent(String key) {
        CompletableFuture<CompiledModule> future = entries.get(key);
        if (future == null) {
            return null;
        }
        CompiledModule module = join(future);
        if (module != null) {
            hits.incrementAndGet();
        }
        return module;
    }

    /** The cached module, or the one {@code compiler} makes (exactly once per key at a time). */
    CompiledModule get(String key, Supplier<CompiledModule> compiler) {
        CompletableFuture<CompiledModule> mine = new CompletableFuture<>();
        CompletableFuture<CompiledModule> existing = entries.putIfAbsent(key, mine);
        if (existing != null) {
            CompiledModule module = join(existing);
            if (module != null) {
                hits.incrementAndGet();
                return module;
            }
            return get(key, compiler);
        }
        try {
            CompiledModule module = compiler.get();
            compilations.incrementAndGet();
            mine.complete(module);
            return module;
        } catch (RuntimeException | Error e) {
            entries.remove(key, mine);
            mine.complete(null);
            throw e;
        }
    }

    CompileCacheStats stats() {
        return new CompileCacheStats(compilations.get(), hits.get(), entries.size());
    }

    /** The future's module, or null when its compilation failed (the caller then compiles itself). */
    private static CompiledModule join(CompletableFuture<CompiledModule> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return null;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
