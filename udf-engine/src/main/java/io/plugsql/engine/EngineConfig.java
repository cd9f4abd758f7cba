package io.plugsql.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Engine-wide settings: the largest module accepted, the quota that caps every function's limits,
 * how many instances one function may keep, how many threads run guest code, the compile policy, how
 * many compiled modules the compile cache keeps, how large a table may be, and how many result bytes
 * a batch may return.
 *
 * <pre>{@code
 * EngineConfig config = EngineConfig.defaults().withQuota(SandboxLimits.DEFAULT.withTimeout(Duration.ofSeconds(5)));
 * }</pre>
 *
 * @param maxModuleBytes largest module (in bytes) {@link WasmEngine#load} accepts
 * @param quota caps each function's own limits ({@link SandboxLimits#cappedBy})
 * @param instancePoolSize most instances of one function alive at once, hence its most concurrent invocations
 * @param guestThreads threads per stack size that run guest code; callers beyond it queue (queued time is not
 *     counted against the timeout)
 * @param compilePolicy compile to JVM bytecode, with or without interpreter fallback, or interpret
 * @param compileCacheMaxEntries most compiled modules the compile cache keeps; beyond it the least recently
 *     used one is dropped (functions already loaded from it keep working, a later load compiles it again)
 * @param maxTableElements most elements one table of an instance may hold: a larger declared minimum is
 *     refused at load, and {@code table.grow} past it returns -1 (docs/ABI.md, "Limits")
 * @param maxResultBytes most VARCHAR/VARBINARY bytes one invocation (one batch) of a function may return;
 *     the row that would pass it fails the invocation with {@link EngineErrorCode#RESULT_TOO_LARGE}
 */
public record EngineConfig(
        long maxModuleBytes, SandboxLimits quota, int instancePoolSize, int guestThreads, CompilePolicy compilePolicy,
        int compileCacheMaxEntries, int maxTableElements, long maxResultBytes) {
    /** Default largest module: 8 MiB. */
    public static final long DEFAULT_MAX_MODULE_BYTES = 8L << 20;

    /** Default quota: 256 MiB memory, 60 s timeout, unlimited fuel, 16 MiB stack. */
    public static final SandboxLimits DEFAULT_QUOTA =
            new SandboxLimits(256L << 20, Duration.ofSeconds(60), Long.MAX_VALUE, 16L << 20);

    /** Default size of the compile cache: 256 compiled modules. */
    public static final int DEFAULT_COMPILE_CACHE_MAX_ENTRIES = 256;

    /** Default most elements of one table: 65,536 (about 512 KiB of host memory per table). */
    public static final int DEFAULT_MAX_TABLE_ELEMENTS = 65_536;

    /** Default most result bytes per function and batch: 64 MiB. */
    public static final long DEFAULT_MAX_RESULT_BYTES = 64L << 20;

    /** Most tables one module may declare. */
    public static final int MAX_TABLES = 16;

    public EngineConfig {
        if (maxModuleBytes < 8) {
            throw new IllegalArgumentException("maxModuleBytes must be at least 8 (a module header)");
        }
        requireNonNull(quota, "quota is null");
        if (instancePoolSize < 1) {
            throw new IllegalArgumentException("instancePoolSize must be positive");
        }
        if (guestThreads < 1) {
            throw new IllegalArgumentException("guestThreads must be positive");
        }
        requireNonNull(compilePolicy, "compilePolicy is null");
        if (compileCacheMaxEntries < 1) {
            throw new IllegalArgumentException("compileCacheMaxEntries must be at least 1 (the compile cache holds at"
                    + " least the module being loaded), not " + compileCacheMaxEntries);
        }
        if (maxTableElements < 0) {
            throw new IllegalArgumentException("maxTableElements must not be negative, not " + maxTableElements);
        }
        if (maxResultBytes < 0) {
            throw new IllegalArgumentException("maxResultBytes must not be negative, not " + maxResultBytes);
        }
    }

    /**
     * 8 MiB modules, {@link #DEFAULT_QUOTA}, pools of twice the processor count, as many guest threads (at least 4),
     * compile with interpreter fallback, {@link #DEFAULT_COMPILE_CACHE_MAX_ENTRIES} cached modules,
     * {@link #DEFAULT_MAX_TABLE_ELEMENTS} elements per table, {@link #DEFAULT_MAX_RESULT_BYTES} result bytes per batch.
     */
    public static EngineConfig defaults() {
        int processors = Runtime.getRuntime().availableProcessors();
        return new EngineConfig(
                DEFAULT_MAX_MODULE_BYTES, DEFAULT_QUOTA, processors * 2, Math.max(4, processors * 2),
                CompilePolicy.COMPILE_WITH_FALLBACK, DEFAULT_COMPILE_CACHE_MAX_ENTRIES, DEFAULT_MAX_TABLE_ELEMENTS,
                DEFAULT_MAX_RESULT_BYTES);
    }

    public EngineConfig withMaxModuleBytes(long bytes) {
        return new EngineConfig(bytes, quota, instancePoolSize, guestThreads, compilePolicy, compileCacheMaxEntries,
                maxTableElements, maxResultBytes);
    }

    public EngineConfig withQuota(SandboxLimits newQuota) {
        return new EngineConfig(maxModuleBytes, newQuota, instancePoolSize, guestThreads, compilePolicy,
                compileCacheMaxEntries, maxTableElements, maxResultBytes);
    }

    public EngineConfig withInstancePoolSize(int size) {
        return new EngineConfig(maxModuleBytes, quota, size, guestThreads, compilePolicy, compileCacheMaxEntries,
                maxTableElements, maxResultBytes);
    }

    public EngineConfig withGuestThreads(int threads) {
        return new EngineConfig(maxModuleBytes, quota, instancePoolSize, threads, compilePolicy, compileCacheMaxEntries,
                maxTableElements, maxResultBytes);
    }

    public EngineConfig withCompilePolicy(CompilePolicy policy) {
        return new EngineConfig(maxModuleBytes, quota, instancePoolSize, guestThreads, policy, compileCacheMaxEntries,
                maxTableElements, maxResultBytes);
    }

    public EngineConfig withCompileCacheMaxEntries(int entries) {
        return new EngineConfig(maxModuleBytes, quota, instancePoolSize, guestThreads, compilePolicy, entries,
                maxTableElements, maxResultBytes);
    }

    public EngineConfig withMaxTableElements(int elements) {
        return new EngineConfig(maxModuleBytes, quota, instancePoolSize, guestThreads, compilePolicy,
                compileCacheMaxEntries, elements, maxResultBytes);
    }

    public EngineConfig withMaxResultBytes(long bytes) {
        return new EngineConfig(maxModuleBytes, quota, instancePoolSize, guestThreads, compilePolicy,
                compileCacheMaxEntries, maxTableElements, bytes);
    }
}
