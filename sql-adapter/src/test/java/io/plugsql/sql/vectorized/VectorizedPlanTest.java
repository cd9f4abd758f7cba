package io.plugsql.sql.vectorized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plan tests: EXPLAIN text of statements whose UDF calls move into EnumerableWasmBatchCalc (or do not). */
class VectorizedPlanTest {
    private static Connection vectorized;

    @BeforeAll
    static void connect() throws SQLException {
        vectorized = TestDb.connect(true, 4096, TestDb.tRows(10, 1));
    }

    @AfterAll
    static void close() throws SQLException {
        vectorized.close();
    }

    private static void assertPlan(String sql, String... lines) throws SQLException {
        assertEquals(String.join("\n", lines) + "\n", TestDb.explain(vectorized, sql), sql);
    }

    @Test
    void projection() throws SQLException {
        assertPlan("SELECT mul_add(a, b) FROM t",
                "EnumerableWasmBatchCalc(passThrough=[[]], udfs=[[MUL_ADD($0, $1)]], batchSize=[4096])",
                "  EnumerableTableScan(table=[[S, T]])");
    }

    @Test
    void filterOnUdfResult() throws SQLException {
        assertPlan("SELECT a FROM t WHERE mul_add(a, b) > 5",
                "EnumerableCalc(expr#0..1=[{inputs}], expr#2=[5:BIGINT], expr#3=[>($t1, $t2)], A=[$t0], $condition=[$t3])",
                "  EnumerableWasmBatchCalc(passThrough=[[0]], udfs=[[MUL_ADD($0, $1)]], batchSize=[4096])",
                "    EnumerableTableScan(table=[[S, T]])");
    }

    @Test
    void projectionUdfsRunAfterTheFilter() throws SQLException {
        assertPlan("SELECT shout(s), strlen(s) FROM t WHERE is_even(a)",
                "EnumerableWasmBatchCalc(passThrough=[[]], udfs=[[SHOUT($0), STRLEN($0)]], batchSize=[4096])",
                "  EnumerableCalc(expr#0..1=[{inputs}], proj#0..1=[{exprs}], $condition=[$t1])",
                "    EnumerableWasmBatchCalc(passThrough=[[2]], udfs=[[IS_EVEN($0)]], batchSize=[4096])",
                "      EnumerableTableScan(table=[[S, T]])");
    }

    @Test
    void underAggregate() throws SQLException {
        assertPlan("SELECT SUM(mul_add(a, b)) FROM t",
                "EnumerableAggregate(group=[{}], EXPR$0=[SUM($0)])",
                "  EnumerableWasmBatchCalc(passThrough=[[]], udfs=[[MUL_ADD($0, $1)]], batchSize=[4096])",
                "    EnumerableTableScan(table=[[S, T]])");
    }

    @Test
    void groupByKeyWithArgumentCast() throws SQLException {
        assertPlan("SELECT times10(n), COUNT(*) FROM t GROUP BY times10(n)",
                "EnumerableAggregate(group=[{0}], EXPR$1=[COUNT()])",
                "  EnumerableWasmBatchCalc(passThrough=[[]], udfs=[[TIMES10($0)]], batchSize=[4096])",
                "    EnumerableCalc(expr#0..9=[{inputs}], expr#10=[CAST($t5):BIGINT], $arg0=[$t10])",
                "      EnumerableTableScan(table=[[S, T]])");
    }

    @Test
    void afterJoin() throws SQLException {
        String plan = TestDb.explain(vectorized, "SELECT u.name, mul_add(t.a, u.k) FROM t JOIN u ON t.b = u.k");
        assertTrue(plan.startsWith(
                "EnumerableWasmBatchCalc(passThrough=[[3]], udfs=[[MUL_ADD($0, $2)]], batchSize=[4096])\n"
                + "  EnumerableMergeJoin("), plan);
    }

    @Test
    void equiJoinKeyIsComputedBelowTheJoin() throws SQLException {
        String plan = TestDb.explain(vectorized, "SELECT t.a, u.k FROM t JOIN u ON times10(t.b) = u.k");
        assertTrue(plan.contains("    EnumerableSort(sort0=[$1], dir0=[ASC])\n"
                + "      EnumerableWasmBatchCalc(passThrough=[[0]], udfs=[[TIMES10($1)]], batchSize=[4096])\n"), plan);
    }

