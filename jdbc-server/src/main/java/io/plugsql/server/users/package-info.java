/**
 * The server's users file: user name to tenant, with salted PBKDF2 password hashes.
 *
 * <pre>
 * UserStore users = UserStore.open(Path.of("data/users.properties"));
 * users.add("alice", "acme", passwordChars);
 * Optional&lt;User&gt; who = users.authenticate("alice", passwordChars);
 * </pre>
 */
package io.plugsql.server.users;
