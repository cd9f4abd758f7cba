package io.plugsql.server.users;

import io.plugsql.server.ServerErrorCode;
import io.plugsql.server.ServerException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * File-backed store of users: each line maps a user to {@code TENANT:pbkdf2-sha256:ITERATIONS:SALT:HASH}.
 *
 * <p>The file is rewritten atomically with owner-only permissions and re-read when it changes on
 * disk, so {@code plugsql users add} takes effect on a running server. PBKDF2 is deliberately slow;
 * since every HTTP request carries BASIC credentials, a successful check is remembered as an HMAC
 * under a per-process random key (never the password itself) until the user's entry changes.
 */
public final class UserStore {
    private static final String HEADER = "plugsql users: NAME=TENANT:pbkdf2-sha256:ITERATIONS:SALT:HASH."
            + " Manage with 'bin/plugsql users add|list|remove', never by hand.";

    private final Path file;
    private final int iterations;
    private final PasswordChecker checker;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private Map<String, Entry> entries = Map.of();
    /** Matches no password; as costly to check as the users' own hashes. */
    private PasswordHash decoy;
    private Object loadedVersion;

    private UserStore(Path file, int iterations, PasswordChecker checker) {
        this.file = requireNonNull(file, "file is null").toAbsolutePath();
        this.iterations = iterations;
        this.checker = requireNonNull(checker, "checker is null");
        new SecureRandom().nextBytes(cacheKey);
    }

    /** Opens the users file (which need not exist yet) with the default PBKDF2 cost. */
    public static UserStore open(Path file) {
        return open(file, PasswordHash.DEFAULT_ITERATIONS);
    }

    /** Opens the users file; new passwords are hashed with {@code iterations} PBKDF2 rounds. */
    public static UserStore open(Path file, int iterations) {
        return open(file, iterations, new PasswordChecker(1, 16));
    }

    /** Opens the users file with the default PBKDF2 cost; password checks run on {@code checker}. */
    public static UserStore open(Path file, PasswordChecker checker) {
        return open(file, PasswordHash.DEFAULT_ITERATIONS, checker);
    }

    /** Opens the users file; password checks run on {@code checker}. */
    public static UserStore open(Path file, int iterations, PasswordChecker checker) {
        UserStore store = new UserStore(file, iterations, checker);
        store.refresh();
        return store;
    }

    public Path file() {
        return file;
    }

    /** Adds a user; the password is hashed with a fresh salt and never stored. */
    public synchronized void add(String name, String tenant, char[] password) {
        User user = new User(name, tenant);
        if (password.length == 0) {
            throw new ServerException(ServerErrorCode.INVALID_CONFIGURATION, "password of user '" + name + "' is empty");
        }
        refresh();
        if (entries.containsKey(name)) {
            throw new ServerException(ServerErrorCode.USER_EXISTS, "user '" + name + "' already exists in " + file);
        }
        Map<String, Entry> next = new TreeMap<>(entries);
        next.put(name, new Entry(user, PasswordHash.create(password, iterations)));
        write(next);
    }

    /** Removes a user; its open sessions end at their next request. */
    public synchronized void remove(String name) {
        refresh();
        if (!entries.containsKey(name)) {
            throw new ServerException(ServerErrorCode.USER_NOT_FOUND, "no user '" + name + "' in " + file);
        }
        Map<String, Entry> next = new TreeMap<>(entries);
        next.remove(name);
        write(next);
    }

    /** Lists users (never their hashes), sorted by name. */
    public synchronized List<User> list() {
        refresh();
        List<User> users = new ArrayList<>();
        entries.values().forEach(entry -> users.add(entry.user()));
        users.sort(Comparator.comparing(User::name));
        return users;
    }

    /** Looks a user up by name, re-reading the file if it changed. */
    public synchronized Optional<User> find(String name) {
        refresh();
        return Optional.ofNullable(entries.get(name)).map(Entry::user);
    }

    /**
     * Returns the user when the password is right; empty for an unknown user or a wrong password. An
     * unknown user costs the same PBKDF2 work as a wrong password, so the time taken does not tell
     * which names exist.
     *
     * @throws ServerException {@code LOGIN_BUSY} when the password checker's queue is full
     */
    public Optional<User> authenticate(String name, char[] password) {
        Entry entry;
        PasswordHash unknownUser;
        synchronized (this) {
            refresh();
            entry = entries.get(name);
            unknownUser = decoy;
        }
        if (entry == null) {
            checker.matches(unknownUser, password);
            return Optional.empty();
        }
        byte[] token = token(entry, password);
        byte[] known = verified.get(name);
        if (known != null && MessageDigest.isEqual(known, token)) {
            return Optional.of(entry.user());
        }
        if (!checker.matches(entry.hash(), password)) {
            return Optional.empty();
        }
        verified.put(name, token);
        return Optional.of(entry.user());
    }

    private byte[] token(Entry entry, char[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            mac.update(entry.hash().encode().getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            mac.update(utf8);
            return mac.doFinal();
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private void refresh() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        }
        catch (NoSuchFileException e) {
            entries = Map.of();
            decoy = PasswordHash.decoy(iterations);
            loadedVersion = null;
            return;
        }
        catch (IOException e) {
            throw new ServerException(ServerErrorCode.USERS_FILE_ERROR, "cannot read users file " + file + ": " + e.getMessage(), e);
        }
        // Every write replaces the file, so a new inode (file key) also marks a change.
        Object version = List.of(attributes.lastModifiedTime(), attributes.size(), String.valueOf(attributes.fileKey()));
        if (version.equals(loadedVersion)) {
            return;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (IOException e) {
            throw new ServerException(ServerErrorCode.USERS_FILE_ERROR, "cannot read users file " + file + ": " + e.getMessage(), e);
        }
        Map<String, Entry> loaded = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            String value = properties.getProperty(name);
            int colon = value.indexOf(':');
            if (colon < 0) {
                throw new ServerException(ServerErrorCode.USERS_FILE_ERROR,
                        "users file " + file + ": entry of user '" + name + "' has no tenant");
            }
            loaded.put(name, new Entry(new User(name, value.substring(0, colon)), PasswordHash.parse(name, value.substring(colon + 1))));
        }
        entries = Map.copyOf(loaded);
        decoy = PasswordHash.decoy(entries.values().stream().mapToInt(entry -> entry.hash().iterations()).max()
                .orElse(iterations));
        loadedVersion = version;
        verified.keySet().retainAll(entries.keySet());
    }

    private void write(Map<String, Entry> next) {
        Properties properties = new Properties();
        next.forEach((name, entry) -> properties.setProperty(name, entry.user().tenant() + ":" + entry.hash().encode()));
        try {
            Path directory = file.getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".users", ".tmp");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, HEADER);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException e) {
            throw new ServerException(ServerErrorCode.USERS_FILE_ERROR, "cannot write users file " + file + ": " + e.getMessage(), e);
        }
        loadedVersion = null;
        refresh();
    }

    /** One line of the file. */
    private record Entry(User user, PasswordHash hash) {
        Entry {
            requireNonNull(user, "user is null");
            requireNonNull(hash, "hash is null");
        }
    }
}
