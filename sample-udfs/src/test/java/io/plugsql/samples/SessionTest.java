package io.plugsql.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session shown in README.md under "A session": register {@code discount}, query, replace it with
 * a new module, and query again on the same and on another open connection, without a restart. The
 * test runs the session and requires the README to show exactly its transcript.
 */
class SessionTest {
    /** Version 2 of acme's discount: 8% from 100.00, no cap, half up. */
    static final String DISCOUNT_V2 = """
            (module
              (func (export "discount") (param $total i64) (result i64)
                (if (result i64) (i64.lt_s (local.get $total) (i64.const 10000))
                  (then (i64.const 0))
                  (else (i64.div_s (i64.add (i64.mul (local.get $total) (i64.const 8)) (i64.const 50))
                                   (i64.const 100))))))""";

    private static final Path README = Path.of("README.md");
    private static final String HEADING = "## A session";

    @TempDir
    Path data;

    @Test
    void replacedFunctionIsLiveOnEveryOpenConnection() throws SQLException, IOException {
        Transcript t = new Transcript();
        try (Connection one = Sql.connect(data, "acme"); Connection two = Sql.connect(data, "acme")) {
            t.run("acme 1", one, "CREATE TABLE orders (id INTEGER NOT NULL, total_cents BIGINT, PRIMARY KEY (id))");
            t.run("acme 1", one, "INSERT INTO orders VALUES (1, 9999), (2, 60000), (3, 250000), (4, NULL)");
            t.run("acme 1", one, SampleModules.function("discount", "acme").createFunctionSql("acme")
                    .replace("CREATE OR REPLACE", "CREATE"));
            t.run("acme 1", one, "SELECT id, total_cents, discount(total_cents) AS discount FROM orders ORDER BY id");
            t.run("acme 2", two, "SELECT discount(60000) AS discount");
            PreparedStatement preparedOnV1 = two.prepareStatement("SELECT discount(200000)");
            t.run("acme 1", one, "CREATE OR REPLACE FUNCTION discount(total_cents BIGINT) RETURNS BIGINT"
                    + " LANGUAGE WASM AS '" + DISCOUNT_V2 + "'");
            t.run("acme 1", one, "SELECT id, total_cents, discount(total_cents) AS discount FROM orders ORDER BY id");
            t.run("acme 2", two, "SELECT discount(60000) AS discount");
            t.run("acme 2", two, "SELECT version, is_current, handler, module_size, created_by"
                    + " FROM plugsql.function_versions WHERE function_name = 'discount' ORDER BY version");

            assertEquals(List.of("4800|16000"), Sql.rows(one, "SELECT discount(60000), discount(200000)"));
            assertEquals(List.of("4800|16000"), Sql.rows(two, "SELECT discount(60000), discount(200000)"));
            assertEquals(List.of("discount|2|discount"),
                    Sql.rows(two, "SELECT function_name, version, handler FROM plugsql.functions"));
            // A statement planned before the replace keeps the version it was planned with (docs/SQL.md).
            try (preparedOnV1; ResultSet rs = preparedOnV1.executeQuery()) {
                assertEquals(true, rs.next());
                assertEquals(30_000L, rs.getLong(1));
            }
        }
        String transcript = t.text();
        Files.writeString(Path.of("target", "session.txt"), transcript, UTF_8);
        assertEquals(transcript, readmeSession(), "README.md '" + HEADING + "' must show this session's"
                + " transcript (written to target/session.txt)");
    }

    /** The first fenced block after the heading {@value #HEADING} in README.md. */
    private static String readmeSession() throws IOException {
        String readme = Files.readString(README, UTF_8);
        int heading = readme.indexOf("\n" + HEADING + "\n");
        if (heading < 0) {
            return "(README.md has no heading '" + HEADING + "')";
        }
        int open = readme.indexOf("```text\n", heading);
        int close = readme.indexOf("\n```\n", open);
        return readme.substring(open + "```text\n".length(), close + 1);
    }

    /** Statements with their results as a terminal would show them; long hex literals are cut short. */
    private static final class Transcript {
        private final StringBuilder text = new StringBuilder();

        void run(String prompt, Connection c, String sql) throws SQLException {
            String shown = sql.replaceAll("X'([0-9A-F]{24})[0-9A-F]+'", "X'$1...'");
            text.append(prompt).append("> ").append(shown.replace("\n", "\n" + " ".repeat(prompt.length() + 2)))
                    .append(";\n");
            try (Statement s = c.createStatement()) {
                if (s.execute(sql)) {
                    try (ResultSet rs = s.getResultSet()) {
                        table(rs);
                    }
                } else {
                    text.append(s.getUpdateCount() > 0 ? s.getUpdateCount() + " rows" : "OK").append("\n");
                }
            }
            text.append("\n");
        }

        private void table(ResultSet rs) throws SQLException {
            ResultSetMetaData meta = rs.getMetaData();
            List<String[]> rows = new ArrayList<>();
            String[] header = new String[meta.getColumnCount()];
            for (int i = 0; i < header.length; i++) {
                header[i] = meta.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
            }
            rows.add(header);
            while (rs.next()) {
                String[] row = new String[header.length];
                for (int i = 0; i < row.length; i++) {
                    String value = rs.getString(i + 1);
                    row[i] = value == null ? "NULL" : value;
                }
                rows.add(row);
            }
            int[] widths = new int[header.length];
            rows.forEach(row -> {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            });
            for (int r = 0; r < rows.size(); r++) {
                line(rows.get(r), widths, " | ");
                if (r == 0) {
                    String[] rule = new String[widths.length];
                    for (int i = 0; i < widths.length; i++) {
                        rule[i] = "-".repeat(widths[i]);
                    }
                    line(rule, widths, "-+-");
                }
            }
            text.append("(").append(rows.size() - 1).append(rows.size() == 2 ? " row)\n" : " rows)\n");
        }

        private void line(String[] cells, int[] widths, String separator) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                line.append(i > 0 ? separator : "").append(cells[i]).append(" ".repeat(widths[i] - cells[i].length()));
            }
            text.append(line.toString().stripTrailing()).append("\n");
        }

        String text() {
            return text.toString().stripTrailing() + "\n";
        }
    }
}
