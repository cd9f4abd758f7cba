package io.plugsql.server;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How the server slows down password guessing.
 *
 * @param maxFailuresPerUser failed logins of one user name before its logins are refused for a while
 * @param maxFailuresPerAddress failed logins from one client address before its logins are refused for a while
 * @param backoff the first refusal period; it doubles with each further failure
 * @param maxBackoff the longest refusal period
 * @param hashThreads threads that run PBKDF2 for password checks (the rest of the cores stay for queries)
 * @param hashQueue password checks that may wait for a hashing thread; more are refused at once
 */
public record LoginLimits(int maxFailuresPerUser, int maxFailuresPerAddress, Duration backoff, Duration maxBackoff,
        int hashThreads, int hashQueue) {
    public static final LoginLimits DEFAULT = new LoginLimits(5, 20, Duration.ofSeconds(1), Duration.ofMinutes(5), 1, 16);

    public LoginLimits {
        requireNonNull(backoff, "backoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        if (maxFailuresPerUser < 1 || maxFailuresPerAddress < 1) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "login failure limits must be at least 1");
        }
        if (backoff.isNegative() || backoff.isZero() || maxBackoff.compareTo(backoff) < 0) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION,
                    "login backoff must be positive and at most the longest backoff");
        }
        if (hashThreads < 1 || hashQueue < 0) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION,
                    "password hashing needs at least 1 thread and a queue of at least 0");
        }
    }

    public LoginLimits withFailures(int perUser, int perAddress) {
        return new LoginLimits(perUser, perAddress, backoff, maxBackoff, hashThreads, hashQueue);
    }

    public LoginLimits withBackoff(Duration first) {
        return new LoginLimits(maxFailuresPerUser, maxFailuresPerAddress, first, maxBackoff.compareTo(first) < 0 ? first
                : maxBackoff, hashThreads, hashQueue);
    }

    public LoginLimits withHashThreads(int threads) {
        return new LoginLimits(maxFailuresPerUser, maxFailuresPerAddress, backoff, maxBackoff, threads, hashQueue);
    }
}
