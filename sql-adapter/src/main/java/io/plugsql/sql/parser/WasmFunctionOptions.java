package io.plugsql.sql.parser;

import static io.plugsql.sql.PlugSqlResource.RESOURCE;
import static java.util.Objects.requireNonNull;

import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.SandboxLimits;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUtil;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The checked options of a CREATE FUNCTION's WITH clause; an absent option is null (or its default),
 * so that the effective sandbox limits can be resolved against the defaults and the tenant quota.
 *
 * <pre>{@code
 * WITH (handler = 'discount', memory_limit = '512KB', timeout = '500ms', fuel = 1000000,
 *       on_null_input = 'call', deterministic = false)
 * }</pre>
 *
 * @param handler export to call, or null for the function's name in lower case
 * @param memoryLimitBytes linear memory cap in bytes, or null for the default
 * @param timeout wall-clock limit of one invocation, or null for the default
 * @param fuel instruction budget per row, or null for the default
 */
public record WasmFunctionOptions(
        @Nullable String handler,
        @Nullable Long memoryLimitBytes,
        @Nullable Duration timeout,
        @Nullable Long fuel,
        NullInputMode nullInputMode,
        boolean deterministic) {
    /** No options given: every default. */
    public static final WasmFunctionOptions DEFAULTS =
            new WasmFunctionOptions(null, null, null, null, NullInputMode.RETURN_NULL, true);

    /** Largest linear memory a wasm32 module can address: 65536 pages of 64 KiB. */
    public static final long MAX_MEMORY_BYTES = 4L << 30;

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KIB|MB|MIB|GB|GIB)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(MS|S|M)?");
    private static final Pattern HANDLER = Pattern.compile("[^\\x00-\\x1f]{1,256}");

    public WasmFunctionOptions {
        requireNonNull(nullInputMode, "nullInputMode is null");
    }

    /** The options a WITH clause accepts, by their SQL spelling. */
    public enum Option {
        /** {@code handler = 'export_name'}; default: the function's name in lower case. */
        HANDLER,
        /** {@code memory_limit = '16MB'}: bytes with an optional B/KB/MB/GB suffix (binary units). */
        MEMORY_LIMIT,
        /** {@code timeout = '2s'}: a duration in ms, s or m; a bare number is milliseconds. */
        TIMEOUT,
        /** {@code fuel = 100000000}: positive instruction budget per row. */
        FUEL,
        /** {@code on_null_input = 'return_null' | 'call'}. */
        ON_NULL_INPUT,
        /** {@code deterministic = true | false}. */
        DETERMINISTIC;

        /** The option's name as written in SQL. */
        public String sqlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static String validNames() {
            return Arrays.stream(values()).map(Option::sqlName).collect(Collectors.joining(", "));
        }
    }

    /** Checks and converts a WITH list of {@link SqlWasmOption}s; errors carry the option's position. */
    public static WasmFunctionOptions of(SqlNodeList options) {
        Map<Option, SqlWasmOption> byKey = new EnumMap<>(Option.class);
        for (SqlNode node : options) {
            SqlWasmOption option = (SqlWasmOption) node;
            Option key = Arrays.stream(Option.values())
                    .filter(candidate -> candidate.sqlName().equals(option.keyName()))
                    .findFirst()
                    .orElseThrow(() -> SqlUtil.newContextException(option.getParserPosition(),
                            RESOURCE.unknownOption(option.keyName(), Option.validNames())));
            if (byKey.put(key, option) != null) {
                throw SqlUtil.newContextException(option.getParserPosition(), RESOURCE.duplicateOption(key.sqlName()));
            }
        }
        SqlWasmOption handler = byKey.get(Option.HANDLER);
        SqlWasmOption memory = byKey.get(Option.MEMORY_LIMIT);
        SqlWasmOption timeout = byKey.get(Option.TIMEOUT);
        SqlWasmOption fuel = byKey.get(Option.FUEL);
        SqlWasmOption nullInput = byKey.get(Option.ON_NULL_INPUT);
        SqlWasmOption deterministic = byKey.get(Option.DETERMINISTIC);
        return new WasmFunctionOptions(
                handler == null ? null : handler(handler),
                memory == null ? null : memoryBytes(memory),
                timeout == null ? null : duration(timeout),
                fuel == null ? null : fuel(fuel),
                nullInput == null ? NullInputMode.RETURN_NULL : nullInputMode(nullInput),
                deterministic == null || bool(deterministic));
    }

    /** The limits these options set, each absent one taken from {@code defaults}. */
    public SandboxLimits limits(SandboxLimits defaults) {
        SandboxLimits limits = defaults;
        if (memoryLimitBytes != null) {
            limits = limits.withMaxMemoryBytes(memoryLimitBytes);
        }
        if (timeout != null) {
            limits = limits.withTimeout(timeout);
        }
        if (fuel != null) {
            limits = limits.withFuelPerRow(fuel);
        }
        return limits;
    }

    private static String handler(SqlWasmOption option) {
        String value = option.valueText();
        if (!HANDLER.matcher(value).matches()) {
            throw invalid(option, "a non-empty export name of at most 256 characters");
        }
        return value;
    }

    private static long memoryBytes(SqlWasmOption option) {
        Matcher matcher = SIZE.matcher(option.valueText().trim().toUpperCase(Locale.ROOT));
        String expected = "a size such as '16MB' or '512KB' between 64KB and 4GB";
        if (!matcher.matches()) {
            throw invalid(option, expected);
        }
        long unit = switch (matcher.group(2) == null ? "B" : matcher.group(2)) {
            case "KB", "KIB" -> 1L << 10;
            case "MB", "MIB" -> 1L << 20;
            case "GB", "GIB" -> 1L << 30;
            default -> 1L;
        };
        long bytes = parsePositive(option, matcher.group(1), expected);
        if (bytes > MAX_MEMORY_BYTES / unit || bytes * unit < SandboxLimits.WASM_PAGE_BYTES) {
            throw invalid(option, expected);
        }
        return bytes * unit;
    }

    private static Duration duration(SqlWasmOption option) {
        Matcher matcher = DURATION.matcher(option.valueText().trim().toUpperCase(Locale.ROOT));
        String expected = "a positive duration such as '2s', '500ms' or '1m'";
        if (!matcher.matches()) {
            throw invalid(option, expected);
        }
        long amount = parsePositive(option, matcher.group(1), expected);
        String unit = matcher.group(2) == null ? "MS" : matcher.group(2);
        try {
            return switch (unit) {
                case "S" -> Duration.ofSeconds(amount);
                case "M" -> Duration.ofMinutes(amount);
                default -> Duration.ofMillis(amount);
            };
        } catch (ArithmeticException e) {
            throw invalid(option, expected);
        }
    }

    private static long fuel(SqlWasmOption option) {
        return parsePositive(option, option.valueText().trim(), "a positive integer");
    }

    private static NullInputMode nullInputMode(SqlWasmOption option) {
        try {
            return NullInputMode.fromOptionValue(option.valueText());
        } catch (IllegalArgumentException e) {
            throw invalid(option, "'return_null' or 'call'");
        }
    }

    private static boolean bool(SqlWasmOption option) {
        String value = option.valueText().trim();
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(option, "true or false");
    }

    private static long parsePositive(SqlWasmOption option, String digits, String expected) {
        try {
            long value = Long.parseLong(digits);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw invalid(option, expected);
    }

    private static RuntimeException invalid(SqlWasmOption option, String expected) {
        return SqlUtil.newContextException(option.getParserPosition(),
                RESOURCE.invalidOptionValue(option.keyName(), option.value().toString(), expected));
    }
}
