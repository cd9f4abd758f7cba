package io.plugsql.sql.vectorized;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.vectorized.internal.BatchAllocators;
import io.plugsql.sql.vectorized.internal.BatchPlan;
import io.plugsql.sql.vectorized.internal.BatchPlan.Arg;
import io.plugsql.sql.vectorized.internal.BatchPlan.Step;
import io.plugsql.sql.vectorized.internal.BatchRuntime;
import io.plugsql.sql.vectorized.internal.BatchSource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Tests of the batch runtime without a planner: batching, chaining, NULLs, types, allocator release. */
class BatchRuntimeTest {
    private static final UdfType BIGINT = UdfType.of(TypeName.BIGINT);
    private static final int BATCH = 4;

    @AfterEach
    void allocatorReturnsToZero() {
        assertEquals(0, BatchAllocators.root().getAllocatedMemory());
        assertTrue(BatchAllocators.root().getChildAllocators().stream()
                .noneMatch(child -> child.getName().startsWith("wasm-batch-calc")));
    }

    private static JavaUdf mulAdd(NullInputMode mode) {
        return new JavaUdf("mul_add", mode, args -> args[0] == null || args[1] == null
                ? -1L : (Long) args[0] * (Long) args[1] + 1, BIGINT, BIGINT, BIGINT);
    }

    private static List<Object[]> run(BatchPlan plan, List<Object[]> rows) {
        List<Object[]> out = new ArrayList<>();
        try (Enumerator<Object[]> e = BatchRuntime.execute(plan, BatchSource.rows(Linq4j.asEnumerable(rows), BATCH)).enumerator()) {
            while (e.moveNext()) {
                out.add(e.current());
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, BATCH - 1, BATCH, BATCH + 1, 3 * BATCH})
    void gathersBatchesAndCallsOncePerBatch(int rowCount) {
        JavaUdf f = mulAdd(NullInputMode.RETURN_NULL);
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < rowCount; i++) {
            rows.add(new Object[] {i, i + 1, "r" + i});
        }
        BatchPlan plan = new BatchPlan(3, List.of(0, 1, 2), List.of(new Step(f, List.of(Arg.column(0), Arg.column(1)))), List.of(0), BATCH);

        List<Object[]> out = run(plan, rows);

        assertEquals(rowCount, out.size());
        for (int i = 0; i < rowCount; i++) {
            long a = i;
            assertArrayEquals(new Object[] {a, a + 1, "r" + i, a * (a + 1) + 1}, out.get(i));
        }
        assertEquals((rowCount + BATCH - 1) / BATCH, f.batchCalls.get());
        assertEquals(rowCount, f.rowsSeen.get());
    }

    @Test
    void passThroughSelectsAndReordersInputFields() {
        JavaUdf f = mulAdd(NullInputMode.RETURN_NULL);
        BatchPlan plan = new BatchPlan(3, List.of(2, 0), List.of(new Step(f, List.of(Arg.column(0), Arg.column(1)))),
                List.of(0), BATCH);

        List<Object[]> out = run(plan, List.<Object[]>of(new Object[] {2L, 3L, "x"}));

        assertArrayEquals(new Object[] {"x", 2L, 7L}, out.get(0));
    }

    @Test
    void singleFieldRowsAreEmittedAsScalars() {
        JavaUdf f = mulAdd(NullInputMode.RETURN_NULL);
        BatchPlan plan = new BatchPlan(2, List.of(), List.of(new Step(f, List.of(Arg.column(0), Arg.column(1)))),
                List.of(0), BATCH);
        List<Object> out = new ArrayList<>();
        try (Enumerator<Object> e = BatchRuntime.executeScalar(plan,
                BatchSource.rows(Linq4j.asEnumerable(List.of(new Object[] {2L, 3L}, new Object[] {null, 1L})), BATCH)).enumerator()) {
            while (e.moveNext()) {
                out.add(e.current());
            }
        }
        assertEquals(java.util.Arrays.asList(7L, null), out);
    }

