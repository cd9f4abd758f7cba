package io.plugsql.server;

import io.plugsql.engine.SandboxLimits;
import io.plugsql.samples.RegistrationRequest;
import io.plugsql.server.client.PlugSqlRemoteDriver;
import io.plugsql.server.internal.PlainTextBindWarning;
import io.plugsql.server.users.User;
import io.plugsql.server.users.UserStore;
import io.plugsql.sql.Quotas;
import io.plugsql.sql.StatementLimits;
import io.plugsql.sql.parser.WasmFunctionOptions;

import org.apache.calcite.avatica.remote.Driver.Serialization;
import sqlline.SqlLine;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Command line of plugsql: {@code serve}, {@code users add|list|remove}, {@code health}, {@code sql},
 * {@code register}.
 *
 * <pre>
 * bin/plugsql serve --port 8765 --data ./data
 * echo "$PASSWORD" | bin/plugsql users add alice --tenant acme
 * bin/plugsql health --port 8765
 * bin/plugsql sql --user alice
 * bin/plugsql register mul_add.wasm --name mul_add --signature '(a BIGINT, b BIGINT) RETURNS BIGINT' --user alice
 * </pre>
 */
public final class Main {
    /** Environment variable holding the keystore password for {@code --keystore}. */
    public static final String KEYSTORE_PASSWORD_ENV = "PLUGSQL_KEYSTORE_PASSWORD";
    /** Environment variable {@code plugsql sql} and {@code register} read the password from, instead of prompting. */
    public static final String PASSWORD_ENV = "PLUGSQL_PASSWORD";

    private static final String USAGE = String.join("\n",
            "usage:",
            "  plugsql serve [--bind ADDR] [--port N] [--data DIR] [--users FILE] [--serialization protobuf|json]",
            "                [--keystore PATH] [--max-connections-per-tenant N] [--max-statements-per-tenant N]",
            "                [--statement-timeout SECONDS] [--shutdown-grace SECONDS] [--no-demo]",
            "                [--quota-memory SIZE] [--quota-timeout DURATION] [--quota-fuel N] [--max-module-size SIZE]",
            "                [--quotas FILE] [--compile-cache-entries N] [--loaded-versions N] [--max-request-size SIZE]",
            "                [--max-result-bytes SIZE] [--max-statement-chars N] [--max-nesting-depth N] [--max-function-calls N]",
            "                [--login-failures-per-user N] [--login-failures-per-address N] [--login-backoff DURATION]",
            "                [--password-hash-threads N] [--max-connections-per-address N] [--idle-timeout SECONDS]",
            "                [--min-request-rate BYTES_PER_SECOND] [--http-threads N] [--health-port N]",
            "                (SIZE like 64MB, DURATION like 30s; FILE: acme.memory=32MB, acme.timeout=5s, acme.fuel=N",
            "                per tenant; defaults 256MB, 60s, unlimited fuel, 8MB modules, 256 cached compiled modules,",
            "                64 loaded function versions kept once unused, requests up to the module size as base64 + 4MB,",
            "                64MB of results per function and batch, statements of at most 20971520 characters,",
            "                200 nesting levels and 1000 WASM function calls)",
            "  plugsql users add NAME --tenant TENANT [--data DIR] [--users FILE]   (password read from stdin)",
            "  plugsql users list [--data DIR] [--users FILE]",
            "  plugsql users remove NAME [--data DIR] [--users FILE]",
            "  plugsql health [--host ADDR] [--port N] [--tls]",
            "  plugsql sql --user NAME [--host ADDR] [--port N] [--tls] [-- SQLLINE-ARGS...]",
            "              (sqlline; password from $" + PASSWORD_ENV + " or a prompt)",
            "  plugsql register FILE.wasm --name [SCHEMA.]NAME --signature '(a BIGINT, ...) RETURNS TYPE' --user NAME",
            "                  [--handler EXPORT] [--option KEY=VALUE ...] [--no-replace] [--url http://ADDR:PORT]",
            "              (CREATE OR REPLACE FUNCTION on a running server; handler defaults to NAME;",
            "               password from $" + PASSWORD_ENV + " or a prompt)",
            "Defaults: --bind 127.0.0.1, --port 8765 (0 = any free port), --data ./data,",
            "          --users DATA/users.properties, --url http://127.0.0.1:8765.",
            "TLS: --keystore PATH with the password in $" + KEYSTORE_PASSWORD_ENV + ".");

