package io.plugsql.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/** Runs {@link SampleCases} against a module's bytes through {@link GuestHost}, in scalar and batch form. */
final class Behaviour {
    private Behaviour() {}

    /** Checks one case in scalar form on a fresh instance of {@code wasm}. */
    static void checkScalar(byte[] wasm, SampleCases.Case c, GuestHost.Mode mode) {
        Object actual = new GuestHost(wasm, mode).callScalar(c.sample(), c.args());
        assertResult(c.expected(), actual, c + " (" + mode + ")");
    }

    /**
     * Checks the batch export of {@code f} on all its cases at once, repeated three times so that the
     * batch spans several validity bytes.
     */
    static void checkBatch(byte[] wasm, SampleFunction f, List<SampleCases.Case> cases, GuestHost.Mode mode) {
        List<List<Object>> rows = new ArrayList<>();
        List<Object> expected = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (SampleCases.Case c : cases) {
                rows.add(c.args());
                expected.add(c.expected());
            }
        }
        GuestHost host = new GuestHost(wasm, mode);
        for (int call = 0; call < 2; call++) {
            List<Object> actual = host.callBatch(f, rows);
            assertEquals(rows.size(), actual.size());
            for (int i = 0; i < rows.size(); i++) {
                assertResult(expected.get(i), actual.get(i), f.batchExport().orElseThrow() + " row " + i + " " + rows.get(i));
            }
        }
    }

    static List<SampleCases.Case> casesOf(SampleFunction f) {
        return SampleCases.all().stream().filter(c -> c.sample().equals(f)).toList();
    }

    static void assertResult(Object expected, Object actual, String what) {
        assertTrue(SampleCases.matches(expected, actual), what + ": expected " + expected + " but was " + actual);
    }
}
