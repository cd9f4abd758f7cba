package io.plugsql.sql.internal;

import io.plugsql.catalog.CatalogErrorCode;
import io.plugsql.engine.EngineErrorCode;
import io.plugsql.error.ErrorCode;
import io.plugsql.error.ErrorCodeSupplier;
import io.plugsql.error.PlugSqlException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The one place where exceptions become the {@link SQLException}s that JDBC clients see, with a
 * SQLSTATE (docs/SQL.md lists them) and the message of the exception that explains the failure.
 */
public final class SqlErrors {
    private static final Pattern UNKNOWN_TABLE = Pattern.compile("(?s).*(Object|Table) '.*' not found.*");
    private static final Pattern UNKNOWN_COLUMN = Pattern.compile("(?s).*Column '.*' not found.*");
    /** Avatica's message when a cancelled statement's result set is read (no SQLSTATE of its own). */
    private static final String AVATICA_CANCEL = "Statement canceled";
    private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("(?s).*No match found for function signature.*");

    /** SQLSTATEs of the catalog's and the engine's error codes (docs/SQL.md). */
    private static final Map<ErrorCode, String> STATES = states();

    private static Map<ErrorCode, String> states() {
        Map<ErrorCode, String> states = new HashMap<>();
        for (SqlAdapterErrorCode code : SqlAdapterErrorCode.values()) {
            states.put(code.toErrorCode(), code.sqlState());
        }
        put(states, "42723", CatalogErrorCode.FUNCTION_ALREADY_EXISTS);
        put(states, "42883", CatalogErrorCode.FUNCTION_NOT_FOUND);
        put(states, "42704", CatalogErrorCode.GRANT_NOT_FOUND, CatalogErrorCode.TENANT_NOT_FOUND);
        put(states, "42501", CatalogErrorCode.NOT_OWNER);
        put(states, "42000", CatalogErrorCode.INVALID_REQUEST);
        put(states, "55P03", CatalogErrorCode.CATALOG_BUSY);
        put(states, "58030", CatalogErrorCode.STORAGE_FAILURE, CatalogErrorCode.UNSUPPORTED_SCHEMA_VERSION);
        put(states, "42P13", EngineErrorCode.MALFORMED_MODULE, EngineErrorCode.HANDLER_NOT_FOUND,
                EngineErrorCode.IMPORT_NOT_ALLOWED, EngineErrorCode.MEMORY_DECLARATION_TOO_LARGE,
                EngineErrorCode.UNSUPPORTED_TYPE, EngineErrorCode.UNSUPPORTED_FEATURE,
                EngineErrorCode.MISSING_ABI_EXPORT, EngineErrorCode.INSTANTIATION_FAILED,
                EngineErrorCode.SIGNATURE_MISMATCH);
        put(states, "54000", EngineErrorCode.MODULE_TOO_LARGE, EngineErrorCode.TABLE_DECLARATION_TOO_LARGE,
                EngineErrorCode.RESULT_TOO_LARGE);
        put(states, "22012", EngineErrorCode.TRAP_DIVIDE_BY_ZERO);
        put(states, "22003", EngineErrorCode.TRAP_INTEGER_OVERFLOW);
        put(states, "22W01", EngineErrorCode.TRAP_UNREACHABLE, EngineErrorCode.TRAP_OUT_OF_BOUNDS, EngineErrorCode.TRAP);
        put(states, "22W02", EngineErrorCode.GUEST_ERROR);
        put(states, "22W03", EngineErrorCode.INVALID_RESULT);
        put(states, "54W01", EngineErrorCode.TIMEOUT);
        put(states, "54W02", EngineErrorCode.FUEL_EXHAUSTED);
        put(states, "54001", EngineErrorCode.STACK_EXHAUSTED);
        put(states, "53200", EngineErrorCode.MEMORY_EXHAUSTED);
        put(states, "57014", EngineErrorCode.CANCELLED);
        return Map.copyOf(states);
    }

    private static void put(Map<ErrorCode, String> states, String sqlState, ErrorCodeSupplier... codes) {
        for (ErrorCodeSupplier code : codes) {
            states.put(code.toErrorCode(), sqlState);
        }
    }

    private SqlErrors() {}

    /** Translates any failure of a JDBC call. */
    public static SQLException toSqlException(Throwable failure) {
        PlugSqlException plugSql = find(failure, PlugSqlException.class);
        if (plugSql != null && plugSql.getErrorCode().equals(SqlAdapterErrorCode.TENANT_DATABASE_ERROR.toErrorCode())
                && plugSql.getCause() instanceof SQLException h2 && h2.getSQLState() != null) {
            return new SQLException(h2.getMessage(), h2.getSQLState(), h2.getErrorCode(), failure);
        }
        if (plugSql != null) {
            ErrorCode code = plugSql.getErrorCode();
            return new SQLException(plugSql.getMessage(), sqlState(plugSql), code.code(), failure);
        }
        SqlParseException parse = find(failure, SqlParseException.class);
        if (parse != null) {
            return new SQLException(parse.getMessage(), "42601", failure);
        }
        CalciteContextException context = find(failure, CalciteContextException.class);
        if (context != null) {
            return new SQLException(context.getMessage(), validationState(context), failure);
        }
        ArithmeticException overflow = find(failure, ArithmeticException.class);
        if (overflow != null) {
            return new SQLException(message(overflow), "22003", failure);
        }
        NumberFormatException badNumber = find(failure, NumberFormatException.class);
        if (badNumber != null) {
            return new SQLException("Invalid character value for cast: " + message(badNumber), "22018", failure);
        }
        SQLException withState = findSqlState(failure);
        if (withState != null) {
            return new SQLException(withState.getMessage(), withState.getSQLState(),
                    withState.getErrorCode(), failure);
        }
        if (failure instanceof SQLException sql && sql.getSQLState() == null
                && AVATICA_CANCEL.equals(sql.getMessage())) {
            return new SQLException("Statement cancelled", "57014", failure);
        }
        if (failure instanceof SQLException sql) {
            Throwable cause = sql.getCause() == null ? sql : rootCause(sql);
            return new SQLException(message(cause), "XX000", failure);
        }
        return new SQLException(message(rootCause(failure)), "XX000", failure);
    }

    /** The SQLSTATE of a plugsql error: its code's entry, else one by category. */
    static String sqlState(PlugSqlException exception) {
        ErrorCode code = exception.getErrorCode();
        String state = STATES.get(code);
        if (state != null) {
            return state;
        }
        return switch (code.type()) {
            case USER_ERROR -> "22000";
            case INSUFFICIENT_RESOURCES -> "54000";
            case EXTERNAL -> "58000";
            case INTERNAL_ERROR -> "XX000";
        };
    }

    private static String validationState(CalciteContextException exception) {
        String message = String.valueOf(exception.getMessage());
        if (UNKNOWN_FUNCTION.matcher(message).matches()) {
            return "42883";
        }
        if (UNKNOWN_COLUMN.matcher(message).matches()) {
            return "42703";
        }
        if (UNKNOWN_TABLE.matcher(message).matches()) {
            return "42P01";
        }
        return "42000";
    }

    private static @Nullable SQLException findSqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql;
            }
        }
        return null;
    }

    private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
