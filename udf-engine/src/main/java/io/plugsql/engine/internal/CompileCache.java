package io.plugsql.engine.internal;

import io.plugsql.engine.CompileCacheStats;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Compiled modules by SHA-256 of their bytes plus the transformation's key (the start function's
 * fuel): the same bytes under any function name or tenant, with the same fuel, compile once.
 * Concurrent loads of new bytes wait for one compilation; a failed compilation is not cached.
 * Beyond {@code maxEntries} compiled modules the least recently used one is dropped: functions loaded
 * from it keep their own reference to it, and a later load of its bytes compiles them again.
 */
final class CompileCache {
    private final int maxEntries;
    /** Guards both maps; compilation itself runs outside it. */
    private final Object lock = new Object();
    /** Compiled modules in access order; compilations in flight are not here, so they never evict one. */
    private final LinkedHashMap<String, CompiledModule> compiled;
    private final Map<String, CompletableFuture<CompiledModule>> inFlight = new HashMap<>();
    private final AtomicLong compilations = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();

    /** @param maxEntries at least 1 ({@link io.plugsql.engine.EngineConfig} checks it) */
    CompileCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.compiled = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompiledModule> eldest) {
                if (size() <= CompileCache.this.maxEntries) {
                    return false;
                }
                evictions.incrementAndGet();
                return true;
            }
        };
    }

    /** The cached module, waiting for an in-flight compilation of the same bytes; null when absent. */
    CompiledModule getIfPresent(String key) {
        CompletableFuture<CompiledModule> future;
        synchronized (lock) {
            CompiledModule module = compiled.get(key);
            if (module != null) {
                hits.incrementAndGet();
                return module;
            }
            future = inFlight.get(key);
        }
        return future == null ? null : awaitHit(future);
    }

    /** The cached module, or the one {@code compiler} makes (exactly once per key at a time). */
    CompiledModule get(String key, Supplier<CompiledModule> compiler) {
        CompletableFuture<CompiledModule> mine = new CompletableFuture<>();
        CompletableFuture<CompiledModule> existing;
        synchronized (lock) {
            CompiledModule module = compiled.get(key);
            if (module != null) {
                hits.incrementAndGet();
                return module;
            }
            existing = inFlight.putIfAbsent(key, mine);
        }
        if (existing != null) {
            CompiledModule module = awaitHit(existing);
            return module != null ? module : get(key, compiler);
        }
        CompiledModule module;
        try {
            module = compiler.get();
        } catch (RuntimeException | Error e) {
            synchronized (lock) {
                inFlight.remove(key);
            }
            mine.complete(null);
            throw e;
        }
        compilations.incrementAndGet();
        synchronized (lock) {
            inFlight.remove(key);
            compiled.put(key, module);
        }
        mine.complete(module);
        return module;
    }

    CompileCacheStats stats() {
        int size;
        synchronized (lock) {
            size = compiled.size();
        }
        return new CompileCacheStats(compilations.get(), hits.get(), evictions.get(), size, maxEntries);
    }

    /** The in-flight compilation's module, counted as a hit; null when it failed (the caller then compiles). */
    private CompiledModule awaitHit(CompletableFuture<CompiledModule> future) {
        CompiledModule module = join(future);
        if (module != null) {
            hits.incrementAndGet();
        }
        return module;
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
