package io.plugsql.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Calls every committed sample through Chicory's runtime as ABI v1 prescribes and checks the results. */
class SampleBehaviourTest {
    @ParameterizedTest
    @EnumSource(GuestHost.Mode.class)
    void scalarFormGivesExpectedResults(GuestHost.Mode mode) {
        SampleCases.all().forEach(c -> Behaviour.checkScalar(c.sample().module().bytes(), c, mode));
    }

    @ParameterizedTest
    @EnumSource(GuestHost.Mode.class)
    void batchFormGivesTheSameResults(GuestHost.Mode mode) {
        SampleModules.functions().stream().filter(f -> f.batchExport().isPresent())
                .forEach(f -> Behaviour.checkBatch(f.module().bytes(), f, Behaviour.casesOf(f), mode));
    }

    @Test
    void everyFunctionHasCasesAndBothNullModesSeeNulls() {
        for (SampleFunction f : SampleModules.functions()) {
            assertTrue(Behaviour.casesOf(f).size() >= 3, f.name() + "@" + f.tenants() + " has too few cases");
        }
        assertTrue(SampleCases.all().stream().anyMatch(c -> c.sample().onNullInput().equals("return_null")
                && c.args().contains(null) && c.expected() == null), "a 'return_null' function gets a NULL");
        assertTrue(SampleCases.all().stream().anyMatch(c -> c.sample().onNullInput().equals("call")
                && c.args().contains(null) && c.expected() != null), "a 'call' function maps NULL input to a value");
        assertTrue(SampleCases.all().stream().anyMatch(c -> c.sample().onNullInput().equals("call")
                && !c.args().contains(null) && c.expected() == null), "a 'call' function returns NULL for a value");
    }

    @Test
    void tenantsGetDifferentDiscountRulesUnderOneName() {
        SampleFunction acme = SampleModules.function("discount", "acme");
        SampleFunction globex = SampleModules.function("discount", "globex");
        assertEquals(acme.signature(), globex.signature());
        assertNotEquals(acme.handler(), globex.handler());
        List<Object> order = List.of(60_000L);
        assertEquals(6_000L, new GuestHost(acme.module().bytes()).callScalar(acme, order));
        assertEquals(4_200L, new GuestHost(globex.module().bytes()).callScalar(globex, order));
    }

    @Test
    void arenaResetKeepsMemoryAtItsInitialSize() {
        SampleFunction f = SampleModules.function("normalize_text", "acme");
        GuestHost host = new GuestHost(f.module().bytes(), GuestHost.Mode.COMPILED);
        Memory memory = host.instance().memory();
        int pages = memory.pages();
        String text = "  Ünïcödé   ÉTL  ".repeat(50);
        for (int batch = 0; batch < 20; batch++) {
            for (int row = 0; row < 10; row++) {
                assertFalse(((String) host.callScalar(f, List.of(text))).isEmpty());
            }
            host.instance().export("plugsql_reset").apply();
        }
        assertEquals(pages, memory.pages(), "memory grew although the arena was reset after every batch");
    }

    @Test
    void arenaGrowsMemoryForLargeInputsWithinTheDeclaredMaximum() {
        SampleFunction f = SampleModules.function("mask_phone", "acme");
        GuestHost host = new GuestHost(f.module().bytes(), GuestHost.Mode.COMPILED);
        String phone = "0123456789".repeat(30_000);
        String masked = (String) host.callScalar(f, List.of(phone));
        assertEquals("*".repeat(phone.length() - 4) + "6789", masked);
        assertTrue(host.instance().memory().pages() > 2);
        long refused = host.instance().export("plugsql_alloc").apply(64 * 1024 * 1024)[0];
        assertEquals(0, refused, "an allocation beyond the 16 MiB maximum must return 0");
    }

    @Test
    void batchOutOfMemoryIsReportedThroughPlugsqlError() {
        SampleFunction f = SampleModules.function("normalize_text", "acme");
        GuestHost host = new GuestHost(f.module().bytes(), GuestHost.Mode.COMPILED);
        // 6 MiB in, 6 MiB per-row result, then 6 MiB for the contiguous result column: past 16 MiB.
        List<List<Object>> rows = List.of(List.of("A".repeat(6 << 20)));
        GuestHost.BatchFailedException e = assertThrows(GuestHost.BatchFailedException.class, () -> host.callBatch(f, rows));
        assertEquals("normalize_text_batch returned 1: batch result: out of memory", e.getMessage());
    }

    @Test
    void scalarOutOfMemoryTrapsInsteadOfWritingThroughNull() {
        SampleFunction f = SampleModules.function("normalize_text", "acme");
        GuestHost host = new GuestHost(f.module().bytes(), GuestHost.Mode.COMPILED);
        assertThrows(TrapException.class, () -> host.callScalar(f, List.of("A".repeat(9 << 20))));
        SampleFunction rust = SampleModules.function("iban_format", "acme");
        GuestHost rustHost = new GuestHost(rust.module().bytes(), GuestHost.Mode.COMPILED);
        assertThrows(TrapException.class, () -> rustHost.callScalar(rust, List.of("A".repeat(4 << 20))));
    }

    @Test
    void normalizeTextAgreesWithTheJdkOnRandomUnicodeText() {
        // Code points whose simple lower case the guest implements, plus whitespace and 3/4-byte UTF-8.
        int[][] ranges = {{0x20, 0x7E}, {0xA0, 0xFF}, {0x100, 0x12F}, {0x131, 0x17E}, {0x391, 0x3A1}, {0x3A3, 0x3C9},
            {0x400, 0x44F}, {'\t', '\r'}, {0x3000, 0x3000}, {0x4E00, 0x4E10}, {0x1F600, 0x1F610}};
        Random random = new Random(7);
        List<List<Object>> rows = new ArrayList<>();
        List<Object> expected = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                int[] range = ranges[random.nextInt(ranges.length)];
                text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
            }
            rows.add(List.of(text.toString()));
            expected.add(referenceNormalize(text.toString()));
        }
        SampleFunction f = SampleModules.function("normalize_text", "acme");
        GuestHost host = new GuestHost(f.module().bytes(), GuestHost.Mode.COMPILED);
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(expected.get(i), host.callScalar(f, rows.get(i)), "row " + i + " " + rows.get(i));
        }
        assertEquals(expected, host.callBatch(f, rows));
    }

    /** Trim, collapse the guest's whitespace set to one space, and map each code point through the JDK's simple lower case. */
    private static String referenceNormalize(String text) {
        StringBuilder out = new StringBuilder();
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x3000) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(Character.toLowerCase(c));
        }
        return out.toString();
    }
}
