package io.plugsql.samples;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Calls of every sample function with their expected results (Unicode strings, NULLs in both
 * null-input modes, tier boundaries, overflow), for tests at every layer: direct Wasm calls here,
 * SQL and JDBC tests elsewhere.
 *
 * <pre>{@code
 * for (SampleCases.Case c : SampleCases.all()) {
 *     // SELECT <c.function()>(?, ...) as tenant c.tenant() with c.args() must return c.expected()
 * }
 * }</pre>
 * Doubles compare with a relative tolerance of 1e-12 (the guests' sin/cos are not the JDK's); a NaN
 * expectation means NaN.
 */
public final class SampleCases {
    /**
     * One call: SQL function name and demo tenant (which picks the tenant's variant), arguments as
     * Long/Integer/Double/Boolean/String or null, in declaration order, and the expected result.
     */
    public record Case(String function, String tenant, List<Object> args, Object expected) {
        public Case {
            requireNonNull(function, "function is null");
            requireNonNull(tenant, "tenant is null");
            args = Collections.unmodifiableList(Arrays.asList(args.toArray()));
        }

        /** The sample function this case calls. */
        public SampleFunction sample() {
            return SampleModules.function(function, tenant);
        }

        @Override
        public String toString() {
            return function + "@" + tenant + args + " = " + expected;
        }
    }

    private static final double PARIS_LONDON_KM = reference(48.8566, 2.3522, 51.5074, -0.1278);

    private SampleCases() {}

    /** Whether {@code actual} is the expected result: equal, or for doubles within 1e-12 relative (NaN matches NaN). */
    public static boolean matches(Object expected, Object actual) {
        if (expected instanceof Double e && actual instanceof Double a) {
            return e.isNaN() ? a.isNaN() : Math.abs(e - a) <= Math.max(1e-9, Math.abs(e) * 1e-12);
        }
        return Objects.equals(expected, actual);
    }

