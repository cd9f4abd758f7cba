package io.plugsql.bench.server;

import static java.util.Objects.requireNonNull;

import io.plugsql.bench.e2e.PlugSqlContender;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A plugsql server ({@code io.plugsql.server.Main serve}) started as a child JVM on a free 127.0.0.1
 * port over a prepared data directory, with one user for tenant {@link PlugSqlContender#TENANT};
 * stopped with SIGTERM on close. Records the time from process start to the first answered query.
 */
public final class ServerProcess implements AutoCloseable {
    private static final String MAIN = "io.plugsql.server.Main";
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-password-not-secret";
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(180);

    private final Process process;
    private final String url;
    private final long startToFirstAnswerNanos;

    private ServerProcess(Process process, String url, long startToFirstAnswerNanos) {
        this.process = process;
        this.url = url;
        this.startToFirstAnswerNanos = startToFirstAnswerNanos;
    }

    /** Whether the server's classes are on this JVM's classpath (they are once jdbc-server is built). */
    public static boolean available() {
        try {
            Class.forName(MAIN, false, ServerProcess.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Adds the user, starts the server on {@code data} (whose functions and tables already exist) and waits
     * until {@code probeSql}, a query returning one BIGINT, answers {@code probeAnswer}.
     *
     * @param maxClients concurrent clients the benchmark will open; the tenant limits are raised above it
     */
    public static ServerProcess start(Path data, int maxClients, String probeSql, long probeAnswer) throws Exception {
        requireNonNull(data, "data is null");
        runToCompletion(List.of("users", "add", USER, "--tenant", PlugSqlContender.TENANT, "--data", data.toString()),
                data.resolve("users-add.log"));
        int port = freePort();
        List<String> command = javaCommand(List.of("serve", "--port", Integer.toString(port), "--data", data.toString(),
                "--no-demo", "--max-connections-per-tenant", Integer.toString(2 * maxClients + 8),
                "--max-statements-per-tenant", Integer.toString(maxClients + 8)));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile())
                .start();
        String url = "jdbc:avatica:remote:url=http://127.0.0.1:" + port + ";serialization=protobuf;authentication=BASIC";
        try {
            awaitListening(process, port, start, data);
            while (true) {
                try (Connection connection = DriverManager.getConnection(url, credentials());
                        Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery(probeSql)) {
                    if (!rows.next() || rows.getLong(1) != probeAnswer) {
                        throw new IllegalStateException(probeSql + " did not answer " + probeAnswer);
                    }
                    return new ServerProcess(process, url, System.nanoTime() - start);
                } catch (SQLException | RuntimeException e) {
                    if (e instanceof IllegalStateException || !process.isAlive()
                            || System.nanoTime() - start > START_TIMEOUT_NANOS) {
                        throw new IllegalStateException("server did not answer (see " + data.resolve("server.log")
                                + "): " + e.getMessage(), e);
                    }
                    Thread.sleep(10);
                }
            }
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Waits for the port to accept TCP connections (JDBC attempts before that only log warnings). */
    private static void awaitListening(Process process, int port, long start, Path data) throws Exception {
        while (true) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() - start > START_TIMEOUT_NANOS) {
                    throw new IllegalStateException("server did not listen on port " + port + " (see "
                            + data.resolve("server.log") + ")", e);
                }
                Thread.sleep(5);
            }
        }
    }

    /** Nanoseconds from starting the server process to the first answered query. */
    public long startToFirstAnswerNanos() {
        return startToFirstAnswerNanos;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, credentials());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("avatica_user", USER);
        properties.setProperty("avatica_password", PASSWORD);
        return properties;
    }

    /** {@code users add} reads the password from stdin. */
    private static void runToCompletion(List<String> arguments, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(javaCommand(arguments))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("plugsql " + arguments + " did not finish; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("plugsql " + arguments + " exited with " + process.exitValue() + "; see " + log);
        }
    }

    /** This JVM's java, its JVM options (the Arrow --add-opens among them) and classpath, running the server's Main. */
    private static List<String> javaCommand(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-javaagent") && !option.startsWith("-agentlib")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN);
        command.addAll(arguments);
        return command;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