    @Test
    void nestedCallsChainOnVectorsAndSharedColumnsAreBuiltOnce() {
        JavaUdf g = new JavaUdf("g", NullInputMode.RETURN_NULL, args -> (Long) args[0] * 10, BIGINT, BIGINT);
        JavaUdf f = mulAdd(NullInputMode.RETURN_NULL);
        // outputs: g($0), f(g($0), $0)
        BatchPlan plan = new BatchPlan(1, List.of(0),
                List.of(new Step(g, List.of(Arg.column(0))), new Step(f, List.of(Arg.step(0), Arg.column(0)))),
                List.of(0, 1), BATCH);

        List<Object[]> out = run(plan, List.of(new Object[] {2L}, new Object[] {null}, new Object[] {3L}));

        assertArrayEquals(new Object[] {2L, 20L, 41L}, out.get(0));
        assertArrayEquals(new Object[] {null, null, null}, out.get(1));
        assertArrayEquals(new Object[] {3L, 30L, 91L}, out.get(2));
        assertEquals(1, g.batchCalls.get());
        assertEquals(1, f.batchCalls.get());
    }

    @Test
    void nullsInBothNullInputModes() {
        JavaUdf strict = mulAdd(NullInputMode.RETURN_NULL);
        JavaUdf called = mulAdd(NullInputMode.CALL);
        BatchPlan plan = new BatchPlan(2, List.of(0, 1), List.of(
                new Step(strict, List.of(Arg.column(0), Arg.column(1))),
                new Step(called, List.of(Arg.column(0), Arg.column(1)))), List.of(0, 1), BATCH);

        List<Object[]> out = run(plan, List.of(new Object[] {null, 2L}, new Object[] {3L, 4L}));

        assertArrayEquals(new Object[] {null, 2L, null, -1L}, out.get(0));
        assertArrayEquals(new Object[] {3L, 4L, 13L, 13L}, out.get(1));
    }

    @Test
    void everyTypeRoundTripsInCalciteInternalRepresentation() {
        Object[][] cases = {
            {UdfType.of(TypeName.BOOLEAN), true},
            {UdfType.of(TypeName.INTEGER), -7},
            {UdfType.of(TypeName.BIGINT), Long.MIN_VALUE},
            {UdfType.of(TypeName.REAL), 1.5f},
            {UdfType.of(TypeName.DOUBLE), -2.25d},
            {UdfType.decimal(12, 2), new BigDecimal("-1234567890.12")},
            {UdfType.of(TypeName.VARCHAR), "grüße, 世界 😀"},
            {UdfType.of(TypeName.VARBINARY), new ByteString(new byte[] {0, -1, 42})},
            {UdfType.of(TypeName.DATE), 19_000},
            {UdfType.of(TypeName.TIMESTAMP), 1_700_000_000_123L},
        };
        for (Object[] c : cases) {
            UdfType type = (UdfType) c[0];
            JavaUdf identity = new JavaUdf("id_" + type.name(), NullInputMode.RETURN_NULL, args -> args[0], type, type);
            BatchPlan plan = new BatchPlan(1, List.of(0), List.of(new Step(identity, List.of(Arg.column(0)))), List.of(0), BATCH);

            List<Object[]> out = run(plan, List.of(new Object[] {c[1]}, new Object[] {null}));

            assertEquals(c[1], out.get(0)[1], type.toString());
            assertEquals(c[1].getClass(), out.get(0)[1].getClass(), type.toString());
            assertEquals(null, out.get(1)[1], type.toString());
        }
    }

    @Test
    void timestampsCrossAsMicrosecondsAndDatesAsDays() {
        JavaUdf micros = new JavaUdf("micros", NullInputMode.RETURN_NULL, args -> args[0],
                UdfType.of(TypeName.BIGINT), UdfType.of(TypeName.TIMESTAMP));
        JavaUdf plusMicro = new JavaUdf("plus", NullInputMode.RETURN_NULL, args -> (Long) args[0] + 1_999,
                UdfType.of(TypeName.TIMESTAMP), UdfType.of(TypeName.TIMESTAMP));
        BatchPlan plan = new BatchPlan(1, List.of(0), List.of(new Step(micros, List.of(Arg.column(0))),
                new Step(plusMicro, List.of(Arg.column(0)))), List.of(0, 1), BATCH);

        List<Object[]> out = run(plan, List.<Object[]>of(new Object[] {-1L}));

        assertEquals(-1_000L, out.get(0)[1]);
        // -1000 + 1999 = 999 micros: floor to 0 ms
        assertEquals(0L, out.get(0)[2]);
    }