    /** Returns every case, grouped by function in manifest order. */
    public static List<Case> all() {
        return List.of(
                c("mul_add", 3L, 4L, 13L),
                c("mul_add", -2L, 5L, -9L),
                c("mul_add", 0L, 0L, 1L),
                c("mul_add", Long.MAX_VALUE, 2L, -1L),
                c("mul_add", null, 5L, null),

                c("mask_email", "jöhn.doe@exämple.com", "j***@exämple.com"),
                c("mask_email", "élodie@café.fr", "é***@café.fr"),
                c("mask_email", "😀smile@x.io", "😀***@x.io"),
                c("mask_email", "a@b.co", "a***@b.co"),
                c("mask_email", "@example.com", "***@example.com"),
                c("mask_email", "no-at-sign", "n***"),
                c("mask_email", "", ""),
                c("mask_email", null, null),

                c("mask_phone", "+1 (555) 123-4567", "+* (***) ***-4567"),
                c("mask_phone", "0049 30 1234567", "**** ** ***4567"),
                c("mask_phone", "Tél. 06 12 34 56 78", "Tél. ** ** ** 56 78"),
                c("mask_phone", "123", "123"),
                c("mask_phone", "", ""),

                c("normalize_text", "  Ünïcödé   ÉTL  ", "ünïcödé étl"),
                c("normalize_text", "HELLO\tWorld\r\n", "hello world"),
                c("normalize_text", "ŁÓDŹ  Straße", "łódź straße"),
                c("normalize_text", "ΑΘΗΝΑ  Москва ЁЖ", "αθηνα москва ёж"),
                c("normalize_text", "\u00A0a\u00A0\u00A0b\u3000", "a b"),
                c("normalize_text", "Ÿ × Ĳ", "ÿ × ĳ"),
                c("normalize_text", "already clean", "already clean"),
                c("normalize_text", "   ", ""),
                c("normalize_text", "", ""),
                c("normalize_text", null, null),

                c("calibrate_f", 20.0, 0.5, 1.02, 69.62),
                c("calibrate_f", 100.0, null, null, 212.0),
                c("calibrate_f", 0.0, null, 2.0, 32.0),
                c("calibrate_f", -40.0, 0.0, 1.0, -40.0),
                c("calibrate_f", null, 1.0, 1.0, null),

                t("discount", "acme", 9_999L, 0L),
                t("discount", "acme", 10_000L, 500L),
                t("discount", "acme", 49_999L, 2_500L),
                t("discount", "acme", 50_000L, 5_000L),
                t("discount", "acme", 199_999L, 20_000L),
                t("discount", "acme", 200_000L, 30_000L),
                t("discount", "acme", 1_000_000L, 50_000L),
                t("discount", "acme", -5_000L, 0L),
                t("discount", "acme", Long.MAX_VALUE, 50_000L),
                t("discount", "acme", null, null),
                t("discount", "globex", 4_999L, 0L),
                t("discount", "globex", 5_000L, 250L),
                t("discount", "globex", 24_999L, 250L),
                t("discount", "globex", 25_000L, 1_750L),
                t("discount", "globex", 99_999L, 7_000L),
                t("discount", "globex", 100_000L, 13_000L),
                t("discount", "globex", -1L, 0L),
                t("discount", "globex", Long.MAX_VALUE, 1_106_804_644_422_572_400L + 1_000L),

                c("luhn_check", "4539 1488 0343 6467", true),
                c("luhn_check", "4111-1111-1111-1111", true),
                c("luhn_check", "378282246310005", true),
                c("luhn_check", "79927398713", true),
                c("luhn_check", "4111 1111 1111 1112", false),
                c("luhn_check", "7992739871x", false),
                c("luhn_check", "١٢٣٤", false),
                c("luhn_check", "0", false),
                c("luhn_check", "", false),

                c("iban_check", "DE89 3704 0044 0532 0130 00", true),
                c("iban_check", "de89370400440532013000", true),
                c("iban_check", "GB82 WEST 1234 5698 7654 32", true),
                c("iban_check", "GB82 WEST 1234 5698 7654 33", false),
                c("iban_check", "DE89 3704 0044 0532 0130 0Ä", false),
                c("iban_check", "DE89", false),
                c("iban_check", "", false),

                c("iban_format", "de89370400440532013000", "DE89 3704 0044 0532 0130 00"),
                c("iban_format", "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32"),
                c("iban_format", " gb82 west 1234 ", "GB82 WEST 1234"),
                c("iban_format", "dé893704x", "Dé89 3704 X"),
                c("iban_format", "ÄÖÜßäöüé€", "ÄÖÜß äöüé €"),
                c("iban_format", "", ""),

                c("haversine_km", 0.0, 0.0, 0.0, 0.0, 0.0),
                c("haversine_km", 48.8566, 2.3522, 51.5074, -0.1278, PARIS_LONDON_KM),
                c("haversine_km", 0.0, 0.0, 0.0, 180.0, reference(0, 0, 0, 180)),
                c("haversine_km", -33.8688, 151.2093, 40.7128, -74.0060, reference(-33.8688, 151.2093, 40.7128, -74.0060)),
                c("haversine_km", null, 0.0, 0.0, 0.0, null),

                c("geohash", 57.64911, 10.40744, 11, "u4pruydqqvj"),
                c("geohash", 48.8566, 2.3522, 9, "u09tvw0f6"),
                c("geohash", 51.5074, -0.1278, 6, "gcpvj0"),
                c("geohash", -33.8688, 151.2093, 40, "r3gx2f77bn44"),
                c("geohash", 48.8566, 2.3522, 0, "u"),
                c("geohash", 48.8566, 2.3522, null, "u09tvw0f6"),
                c("geohash", 91.0, 0.0, 5, null),
                c("geohash", Double.NaN, 0.0, 5, null),
                c("geohash", null, 0.0, 5, null),

                c("geohash_distance_km", "u4pruydqqvj", "u4pruydqqvj", 0.0),
                c("geohash_distance_km", "U09TVW0F6", "gcpvj0", reference(48.856608867645264, 2.3522114753723145, 51.50665283203125, -0.1263427734375)),
                c("geohash_distance_km", "ü09", "u09", Double.NaN),
                c("geohash_distance_km", "", "u09", Double.NaN));
    }

    /** Great-circle distance with the same mean Earth radius, computed by the JDK as the reference. */
    private static double reference(double lat1, double lon1, double lat2, double lon2) {
        double s = Math.sin(Math.toRadians(lat2 - lat1) / 2);
        double t = Math.sin(Math.toRadians(lon2 - lon1) / 2);
        double a = s * s + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * t * t;
        return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    private static Case c(String function, Object... argsThenExpected) {
        return t(function, "acme", argsThenExpected);
    }

    private static Case t(String function, String tenant, Object... argsThenExpected) {
        int n = argsThenExpected.length - 1;
        return new Case(function, tenant, Arrays.asList(Arrays.copyOf(argsThenExpected, n)), argsThenExpected[n]);
    }
}
