package io.plugsql.sql.internal;

import io.plugsql.error.ErrorCode;
import io.plugsql.error.PlugSqlException;
import java.sql.SQLException;
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
    private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("(?s).*No match found for function signature.*");

    private SqlErrors() {}

    /** Translates any failure of a JDBC call. */
    public static SQLException toSqlException(Throwable failure) {
        PlugSqlException plugSql = find(failure, PlugSqlException.class);
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
        SQLException withState = findSqlState(failure);
        if (withState != null) {
            return new SQLException(withState.getMessage(), withState.getSQLState(),
                    withState.getErrorCode(), failure);
        }
        if (failure instanceof SQLException sql) {
            Throwable cause = sql.getCause() == null ? sql : rootCause(sql);
            return new SQLException(message(cause), "XX000", failure);
        }
        return new SQLException(message(rootCause(failure)), "XX000", failure);
    }

    /** The SQLSTATE of a plugsql error: the module's own mapping, else one by category. */
    static String sqlState(PlugSqlException exception) {
        ErrorCode code = exception.getErrorCode();
        for (SqlAdapterErrorCode candidate : SqlAdapterErrorCode.values()) {
            if (candidate.toErrorCode().equals(code)) {
                return candidate.sqlState();
            }
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