    @Test
    void earlyCloseReleasesTheAllocator() {
        JavaUdf f = mulAdd(NullInputMode.RETURN_NULL);
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 10; i++) {
            rows.add(new Object[] {i, i});
        }
        BatchPlan plan = new BatchPlan(2, List.of(0, 1), List.of(new Step(f, List.of(Arg.column(0), Arg.column(1)))), List.of(0), BATCH);
        try (Enumerator<Object[]> e = BatchRuntime.execute(plan, BatchSource.rows(Linq4j.asEnumerable(rows), BATCH)).enumerator()) {
            assertTrue(e.moveNext());
            assertEquals(1L, e.current()[2]);
        }
    }

    @Test
    void failingFunctionReleasesTheAllocatorEvenIfNobodyClosesTheEnumerator() {
        JavaUdf failing = new JavaUdf("failing", NullInputMode.RETURN_NULL, args -> {
            throw new IllegalStateException("guest failed");
        }, BIGINT, BIGINT);
        BatchPlan plan = new BatchPlan(1, List.of(0), List.of(new Step(failing, List.of(Arg.column(0)))), List.of(0), BATCH);
        Enumerator<Object[]> e = BatchRuntime.execute(plan, BatchSource.rows(Linq4j.asEnumerable(List.<Object[]>of(new Object[] {1L})), BATCH))
                .enumerator();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, e::moveNext);
        assertEquals("guest failed", thrown.getMessage());
    }

    @Test
    void badArgumentNamesFunctionArgumentAndRow() {
        JavaUdf f = mulAdd(NullInputMode.RETURN_NULL);
        BatchPlan plan = new BatchPlan(2, List.of(0, 1), List.of(new Step(f, List.of(Arg.column(0), Arg.column(1)))), List.of(0), BATCH);
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 5; i++) {
            rows.add(new Object[] {i, i == 4 ? "x" : (Object) i});
        }
        PlugSqlException e = assertThrows(PlugSqlException.class, () -> run(plan, rows));
        assertEquals(VectorizedErrorCode.ARGUMENT_CONVERSION.toErrorCode(), e.getErrorCode());
        assertTrue(e.getMessage().contains("function mul_add: argument 2 of input row 4"), e.getMessage());
    }

    @Test
    void decimalArgumentsAreTruncatedAsByCastAndTooManyDigitsFail() {
        UdfType cents = UdfType.decimal(10, 2);
        JavaUdf identity = new JavaUdf("cents", NullInputMode.RETURN_NULL, args -> args[0], cents, cents);
        BatchPlan plan = new BatchPlan(1, List.of(0), List.of(new Step(identity, List.of(Arg.column(0)))), List.of(0), BATCH);

        List<Object[]> out = run(plan, List.of(new Object[] {new BigDecimal("1.125")},
                new Object[] {new BigDecimal("-1.129")}, new Object[] {7}));

        assertEquals(new BigDecimal("1.12"), out.get(0)[1]);
        assertEquals(new BigDecimal("-1.12"), out.get(1)[1]);
        assertEquals(new BigDecimal("7.00"), out.get(2)[1]);
        PlugSqlException e = assertThrows(PlugSqlException.class,
                () -> run(plan, List.<Object[]>of(new Object[] {new BigDecimal("123456789.5")})));
        assertEquals(VectorizedErrorCode.ARGUMENT_CONVERSION.toErrorCode(), e.getErrorCode());
        assertTrue(e.getMessage().contains("argument 1 of input row 0 cannot be passed as DECIMAL(10,2):"
                + " 123456789.50 has more than 10 digits"), e.getMessage());
    }

    @Test
    void resultWithTooFewValuesIsRejected() {
        JavaUdf f = mulAdd(NullInputMode.RETURN_NULL);
        VectorizableFunction shortResult = new VectorizableFunction() {
            @Override
            public io.plugsql.engine.FunctionDefinition definition() {
                return f.definition();
            }

            @Override
            public org.apache.arrow.vector.FieldVector invoke(List<? extends org.apache.arrow.vector.FieldVector> arguments,
                    int rowCount, org.apache.arrow.memory.BufferAllocator allocator) {
                return f.invoke(arguments, rowCount - 1, allocator);
            }
        };
        BatchPlan plan = new BatchPlan(2, List.of(0, 1), List.of(new Step(shortResult, List.of(Arg.column(0), Arg.column(1)))),
                List.of(0), BATCH);
        PlugSqlException e = assertThrows(PlugSqlException.class,
                () -> run(plan, List.of(new Object[] {1L, 2L}, new Object[] {3L, 4L})));
        assertTrue(e.getMessage().contains("returned 1 values for a batch of 2 rows"), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
