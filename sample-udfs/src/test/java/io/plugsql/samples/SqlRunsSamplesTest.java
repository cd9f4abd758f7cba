package io.plugsql.samples;

import static io.plugsql.samples.Sql.exec;
import static io.plugsql.samples.Sql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every sample through SQL over the embedded JDBC driver, as tenants acme and globex: each
 * function registered with its own {@code CREATE FUNCTION} (acme's rendered from the manifest, globex's
 * by {@link ModuleRegistration} from .wasm files), called over literals and over tenant
 * tables (with NULL rows), in WHERE and in GROUP BY, every result checked against {@link SampleCases}.
 */
class SqlRunsSamplesTest {
    private static final List<String> TENANTS = List.of("acme", "globex");

    @TempDir
    static Path data;

    private static final Map<String, Connection> connections = new LinkedHashMap<>();

    @TempDir
    static Path files;

    /**
     * Registers each tenant's samples: acme with the statements of {@link SampleFunction#createFunctionSql},
     * globex from .wasm files through {@link ModuleRegistration}, so both ways are checked on every sample.
     */
    @BeforeAll
    static void registerEverySampleForEachTenant() throws SQLException, IOException {
        Connection acme = Sql.connect(data, "acme");
        connections.put("acme", acme);
        for (SampleFunction f : SampleModules.forTenant("acme")) {
            exec(acme, f.createFunctionSql("acme"));
        }
        Connection globex = Sql.connect(data, "globex");
        connections.put("globex", globex);
        for (SampleFunction f : SampleModules.forTenant("globex")) {
            Path file = files.resolve(f.module().file());
            if (!Files.exists(file)) {
                Files.write(file, f.module().bytes());
            }
            RegistrationRequest request = new RegistrationRequest(f.name(), f.signature().substring(f.name().length()),
                    f.handler(), f.options(), file, false);
            assertEquals(1, ModuleRegistration.register(globex, request), f.handler());
        }
    }

    @AfterAll
    static void close() throws SQLException {
        for (Connection c : connections.values()) {
            c.close();
        }
        connections.clear();
    }

    private static Connection as(String tenant) {
        return connections.get(tenant);
    }

    @Test
    void eachTenantHasEverySampleAsVersionOneWithItsOwnHandler() throws SQLException {
        for (String tenant : TENANTS) {
            List<String> expected = SampleModules.forTenant(tenant).stream()
                    .sorted(Comparator.comparing(SampleFunction::name))
                    .map(f -> f.name() + "|1|" + f.returnType() + "|" + f.handler() + "|" + f.onNullInput() + "|"
                            + f.module().sha256())
                    .collect(Collectors.toList());
            assertEquals(expected, rows(as(tenant), "SELECT function_name, version, return_type, handler,"
                    + " on_null_input, module_sha256 FROM plugsql.functions ORDER BY function_name"), tenant);
        }
    }

    @Test
    void everyCaseOverLiterals() throws SQLException {
        for (Map.Entry<SampleFunction, List<SampleCases.Case>> entry : casesByFunction().entrySet()) {
            SampleFunction f = entry.getKey();
            List<SampleCases.Case> cases = entry.getValue();
            String calls = cases.stream().map(c -> call(f, c.args())).collect(Collectors.joining(",\n  "));
            String sql = "SELECT " + calls;
            try (PreparedStatement s = as(cases.get(0).tenant()).prepareStatement(sql);
                    ResultSet rs = s.executeQuery()) {
                assertEquals(true, rs.next(), sql);
                for (int i = 0; i < cases.size(); i++) {
                    Behaviour.assertResult(cases.get(i).expected(), Sql.read(rs, i + 1, f.returnType()),
                            cases.get(i) + " over literals");
                }
            }
        }
    }