    @Test
    void nestedCallsChainInOneOperator() throws SQLException {
        assertPlan("SELECT mul_add(times10(a), b) + 1 FROM t",
                "EnumerableCalc(expr#0=[{inputs}], expr#1=[1], expr#2=[+($t0, $t1)], EXPR$0=[$t2])",
                "  EnumerableWasmBatchCalc(passThrough=[[]], udfs=[[MUL_ADD(TIMES10($0), $1)]], batchSize=[4096])",
                "    EnumerableTableScan(table=[[S, T]])");
    }

    @Test
    void expressionBetweenCallsSplitsIntoTwoOperators() throws SQLException {
        assertPlan("SELECT mul_add(times10(a) + 1, b) FROM t",
                "EnumerableWasmBatchCalc(passThrough=[[]], udfs=[[MUL_ADD($1, $0)]], batchSize=[4096])",
                "  EnumerableCalc(expr#0..1=[{inputs}], expr#2=[1], expr#3=[+($t1, $t2)], B=[$t0], $arg0=[$t3])",
                "    EnumerableWasmBatchCalc(passThrough=[[1]], udfs=[[TIMES10($0)]], batchSize=[4096])",
                "      EnumerableTableScan(table=[[S, T]])");
    }

    @Test
    void literalArgumentsArePassedAsConstants() throws SQLException {
        assertPlan("SELECT mul_add(a, 3), shout('x') FROM t",
                "EnumerableWasmBatchCalc(passThrough=[[]], udfs=[[MUL_ADD($0, 3), SHOUT('x')]], batchSize=[4096])",
                "  EnumerableTableScan(table=[[S, T]])");
    }

    @Test
    void literalsThatACastWouldChangeComeFromTheLowerCalc() throws SQLException {
        String plan = TestDb.explain(vectorized, "SELECT half(2.5) FROM t");
        assertTrue(plan.contains("EnumerableCalc") && plan.contains("HALF($0)"), plan);
    }

    @Test
    void callsUnderCaseStayInTheRowPath() throws SQLException {
        assertPlan("SELECT CASE WHEN a > 0 THEN times10(a) ELSE 0 END FROM t",
                "EnumerableCalc(expr#0..9=[{inputs}], expr#10=[0:BIGINT], expr#11=[>($t0, $t10)], "
                        + "expr#12=[TIMES10($t0)], expr#13=[CASE($t11, $t12, $t10)], EXPR$0=[$t13])",
                "  EnumerableTableScan(table=[[S, T]])");
    }

    @Test
    void batchSizeFromConnectionProperty() throws SQLException {
        try (Connection connection = TestDb.connect(true, 128, List.of())) {
            assertTrue(TestDb.explain(connection, "SELECT mul_add(a, b) FROM t")
                    .contains("EnumerableWasmBatchCalc(passThrough=[[]], udfs=[[MUL_ADD($0, $1)]], batchSize=[128])"));
        }
    }

    @Test
    void defaultsWhenNoPropertyIsSet() throws SQLException {
        try (Connection connection = TestDb.connect(new Properties(), List.of())) {
            assertTrue(TestDb.explain(connection, "SELECT mul_add(a, b) FROM t").contains("batchSize=[4096]"));
        }
    }

    @Test
    void vectorizeFalseKeepsTheRowPath() throws SQLException {
        try (Connection connection = TestDb.connect(false, 4096, List.of())) {
            String plan = TestDb.explain(connection, "SELECT mul_add(a, b) FROM t");
            assertFalse(plan.contains("EnumerableWasmBatchCalc"), plan);
            assertEquals("EnumerableCalc(expr#0..9=[{inputs}], expr#10=[MUL_ADD($t0, $t1)], EXPR$0=[$t10])\n"
                    + "  EnumerableTableScan(table=[[S, T]])\n", plan);
        }
    }

    @Test
    void invalidPropertyIsAClearError() {
        Properties properties = new Properties();
        properties.setProperty(VectorizeSettings.BATCH_SIZE, "lots");
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> {
            try (Connection connection = TestDb.connect(properties, List.of())) {
                TestDb.query(connection, "SELECT mul_add(a, b) FROM t");
            }
        });
        assertTrue(String.valueOf(e.getCause()).contains("vectorizeBatchSize must be an integer, got 'lots'")
                || e.getMessage().contains("vectorizeBatchSize must be an integer, got 'lots'"), e.toString());
    }
}
