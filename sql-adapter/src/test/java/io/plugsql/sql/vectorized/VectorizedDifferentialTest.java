package io.plugsql.sql.vectorized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.sql.vectorized.internal.BatchAllocators;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every UDF query run with vectorization on (two batch sizes) and off must give identical results,
 * NULLs and strings included, over fixed and seeded random data.
 */
class VectorizedDifferentialTest {
    static final List<String> QUERIES = List.of(
            "SELECT a, b, mul_add(a, b) FROM t",
            "SELECT a FROM t WHERE mul_add(a, b) > 5",
            "SELECT SUM(mul_add(a, b)), COUNT(mul_add(a, b)) FROM t",
            "SELECT times10(n), COUNT(*) FROM t GROUP BY times10(n)",
            "SELECT u.name, mul_add(t.a, u.k) FROM t JOIN u ON t.b = u.k",
            "SELECT mul_add(times10(a), b) + 1 FROM t",
            "SELECT mul_add(times10(a) + 1, b) FROM t",
            "SELECT mul_add(a, 3), shout('x'), greet(CAST(NULL AS VARCHAR)), times10(NULL) FROM t",
            "SELECT shout(s), strlen(s), greet(s) FROM t WHERE is_even(a)",
            "SELECT nvl0(a), nvl0(b), nvl0(times10(a)) FROM t",
            "SELECT half(d), shrink(r), next_day(dt), plus_ms(ts), double_it(m), reverse_bytes(bin) FROM t",
            "SELECT CASE WHEN a > 0 THEN times10(a) ELSE 0 END FROM t",
            "SELECT s, COUNT(*) FROM t WHERE strlen(shout(s)) > 2 GROUP BY s",
            "SELECT a FROM t WHERE is_even(a) AND mul_add(a, b) < 100 ORDER BY a",
            "SELECT MAX(shout(s)), MIN(half(d)), SUM(double_it(m)) FROM t",
            "SELECT b, SUM(a) FROM t GROUP BY b HAVING times10(SUM(a)) > 100",
            "SELECT a, b FROM t ORDER BY mul_add(a, b), a, b",
            "SELECT x FROM (SELECT times10(a) AS x FROM t) WHERE x > 0",
            "SELECT t.a, u.k FROM t JOIN u ON times10(t.b) = u.k",
            "SELECT mul_add(a, a) FROM t WHERE mul_add(a, a) IS NOT NULL AND s = shout(s)");

    @AfterEach
    void allocatorReturnsToZero() {
        assertEquals(0, BatchAllocators.root().getAllocatedMemory());
        assertTrue(BatchAllocators.root().getChildAllocators().stream()
                .noneMatch(child -> child.getName().startsWith("wasm-batch-calc")));
    }

    @Test
    void everyQueryGivesTheSameResultBothWaysOverRandomizedInputs() throws SQLException {
        AtomicReference<List<Object[]>> data = new AtomicReference<>(List.of());
        try (Connection rowPath = TestDb.connect(false, 4096, data::get);
                Connection batch = TestDb.connect(true, 4096, data::get);
                Connection smallBatch = TestDb.connect(true, 7, data::get)) {
            List<PreparedStatement> rowStatements = prepareAll(rowPath);
            List<PreparedStatement> batchStatements = prepareAll(batch);
            List<PreparedStatement> smallStatements = prepareAll(smallBatch);
            // seeded data sets; sizes around the small batch size, and one spanning many batches
            int[] sizes = {500, 0, 1, 6, 7, 8, 300};
            for (int d = 0; d < sizes.length; d++) {
                data.set(TestDb.tRows(sizes[d], 1000 + d));
                for (int q = 0; q < QUERIES.size(); q++) {
                    String what = QUERIES.get(q) + " (" + sizes[d] + " rows, seed " + (1000 + d) + ")";
                    List<List<Object>> expected = run(rowStatements.get(q));
                    assertEquals(expected, run(batchStatements.get(q)), what);
                    assertEquals(expected, run(smallStatements.get(q)), what + " batch 7");
                }
            }
        }
    }

    private static List<PreparedStatement> prepareAll(Connection connection) throws SQLException {
        List<PreparedStatement> statements = new ArrayList<>();
        for (String sql : QUERIES) {
            statements.add(connection.prepareStatement(sql));
        }
        return statements;
    }

    private static List<List<Object>> run(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            return sorted(TestDb.rows(rs));
        }
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }

    @Test
    void valuesOfEveryTypeReachJdbcCorrectly() throws SQLException {
        try (Connection connection = TestDb.connect(true, 4096, TestDb.tRows(1, 7))) {
            List<List<Object>> rows = TestDb.query(connection, "SELECT next_day(DATE '2024-02-28'), "
                    + "plus_ms(TIMESTAMP '2024-01-02 03:04:05.006'), double_it(12.34), half(3.0), "
                    + "shout('grüße'), strlen('straße'), is_even(4), mul_add(6, 7), nvl0(NULL) FROM t");
            assertEquals(List.of(List.of(Date.valueOf("2024-02-29"), Timestamp.valueOf("2024-01-02 03:04:05.007"),
                    new BigDecimal("24.68"), 1.5d, "GRÜSSE!", 6, true, 43L, -1L)), rows);
        }
    }
}
