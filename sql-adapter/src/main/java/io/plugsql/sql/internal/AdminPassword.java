package io.plugsql.sql.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The tenant database's admin password: random, kept in {@code secrets/tenants-admin.password} of
 * the data directory, readable by the owner only (file 0600 in a directory 0700 on POSIX file systems).
 */
final class AdminPassword {
    static final String DIRECTORY = "secrets";
    static final String FILE = "tenants-admin.password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminPassword() {}

    /** The stored password, created (before any database uses it) if there is none yet. */
    static String loadOrCreate(Path dataDirectory) throws IOException {
        Path directory = dataDirectory.resolve(DIRECTORY);
        Files.createDirectories(directory);
        restrict(directory, "rwx------");
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            Path partial = directory.resolve(FILE + ".partial");
            Files.deleteIfExists(partial);
            createOwnerOnly(partial);
            Files.writeString(partial, random(), StandardCharsets.US_ASCII);
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.delete(partial);
            }
        }
        restrict(file, "rw-------");
        String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (!password.matches("[0-9a-f]{64}")) {
            throw new IOException(file + " does not hold a plugsql admin password (64 hex digits)");
        }
        return password;
    }

    /** 256 random bits in hex: safe inside an SQL string literal. */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (isPosix(file.getParent())) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        if (isPosix(path)) {
            Set<PosixFilePermission> wanted = PosixFilePermissions.fromString(permissions);
            if (!Files.getPosixFilePermissions(path).equals(wanted)) {
                Files.setPosixFilePermissions(path, wanted);
            }
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
