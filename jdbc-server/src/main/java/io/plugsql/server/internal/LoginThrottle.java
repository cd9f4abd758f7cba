package io.plugsql.server.internal;

import io.plugsql.server.LoginLimits;
import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Counts failed logins per user name and per client address; past the limit, that name or address is
 * refused without a password check until a backoff that doubles with each further failure ends.
 * A success clears the user's count; counts are forgotten after an hour without failures.
 */
final class LoginThrottle {
    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final int MAX_TRACKED = 100_000;

    private final LoginLimits limits;
    private final Ticker ticker;
    private final Cache<String, Failures> byUser;
    private final Cache<String, Failures> byAddress;

    LoginThrottle(LoginLimits limits) {
        this(limits, Ticker.systemTicker());
    }

    LoginThrottle(LoginLimits limits, Ticker ticker) {
        this.limits = requireNonNull(limits, "limits is null");
        this.ticker = requireNonNull(ticker, "ticker is null");
        byUser = CacheBuilder.newBuilder().ticker(ticker).maximumSize(MAX_TRACKED)
                .expireAfterWrite(FORGET_AFTER.toNanos(), TimeUnit.NANOSECONDS).build();
        byAddress = CacheBuilder.newBuilder().ticker(ticker).maximumSize(MAX_TRACKED)
                .expireAfterWrite(FORGET_AFTER.toNanos(), TimeUnit.NANOSECONDS).build();
    }

    /** Refuses the attempt while the user name or the address is in its backoff. */
    void check(String user, String address) {
        long now = ticker.read();
        long userWait = wait(byUser.getIfPresent(user), limits.maxFailuresPerUser(), now);
        long addressWait = wait(byAddress.getIfPresent(address), limits.maxFailuresPerAddress(), now);
        if (userWait > 0 || addressWait > 0) {
            String who = userWait >= addressWait ? "user '" + user + "'" : "client address " + address;
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(Math.max(userWait, addressWait) + 999_999_999L));
            throw new ServerException(ServerErrorCode.LOGINS_THROTTLED,
                    "too many failed logins for " + who + "; logins refused for " + seconds + " s");
        }
    }

    void failed(String user, String address) {
        long now = ticker.read();
        byUser.asMap().merge(user, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
        byAddress.asMap().merge(address, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
    }

    void succeeded(String user) {
        byUser.invalidate(user);
    }

    /** Nanoseconds left in the backoff of a key with these failures; 0 when attempts are allowed. */
    private long wait(Failures failures, int allowed, long now) {
        if (failures == null || failures.count() < allowed) {
            return 0;
        }
        int doublings = Math.min(failures.count() - allowed, 30);
        long backoff = Math.min(limits.maxBackoff().toNanos(), limits.backoff().toNanos() << doublings);
        if (backoff < 0) {
            backoff = limits.maxBackoff().toNanos();
        }
        return Math.max(0, failures.lastNanos() + backoff - now);
    }

    /** Failed logins of one key and when the last one was. */
    private record Failures(int count, long lastNanos) {}
}
