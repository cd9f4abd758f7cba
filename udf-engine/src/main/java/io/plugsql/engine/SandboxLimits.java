package io.plugsql.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Resource limits of one function's sandbox, resolved from the function's options and capped by
 * the tenant's quota.
 *
 * @param maxMemoryBytes largest linear memory the instance may have; the module's declared maximum
 *     is lowered to this, and a module whose declared minimum exceeds it is refused
 * @param timeout wall-clock limit of one invocation (one batch)
 * @param fuelPerRow instruction budget of one call of the function; a batch of n rows gets
 *     {@code n * fuelPerRow} (see docs/ABI.md for what one unit of fuel buys)
 * @param stackBytes stack size of the threads that run guest code; bounds recursion depth
 */
public record SandboxLimits(long maxMemoryBytes, Duration timeout, long fuelPerRow, long stackBytes) {
    /** One Wasm page: the unit of linear memory. */
    public static final long WASM_PAGE_BYTES = 65_536;

    /** Limits used when a function declares none: 16 MiB, 2 s, 100M fuel per row, 1 MiB stack. */
    public static final SandboxLimits DEFAULT =
            new SandboxLimits(16L << 20, Duration.ofSeconds(2), 100_000_000L, 1L << 20);

    public SandboxLimits {
        if (maxMemoryBytes < WASM_PAGE_BYTES) {
            throw new IllegalArgumentException("memory limit must be at least one Wasm page (64KB)");
        }
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (fuelPerRow <= 0) {
            throw new IllegalArgumentException("fuel must be positive");
        }
        if (stackBytes < 64 * 1024) {
            throw new IllegalArgumentException("stack must be at least 64KB");
        }
    }

    /** The memory limit in whole Wasm pages, rounded down. */
    public int maxMemoryPages() {
        return (int) Math.min(Integer.MAX_VALUE, maxMemoryBytes / WASM_PAGE_BYTES);
    }

    public SandboxLimits withMaxMemoryBytes(long bytes) {
        return new SandboxLimits(bytes, timeout, fuelPerRow, stackBytes);
    }

    public SandboxLimits withTimeout(Duration newTimeout) {
        return new SandboxLimits(maxMemoryBytes, newTimeout, fuelPerRow, stackBytes);
    }

    public SandboxLimits withFuelPerRow(long fuel) {
        return new SandboxLimits(maxMemoryBytes, timeout, fuel, stackBytes);
    }

    public SandboxLimits withStackBytes(long bytes) {
        return new SandboxLimits(maxMemoryBytes, timeout, fuelPerRow, bytes);
    }

    /** Each limit lowered to the quota's where the quota is smaller. */
    public SandboxLimits cappedBy(SandboxLimits quota) {
        return new SandboxLimits(
                Math.min(maxMemoryBytes, quota.maxMemoryBytes),
                timeout.compareTo(quota.timeout) <= 0 ? timeout : quota.timeout,
                Math.min(fuelPerRow, quota.fuelPerRow),
                Math.min(stackBytes, quota.stackBytes));
    }
}
