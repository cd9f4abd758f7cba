package io.plugsql.sql.vectorized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.engine.ArrowTypes;
import io.plugsql.sql.arrow.InMemoryArrowTable;
import io.plugsql.sql.internal.ArrowValues;
import io.plugsql.sql.vectorized.internal.BatchAllocators;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over an {@link InMemoryArrowTable}, the batch operator hands the table's vectors to the UDFs
 * ({@code input=[arrow]}) and gives the same rows as the same data in a row table, on the row path
 * and on the batch path, for every type, NULLs included.
 */
class ArrowTableInputTest {
    private static final List<String> QUERIES = List.of(
            "SELECT A, B, MUL_ADD(A, B) FROM T",
            "SELECT A FROM T WHERE MUL_ADD(A, B) > 10",
            "SELECT SUM(MUL_ADD(A, B)), COUNT(*) FROM T",
            "SELECT TIMES10(MUL_ADD(A, B)), NVL0(A) FROM T",
            "SELECT S, SHOUT(S), STRLEN(S), GREET(S) FROM T",
            "SELECT HALF(D), SHRINK(R), IS_EVEN(A) FROM T",
            "SELECT DT, TS, NEXT_DAY(DT), PLUS_MS(TS) FROM T",
            "SELECT M, DOUBLE_IT(M), BIN, REVERSE_BYTES(BIN) FROM T",
            "SELECT N, SUM(MUL_ADD(A, B)) FROM T GROUP BY N");

    private final List<Object[]> rows = TestDb.tRows(500, 20261122L);
    private BufferAllocator tableAllocator;
    private InMemoryArrowTable table;

    @BeforeEach
    void createTable() {
        tableAllocator = new RootAllocator();
        List<FieldVector> columns = new ArrayList<>();
        for (int c = 0; c < TestDb.T_NAMES.length; c++) {
            FieldVector column = ArrowTypes.vectorFor(TestDb.T_TYPES.get(c), TestDb.T_NAMES[c], tableAllocator);
            column.allocateNew();
            ArrowValues.Writer writer = ArrowValues.writer(column, TestDb.T_TYPES.get(c));
            for (int r = 0; r < rows.size(); r++) {
                writer.set(r, rows.get(r)[c]);
            }
            column.setValueCount(rows.size());
            columns.add(column);
        }
        table = new InMemoryArrowTable(Arrays.asList(TestDb.T_NAMES), TestDb.T_TYPES, columns);
    }

    @AfterEach
    void everyBufferIsReleased() {
        assertEquals(0, BatchAllocators.root().getAllocatedMemory());
        table.close();
        assertEquals(0, tableAllocator.getAllocatedMemory());
        tableAllocator.close();
    }

    @Test
    void theBatchPathOverArrowBatchesGivesTheRowTablesRows() throws SQLException {
        try (Connection rowTable = TestDb.connect(false, 4096, rows);
                Connection arrowRowPath = arrowTable(false, 4096);
                Connection arrowBatches = arrowTable(true, 4096);
                Connection arrowSmallBatches = arrowTable(true, 7)) {
            for (String sql : QUERIES) {
                List<List<Object>> expected = TestDb.query(rowTable, sql);
                assertEquals(rows.size() > 0, !expected.isEmpty(), sql);
                assertEquals(expected, TestDb.query(arrowRowPath, sql), sql + " (row path)");
                assertEquals(expected, TestDb.query(arrowBatches, sql), sql + " (batches)");
                assertEquals(expected, TestDb.query(arrowSmallBatches, sql), sql + " (batches of 7)");
            }
        }
    }

    @Test
    void plansShowTheArrowInput() throws SQLException {
        try (Connection c = arrowTable(true, 1024)) {
            assertEquals("EnumerableAggregate(group=[{}], EXPR$0=[SUM($0)])\n"
                    + "  EnumerableWasmBatchCalc(passThrough=[[]], udfs=[[MUL_ADD($0, $1)]], batchSize=[1024], input=[arrow])\n"
                    + "    EnumerableTableScan(table=[[S, T]])\n", TestDb.explain(c, "SELECT SUM(MUL_ADD(A, B)) FROM T"));
            String computedArgument = TestDb.explain(c, "SELECT MUL_ADD(A + 1, B) FROM T");
            assertTrue(computedArgument.contains("EnumerableWasmBatchCalc") && !computedArgument.contains("input=[arrow]"),
                    computedArgument);
        }
    }

    private Connection arrowTable(boolean vectorize, int batchSize) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty(VectorizeSettings.VECTORIZE, Boolean.toString(vectorize));
        properties.setProperty(VectorizeSettings.BATCH_SIZE, Integer.toString(batchSize));
        return TestDb.connect(properties, table, TestDb.FUNCTIONS);
    }
}
