package io.plugsql.server.reliability;

import io.plugsql.server.users.UserStore;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A plugsql server ({@code Main serve}) in a child JVM on 127.0.0.1 with a free port, over a data directory
 * that outlives it, so that tests can kill it with SIGKILL or SIGTERM and start it again on the same files.
 * Users: alice (tenant acme), gina (tenant globex).
 */
final class ChildServer implements AutoCloseable {
    static final String PASSWORD = "child server password";
    private static final Pattern LISTENING = Pattern.compile("plugsql server listening on [^:]+:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final String url;

    private ChildServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.url = "jdbc:avatica:remote:url=http://127.0.0.1:" + port + ";serialization=protobuf;authentication=BASIC";
    }

    /** Starts {@code serve --port 0 --data DATA --no-demo FLAGS...} and waits until it listens; adds the users once. */
    static ChildServer start(Path data, String... flags) throws IOException, InterruptedException {
        requireNonNull(data, "data is null");
        Files.createDirectories(data);
        UserStore users = UserStore.open(data.resolve("users.properties"), 1_000);
        if (users.list().isEmpty()) {
            users.add("alice", "acme", PASSWORD.toCharArray());
            users.add("gina", "globex", PASSWORD.toCharArray());
        }
        List<String> arguments = new ArrayList<>(List.of("serve", "--port", "0", "--data", data.toString(), "--no-demo"));
        arguments.addAll(List.of(flags));
        Path log = Files.createTempFile(data.getParent(), "server-", ".log");
        Process process = new ProcessBuilder(javaCommand(arguments))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            return new ChildServer(process, log, awaitPort(process, log));
        }
        catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static int awaitPort(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the server did not listen within " + START_TIMEOUT + ":\n" + Files.readString(log));
    }

    /** This JVM's java with its options (the Arrow --add-opens among them) and classpath, running the server's Main. */
    private static List<String> javaCommand(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-javaagent") && !option.startsWith("-agentlib") && !option.startsWith("-Xmx")) {
                command.add(option);
            }
        }
        command.addAll(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.plugsql.server.Main"));
        command.addAll(arguments);
        return command;
    }

    Connection connect(String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("avatica_user", user);
        properties.setProperty("avatica_password", PASSWORD);
        return DriverManager.getConnection(url, properties);
    }

    /** SIGKILL: the process dies between any two instructions, no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server survived SIGKILL");
        }
    }

    /** SIGTERM, then waits up to {@code limit}; whether it exited within it. */
    boolean terminate(Duration limit) throws InterruptedException {
        process.destroy();
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** What the server printed so far. */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
