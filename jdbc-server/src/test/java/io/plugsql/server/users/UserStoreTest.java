package io.plugsql.server.users;

import io.plugsql.server.ServerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The users file: hashes only, owner-only, checks passwords, and sees changes made by another store. */
class UserStoreTest {
    @TempDir
    Path directory;

    @Test
    void storesSaltedHashesOwnerOnlyAndChecksPasswords() throws IOException {
        Path file = directory.resolve("users.properties");
        UserStore store = UserStore.open(file, 1_000);
        store.add("alice", "acme", "first-secret".toCharArray());
        store.add("bob", "acme", "first-secret".toCharArray());
        String content = Files.readString(file);
        assertFalse(content.contains("first-secret"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String[] lines = content.lines().filter(line -> !line.startsWith("#")).toArray(String[]::new);
        assertEquals(2, lines.length);
        assertFalse(lines[0].substring(lines[0].indexOf('=')).equals(lines[1].substring(lines[1].indexOf('='))),
                "the same password gets a different salt and hash");

        assertEquals(Optional.of(new User("alice", "acme")), store.authenticate("alice", "first-secret".toCharArray()));
        assertEquals(Optional.of(new User("alice", "acme")), store.authenticate("alice", "first-secret".toCharArray()),
                "a remembered check still answers");
        assertTrue(store.authenticate("alice", "wrong".toCharArray()).isEmpty());
        assertTrue(store.authenticate("nobody", "first-secret".toCharArray()).isEmpty());
        assertEquals(List.of(new User("alice", "acme"), new User("bob", "acme")), store.list());
    }

    @Test
    void aChangedEntryInvalidatesTheRememberedCheck() {
        Path file = directory.resolve("users.properties");
        UserStore server = UserStore.open(file, 1_000);
        UserStore admin = UserStore.open(file, 1_000);
        admin.add("alice", "acme", "old-password".toCharArray());
        assertTrue(server.authenticate("alice", "old-password".toCharArray()).isPresent());

        admin.remove("alice");
        assertTrue(server.authenticate("alice", "old-password".toCharArray()).isEmpty(), "a removed user is refused");
        admin.add("alice", "globex", "new-password".toCharArray());
        assertTrue(server.authenticate("alice", "old-password".toCharArray()).isEmpty());
        assertEquals(Optional.of(new User("alice", "globex")), server.authenticate("alice", "new-password".toCharArray()));
    }

    @Test
    void refusesDuplicatesEmptyPasswordsAndBrokenEntries() throws IOException {
        Path file = directory.resolve("users.properties");
        UserStore store = UserStore.open(file, 1_000);
        store.add("alice", "acme", "pw".toCharArray());
        assertThrows(ServerException.class, () -> store.add("alice", "acme", "pw".toCharArray()));
        assertThrows(ServerException.class, () -> store.add("carol", "acme", new char[0]));
        assertThrows(ServerException.class, () -> store.remove("nobody"));

        Files.writeString(directory.resolve("broken.properties"), "mallory=acme:plain-text-password\n");
        ServerException broken = assertThrows(ServerException.class, () -> UserStore.open(directory.resolve("broken.properties")));
        assertTrue(broken.getMessage().contains("entry of user 'mallory'"), broken.getMessage());
    }
}
