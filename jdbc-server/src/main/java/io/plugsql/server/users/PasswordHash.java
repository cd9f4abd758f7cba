package io.plugsql.server.users;

import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash, stored as {@code pbkdf2-sha256:ITERATIONS:SALT:HASH}
 * (salt and hash in base64).
 */
record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    static final int DEFAULT_ITERATIONS = 600_000;
    private static final String ALGORITHM = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    PasswordHash {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        salt = requireNonNull(salt, "salt is null").clone();
        hash = requireNonNull(hash, "hash is null").clone();
    }

    /** Hashes a password with a fresh random salt. */
    static PasswordHash create(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /** A hash with a random salt and random bytes: no password matches it, checking one costs as much as a real hash. */
    static PasswordHash decoy(int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[HASH_BITS / 8];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(hash);
        return new PasswordHash(iterations, salt, hash);
    }

    /** Parses the stored form; the message names the user whose entry is broken. */
    static PasswordHash parse(String user, String encoded) {
        String[] parts = encoded.split(":");
        if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
            throw new ServerException(ServerErrorCode.USERS_FILE_ERROR,
                    "users file: entry of user '" + user + "' is not " + ALGORITHM + ":ITERATIONS:SALT:HASH");
        }
        try {
            Base64.Decoder decoder = Base64.getDecoder();
            return new PasswordHash(Integer.parseInt(parts[1]), decoder.decode(parts[2]), decoder.decode(parts[3]));
        }
        catch (IllegalArgumentException e) {
            throw new ServerException(ServerErrorCode.USERS_FILE_ERROR,
                    "users file: entry of user '" + user + "' is malformed: " + e.getMessage(), e);
        }
    }

    String encode() {
        Base64.Encoder encoder = Base64.getEncoder();
        return ALGORITHM + ":" + iterations + ":" + encoder.encodeToString(salt) + ":" + encoder.encodeToString(hash);
    }

    /** Checks a password in time independent of where it differs. */
    boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
        finally {
            spec.clearPassword();
        }
    }
}