    private Main() {}

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err);
        if (status != 0 || !(args.length > 0 && args[0].equals("serve"))) {
            System.out.flush();
            System.exit(status);
        }
    }

    /** Runs one command; returns the process exit status. {@code serve} returns only after shutdown. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0 || Set.of("help", "-h", "--help").contains(args[0])) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            Options options = Options.parse(args);
            switch (options.command()) {
                case "serve":
                    return serve(options, out);
                case "users":
                    return users(options, in, out);
                case "health":
                    return health(options, out, err);
                case "sql":
                    return sql(options, in);
                case "register":
                    return register(options, in, out);
                default:
                    throw usage("unknown command '" + options.command() + "'");
            }
        }
        catch (PlugSqlCliException e) {
            err.println("plugsql: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        catch (ServerException | RegisterCommand.RegisterException e) {
            err.println("plugsql: " + e.getMessage());
            return 1;
        }
    }

    /** The configuration {@code args} (a {@code serve} command line) describe, without starting anything. */
    static ServerConfig serveConfig(String[] args) {
        return serveConfig(Options.parse(args));
    }

    private static ServerConfig serveConfig(Options options) {
        options.allow("bind", "port", "data", "users", "serialization", "keystore", "max-connections-per-tenant",
                "max-statements-per-tenant", "statement-timeout", "shutdown-grace", "no-demo", "quota-memory",
                "quota-timeout", "quota-fuel", "max-module-size", "quotas", "compile-cache-entries",
                "loaded-versions", "max-request-size", "login-failures-per-user", "login-failures-per-address",
                "login-backoff", "password-hash-threads", "max-connections-per-address", "idle-timeout",
                "min-request-rate", "http-threads", "health-port", "max-result-bytes",
                "max-statement-chars", "max-nesting-depth", "max-function-calls");
        options.expectPositionals(0);
        TenantLimits defaults = TenantLimits.DEFAULT;
        TenantLimits limits = new TenantLimits(
                options.intValue("max-connections-per-tenant", defaults.maxConnections()),
                options.intValue("max-statements-per-tenant", defaults.maxConcurrentStatements()),
                Duration.ofSeconds(options.intValue("statement-timeout", (int) defaults.statementTimeout().toSeconds())));
        ServerConfig.Builder builder = ServerConfig.builder(dataDirectory(options))
                .bindAddress(options.value("bind", "127.0.0.1"))
                .port(options.intValue("port", 8765))
                .serialization(serialization(options.value("serialization", "protobuf")))
                .limits(limits)
                .quotas(quotas(options))
                .shutdownGrace(Duration.ofSeconds(options.intValue("shutdown-grace", 10)))
                .demoTenants(!options.flag("no-demo"))
                .http(httpLimits(options))
                .logins(loginLimits(options));
        if (options.has("users")) {
            builder.usersFile(Path.of(options.value("users", null)));
        }
        if (options.has("keystore")) {
            builder.tls(Path.of(options.value("keystore", null)), System.getenv(KEYSTORE_PASSWORD_ENV));
        }
        return builder.build();
    }

    /**
     * The function quotas of {@code serve}: flags for the default quota, module size, compile cache size and
     * loaded versions, a file per tenant.
     */
    private static Quotas quotas(Options options) {
        SandboxLimits quota;
        long maxModuleBytes = Quotas.DEFAULT.maxModuleBytes();
        try {
            quota = QuotaSettings.quota(Quotas.DEFAULT.defaultQuota(), options.value("quota-memory", null),
                    options.value("quota-timeout", null), options.value("quota-fuel", null));
        }
        catch (IllegalArgumentException e) {
            throw usage("--quota-" + e.getMessage());
        }
        if (options.has("max-module-size")) {
            maxModuleBytes = size(options, "max-module-size");
        }
        long maxResultBytes = options.has("max-result-bytes")
                ? size(options, "max-result-bytes") : Quotas.DEFAULT.maxResultBytes();
        int cacheEntries = options.intValue("compile-cache-entries", Quotas.DEFAULT.compileCacheMaxEntries());
        if (cacheEntries < 1) {
            throw usage("--compile-cache-entries must be at least 1, not " + cacheEntries);
        }
        int loadedVersions = options.intValue("loaded-versions", Quotas.DEFAULT.maxLoadedVersions());
        if (loadedVersions < 1) {
            throw usage("--loaded-versions must be at least 1, not " + loadedVersions);
        }
        Quotas quotas = new Quotas(quota, Map.of(), maxModuleBytes, cacheEntries, loadedVersions, maxResultBytes,
                statementLimits(options));
        return options.has("quotas") ? QuotaSettings.withTenantFile(quotas, Path.of(options.value("quotas", null))) : quotas;
    }

    /** The statement limits of {@code serve}: size, nesting depth and WASM function calls per statement. */
    private static StatementLimits statementLimits(Options options) {
        StatementLimits defaults = StatementLimits.DEFAULT;
        try {
            return new StatementLimits(options.intValue("max-statement-chars", defaults.maxStatementChars()),
                    options.intValue("max-nesting-depth", defaults.maxNestingDepth()),
                    options.intValue("max-function-calls", defaults.maxFunctionCalls()));
        }
        catch (IllegalArgumentException e) {
            throw usage("--max-statement-chars, --max-nesting-depth, --max-function-calls: " + e.getMessage());
        }
    }

    /** The HTTP client caps of {@code serve}. */
    private static HttpLimits httpLimits(Options options) {
        HttpLimits defaults = HttpLimits.DEFAULT;
        HttpLimits limits = defaults
                .withMaxConnectionsPerAddress(options.intValue("max-connections-per-address",
                        defaults.maxConnectionsPerAddress()))
                .withIdleTimeout(Duration.ofSeconds(options.intValue("idle-timeout", (int) defaults.idleTimeout().toSeconds())))
                .withMinRequestBytesPerSecond(options.intValue("min-request-rate", (int) defaults.minRequestBytesPerSecond()))
                .withMaxThreads(options.intValue("http-threads", defaults.maxThreads()))
                .withHealthPort(options.intValue("health-port", defaults.healthPort()));
        if (options.has("max-request-size")) {
            limits = limits.withMaxRequestBytes(size(options, "max-request-size"));
        }
        return limits;
    }

    /** Failed-login backoff and password hashing threads of {@code serve}. */
    private static LoginLimits loginLimits(Options options) {
        LoginLimits defaults = LoginLimits.DEFAULT;
        LoginLimits limits = defaults.withFailures(options.intValue("login-failures-per-user", defaults.maxFailuresPerUser()),
                options.intValue("login-failures-per-address", defaults.maxFailuresPerAddress()))
                .withHashThreads(options.intValue("password-hash-threads", defaults.hashThreads()));
        if (options.has("login-backoff")) {
            String value = options.value("login-backoff", null);
            try {
                limits = limits.withBackoff(WasmFunctionOptions.parseDuration(value));
            }
            catch (IllegalArgumentException e) {
                throw usage("--login-backoff must be " + e.getMessage() + ", not '" + value + "'");
            }
        }
        return limits;
    }

    /** A size flag's value in bytes ({@code 64MB}); a usage error naming the flag when it is not one. */
    private static long size(Options options, String flag) {
        String value = options.value(flag, null);
        try {
            return WasmFunctionOptions.parseSize(value);
        }
        catch (IllegalArgumentException e) {
            throw usage("--" + flag + " must be " + e.getMessage() + ", not '" + value + "'");
        }
    }

    private static int serve(Options options, PrintStream out) {
        ServerConfig config = serveConfig(options);
        PlugSqlServer server = PlugSqlServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "plugsql-shutdown"));
        out.println("plugsql server listening on " + options.value("bind", "127.0.0.1") + ":" + server.port());
        PlainTextBindWarning.forBind(options.value("bind", "127.0.0.1"), options.has("keystore")).ifPresent(out::println);
        out.println("JDBC URL: " + server.jdbcUrl() + ";avatica_user=USER;avatica_password=PASSWORD");
        out.println("Compile cache: at most " + config.quotas().compileCacheMaxEntries()
                + " compiled modules, least recently used dropped first (--compile-cache-entries)");
        server.healthPort().ifPresent(port -> out.println("Health: GET /health also on port " + port
                + " with threads of its own (--health-port)"));
        out.println("Requests: at most " + config.http().effectiveMaxRequestBytes(config.quotas().maxModuleBytes())
                + " bytes each (--max-request-size)");
        out.println("Loaded functions: at most " + config.quotas().maxLoadedVersions()
                + " versions kept once unused, least recently used released first (--loaded-versions)");
        server.demoCredentials().ifPresent(file -> out.println(
                "Demo tenants acme and globex created; their users' passwords are in " + file + " (readable by you only)"));
        out.flush();
        try {
            server.join();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        return 0;
    }

    private static int users(Options options, InputStream in, PrintStream out) {
        options.allow("data", "users", "tenant");
        if (options.positionals().isEmpty()) {
            throw usage("users needs a subcommand: add, list or remove");
        }
        Path file = options.has("users") ? Path.of(options.value("users", null))
                : dataDirectory(options).resolve("users.properties");
        UserStore store = UserStore.open(file);
        String action = options.positionals().get(0);
        switch (action) {
            case "add": {
                options.expectPositionals(2);
                String name = options.positionals().get(1);
                String tenant = options.value("tenant", null);
                if (tenant == null) {
                    throw usage("users add needs --tenant");
                }
                User.checkUserName(name);
                User.checkTenantName(tenant);
                store.add(name, tenant, readPassword(name, in));
                out.println("added user " + name + " (tenant " + tenant + ") to " + store.file());
                return 0;
            }
            case "list":
                options.expectPositionals(1);
                for (User user : store.list()) {
                    out.println(user.name() + "\t" + user.tenant());
                }
                return 0;
            case "remove":
                options.expectPositionals(2);
                store.remove(options.positionals().get(1));
                out.println("removed user " + options.positionals().get(1) + " from " + store.file());
                return 0;
            default:
                throw usage("unknown users subcommand '" + action + "'");
        }
    }

    private static int health(Options options, PrintStream out, PrintStream err) {
        options.allow("host", "port", "tls");
        options.expectPositionals(0);
        String address = (options.flag("tls") ? "https" : "http") + "://" + options.value("host", "127.0.0.1")
                + ":" + options.intValue("port", 8765) + "/health";
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL(address).openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(5000);
            int status = connection.getResponseCode();
            connection.disconnect();
            if (status == HttpURLConnection.HTTP_OK) {
                out.println("ok: " + address);
                return 0;
            }
            err.println("unhealthy: " + address + " answered HTTP " + status);
            return 1;
        }
        catch (IOException e) {
            err.println("unreachable: " + address + ": " + e.getMessage());
            return 1;
        }
    }

    private static int sql(Options options, InputStream in) {
        options.allow("host", "port", "tls", "user");
        options.expectPositionals(0);
        String user = options.value("user", null);
        if (user == null) {
            throw usage("sql needs --user");
        }
        String password = System.getenv(PASSWORD_ENV);
        if (password == null) {
            password = new String(readPassword(user, in));
        }
        String url = PlugSqlRemoteDriver.PREFIX + "url=" + (options.flag("tls") ? "https" : "http") + "://"
                + options.value("host", "127.0.0.1") + ":" + options.intValue("port", 8765)
                + ";serialization=protobuf;authentication=BASIC";
        List<String> arguments = new ArrayList<>(List.of("-d", PlugSqlRemoteDriver.class.getName(), "-u", url,
                "-n", user, "-p", password));
        if (System.console() == null) {
            // Without a terminal sqlline sees width 0 and would print empty columns.
            arguments.add("--maxWidth=200");
        }
        arguments.addAll(options.passthrough());
        try {
            SqlLine.Status status = SqlLine.start(arguments.toArray(new String[0]), null, true);
            return status == SqlLine.Status.OK ? 0 : 1;
        }
        catch (IOException e) {
            throw usage("sqlline failed: " + e.getMessage());
        }
    }

    private static int register(Options options, InputStream in, PrintStream out) {
        options.allow("name", "signature", "handler", "option", "no-replace", "user", "url");
        options.expectPositionals(1);
        String name = options.value("name", null);
        String signature = options.value("signature", null);
        String user = options.value("user", null);
        if (name == null || signature == null || user == null) {
            throw usage("register needs --name, --signature and --user");
        }
        Map<String, String> with = new HashMap<>();
        for (String option : options.values("option")) {
            int equals = option.indexOf('=');
            if (equals <= 0) {
                throw usage("--option must be KEY=VALUE, not '" + option + "'");
            }
            if (with.put(option.substring(0, equals), option.substring(equals + 1)) != null) {
                throw usage("--option " + option.substring(0, equals) + " is given twice");
            }
        }
        RegistrationRequest request;
        try {
            String handler = options.value("handler", name.substring(name.lastIndexOf('.') + 1));
            request = new RegistrationRequest(name, signature, handler, with, Path.of(options.positionals().get(0)),
                    !options.flag("no-replace"));
        }
        catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        RegisterCommand command = new RegisterCommand(request, options.value("url", "http://127.0.0.1:8765"), user);
        command.checkModuleFile();
        String password = System.getenv(PASSWORD_ENV);
        command.run(password != null ? password.toCharArray() : readPassword(user, in), out);
        return 0;
    }

    private static char[] readPassword(String user, InputStream in) {
        Console console = System.console();
        char[] password;
        if (console != null && in == System.in) {
            password = console.readPassword("Password for %s: ", user);
        }
        else {
            try {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? new char[0] : line.toCharArray();
            }
            catch (IOException e) {
                throw usage("cannot read the password from stdin: " + e.getMessage());
            }
        }
        if (password == null || password.length == 0) {
            throw usage("no password given on stdin for user '" + user + "'");
        }
        return password;
    }

    private static Path dataDirectory(Options options) {
        return Path.of(options.value("data", "data"));
    }

    private static Serialization serialization(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "protobuf":
                return Serialization.PROTOBUF;
            case "json":
                return Serialization.JSON;
            default:
                throw usage("--serialization must be protobuf or json, not '" + value + "'");
        }
    }

    private static PlugSqlCliException usage(String message) {
        return new PlugSqlCliException(message);
    }

    /** A command line that cannot be understood; printed with the usage text. */
    private static final class PlugSqlCliException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PlugSqlCliException(String message) {
            super(message);
        }
    }

    /** A parsed command line: command, positional arguments, and {@code --name [value]} options. */
    private static final class Options {
        private static final Set<String> FLAGS = Set.of("no-demo", "tls", "no-replace");

        private final String command;
        private final List<String> positionals = new ArrayList<>();
        private final List<String> passthrough = new ArrayList<>();
        private final Map<String, String> values = new HashMap<>();
        private final Map<String, List<String>> repeated = new HashMap<>();

        private Options(String command) {
            this.command = command;
        }

        static Options parse(String[] args) {
            Options options = new Options(args[0]);
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--")) {
                    options.passthrough.addAll(List.of(args).subList(i + 1, args.length));
                    break;
                }
                if (!arg.startsWith("--")) {
                    options.positionals.add(arg);
                    continue;
                }
                String name = arg.substring(2);
                String value = "true";
                int equals = name.indexOf('=');
                if (equals >= 0) {
                    value = name.substring(equals + 1);
                    name = name.substring(0, equals);
                }
                else if (!FLAGS.contains(name)) {
                    if (i + 1 >= args.length) {
                        throw usage("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                options.values.put(name, value);
                options.repeated.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
            return options;
        }

        String command() {
            return command;
        }

        List<String> positionals() {
            return positionals;
        }

        /** Arguments after {@code --}, handed on unparsed. */
        List<String> passthrough() {
            return passthrough;
        }

        void allow(String... names) {
            Set<String> allowed = Set.of(names);
            for (String name : values.keySet()) {
                if (!allowed.contains(name)) {
                    throw usage("unknown option --" + name + " for '" + command + "'");
                }
            }
        }

        void expectPositionals(int count) {
            if (positionals.size() != count) {
                throw usage("unexpected arguments for '" + command + "': " + positionals);
            }
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(values.getOrDefault(name, "false"));
        }

        String value(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        /** Every value of an option that may be given more than once, in command-line order. */
        List<String> values(String name) {
            return repeated.getOrDefault(name, List.of());
        }

        int intValue(String name, int fallback) {
            String value = values.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            }
            catch (NumberFormatException e) {
                throw usage("--" + name + " must be a whole number, not '" + value + "'");
            }
        }
    }
}