    @Test
    void everyCaseOverATenantTableWithNullRows() throws SQLException {
        for (Map.Entry<SampleFunction, List<SampleCases.Case>> entry : casesByFunction().entrySet()) {
            SampleFunction f = entry.getKey();
            List<Object> nulls = Collections.nCopies(f.parameters().size(), null);
            List<List<Object>> rows = new ArrayList<>();
            List<Object> expected = new ArrayList<>();
            for (SampleCases.Case c : entry.getValue()) {
                rows.add(c.args());
                expected.add(c.expected());
            }
            if (f.onNullInput().equals("return_null")) {
                rows.add(nulls);
                expected.add(null);
            }
            // Functions every tenant has run here as globex (their literal cases ran as acme).
            Connection c = as(f.availableTo("globex") ? "globex" : entry.getValue().get(0).tenant());
            String table = "cases_" + f.handler();
            createTable(c, table, f, rows);
            String args = f.parameters().stream().map(SampleFunction.Parameter::name).collect(Collectors.joining(", "));
            String sql = "SELECT id, " + f.name() + "(" + args + ") FROM " + table + " ORDER BY id";
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                for (int i = 0; i < rows.size(); i++) {
                    assertEquals(true, rs.next(), sql + ": row " + i + " missing");
                    assertEquals(i, rs.getInt(1));
                    Behaviour.assertResult(expected.get(i), Sql.read(rs, 2, f.returnType()),
                            f.name() + rows.get(i) + " from table " + table + " row " + i);
                }
                assertEquals(false, rs.next(), sql + ": extra rows");
            }
        }
    }

    @Test
    void discountIsOneSqlNameWithEachTenantsOwnRules() throws SQLException {
        for (String tenant : TENANTS) {
            Connection c = as(tenant);
            exec(c, "CREATE TABLE orders (id INTEGER NOT NULL, region VARCHAR(20), total_cents BIGINT, PRIMARY KEY (id))");
            exec(c, "INSERT INTO orders VALUES (1, 'north', 10000), (2, 'north', 50000), (3, 'north', NULL),"
                    + " (4, 'south', 25000), (5, 'south', 100000), (6, 'south', 200000)");
        }
        assertEquals(List.of("6000"), rows(as("acme"), "SELECT discount(60000)"));
        assertEquals(List.of("4200"), rows(as("globex"), "SELECT discount(60000)"));

        String perOrder = "SELECT id, discount(total_cents) FROM orders ORDER BY id";
        assertEquals(List.of("1|500", "2|5000", "3|null", "4|1250", "5|10000", "6|30000"), rows(as("acme"), perOrder));
        assertEquals(List.of("1|250", "2|3500", "3|null", "4|1750", "5|13000", "6|25000"), rows(as("globex"), perOrder));

        String perRegion = "SELECT region, COUNT(total_cents), SUM(total_cents), SUM(discount(total_cents))"
                + " FROM orders GROUP BY region ORDER BY region";
        assertEquals(List.of("north|2|60000|5500", "south|3|325000|41250"), rows(as("acme"), perRegion));
        assertEquals(List.of("north|2|60000|3750", "south|3|325000|39750"), rows(as("globex"), perRegion));
    }

    @Test
    void validationsFilterRowsInWhere() throws SQLException {
        Connection c = as("acme");
        exec(c, "CREATE TABLE payments (id INTEGER NOT NULL, card VARCHAR(40), iban VARCHAR(40), PRIMARY KEY (id))");
        exec(c, "INSERT INTO payments VALUES"
                + " (1, '4539 1488 0343 6467', 'DE89 3704 0044 0532 0130 00'),"
                + " (2, '4111 1111 1111 1112', 'GB82 WEST 1234 5698 7654 33'),"
                + " (3, '378282246310005', 'gb82west12345698765432'),"
                + " (4, NULL, NULL),"
                + " (5, '١٢٣٤', 'DE89 3704 0044 0532 0130 0Ä')");
        assertEquals(List.of("1", "3"), rows(c, "SELECT id FROM payments WHERE luhn_check(card) = TRUE ORDER BY id"));
        assertEquals(List.of("2", "5"), rows(c, "SELECT id FROM payments WHERE NOT luhn_check(card) ORDER BY id"));
        assertEquals(List.of("1|DE89 3704 0044 0532 0130 00", "3|GB82 WEST 1234 5698 7654 32"),
                rows(c, "SELECT id, iban_format(iban) FROM payments WHERE iban_check(iban) ORDER BY id"));
        assertEquals(List.of("4"), rows(c, "SELECT id FROM payments WHERE luhn_check(card) IS NULL"));
    }

    @Test
    void normalizedCitiesGroupTogether() throws SQLException {
        Connection c = as("acme");
        exec(c, "CREATE TABLE customers (id INTEGER NOT NULL, city VARCHAR(40), email VARCHAR(80), PRIMARY KEY (id))");
        exec(c, "INSERT INTO customers VALUES"
                + " (1, '  München ', 'jöhn.doe@exämple.com'), (2, 'MÜNCHEN', 'élodie@café.fr'),"
                + " (3, 'münchen', NULL), (4, 'ŁÓDŹ', '😀smile@x.io'), (5, ' łódź\u3000', 'a@b.co'),"
                + " (6, NULL, 'no-at-sign'), (7, 'Москва', '')");
        assertEquals(List.of("münchen|3", "łódź|2", "москва|1", "null|1"), rows(c,
                "SELECT normalize_text(city) AS city, COUNT(*) AS n FROM customers"
                        + " GROUP BY normalize_text(city) ORDER BY n DESC, city NULLS LAST"));
        assertEquals(List.of("münchen|j***@exämple.com, é***@café.fr", "łódź|😀***@x.io, a***@b.co"), rows(c,
                "SELECT normalize_text(city), LISTAGG(mask_email(email), ', ') WITHIN GROUP (ORDER BY id)"
                        + " FROM customers WHERE email IS NOT NULL AND city IS NOT NULL AND city <> 'Москва'"
                        + " GROUP BY normalize_text(city) ORDER BY COUNT(*) DESC, 1"));
    }

    @Test
    void uncalibratedDevicesUseDefaultsThroughAnOuterJoin() throws SQLException {
        Connection c = as("globex");
        exec(c, "CREATE TABLE readings (id INTEGER NOT NULL, device VARCHAR(10), celsius DOUBLE, lat DOUBLE,"
                + " lon DOUBLE, PRIMARY KEY (id))");
        exec(c, "CREATE TABLE calibrations (device VARCHAR(10) NOT NULL, offset_c DOUBLE, gain DOUBLE,"
                + " PRIMARY KEY (device))");
        exec(c, "INSERT INTO readings VALUES (1, 'ó-1', 20.0, 48.8566, 2.3522), (2, 'ó-1', NULL, 48.8566, 2.3522),"
                + " (3, 'x-2', 100.0, 51.5074, -0.1278), (4, 'x-2', -40.0, 51.5074, -0.1278),"
                + " (5, 'y-3', 0.0, NULL, 10.0)");
        exec(c, "INSERT INTO calibrations VALUES ('ó-1', 0.5, 1.02), ('y-3', NULL, 2.0)");
        assertEquals(List.of("1|69.62", "2|null", "3|212.0", "4|-40.0", "5|32.0"), rows(c,
                "SELECT r.id, ROUND(calibrate_f(r.celsius, k.offset_c, k.gain), 6) FROM readings r"
                        + " LEFT JOIN calibrations k ON r.device = k.device ORDER BY r.id"));
        assertEquals(List.of("gcpv|2", "u09t|2", "null|1"), rows(c,
                "SELECT geohash(lat, lon, 4) AS cell, COUNT(*) FROM readings GROUP BY geohash(lat, lon, 4)"
                        + " ORDER BY cell NULLS LAST"));
    }

    /** The cases of every sample function per tenant variant, in manifest order. */
    private static Map<SampleFunction, List<SampleCases.Case>> casesByFunction() {
        Map<SampleFunction, List<SampleCases.Case>> byFunction = new LinkedHashMap<>();
        for (SampleFunction f : SampleModules.functions()) {
            List<SampleCases.Case> cases = Behaviour.casesOf(f);
            assertEquals(false, cases.isEmpty(), "no cases for " + f.handler());
            byFunction.put(f, cases);
        }
        return byFunction;
    }

    private static String call(SampleFunction f, List<Object> args) {
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            literals.add(Sql.literal(f.parameters().get(i).type(), args.get(i)));
        }
        return f.name() + "(" + String.join(", ", literals) + ")";
    }

    /** Creates {@code table (id, <one column per parameter>)} and inserts {@code rows} through JDBC parameters. */
    private static void createTable(Connection c, String table, SampleFunction f, List<List<Object>> rows)
            throws SQLException {
        String columns = f.parameters().stream().map(p -> p.name() + " " + Sql.columnType(p.type()))
                .collect(Collectors.joining(", "));
        exec(c, "CREATE TABLE " + table + " (id INTEGER NOT NULL, " + columns + ", PRIMARY KEY (id))");
        String marks = String.join(", ", Collections.nCopies(f.parameters().size() + 1, "?"));
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (" + marks + ")")) {
            for (int row = 0; row < rows.size(); row++) {
                insert.setInt(1, row);
                for (int i = 0; i < f.parameters().size(); i++) {
                    Sql.bind(insert, i + 2, f.parameters().get(i).type(), rows.get(row).get(i));
                }
                assertEquals(1, insert.executeUpdate(), table + " row " + row);
            }
        }
    }
}
