package io.plugsql.samples;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** JDBC helpers for the SQL tests: embedded connections, literals and typed parameters per SQL type. */
final class Sql {
    private Sql() {}

    /** Opens an embedded connection of {@code tenant} on the data directory {@code data}. */
    static Connection connect(Path data, String tenant) throws SQLException {
        return DriverManager.getConnection("jdbc:plugsql:data=" + data + ";tenant=" + tenant);
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs a query and returns its rows, columns separated by {@code |}, NULL as {@code null}. */
    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** Renders {@code value} as an SQL literal of {@code type} (BIGINT, INTEGER, DOUBLE or VARCHAR). */
    static String literal(String type, Object value) {
        if (value == null) {
            return "CAST(NULL AS " + type + ")";
        }
        return switch (base(type)) {
            case "BIGINT" -> "CAST(" + value + " AS BIGINT)";
            case "INTEGER" -> value.toString();
            case "DOUBLE" -> ((Double) value).isNaN() ? "CAST('NaN' AS DOUBLE)" : doubleLiteral((Double) value);
            case "VARCHAR" -> "'" + ((String) value).replace("'", "''") + "'";
            default -> throw new IllegalArgumentException("type not used by the samples: " + type);
        };
    }

    /** Binds {@code value} (or NULL) as parameter {@code index} of SQL type {@code type}. */
    static void bind(PreparedStatement statement, int index, String type, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, jdbcType(type));
            return;
        }
        switch (base(type)) {
            case "BIGINT" -> statement.setLong(index, (Long) value);
            case "INTEGER" -> statement.setInt(index, (Integer) value);
            case "DOUBLE" -> statement.setDouble(index, (Double) value);
            case "VARCHAR" -> statement.setString(index, (String) value);
            default -> throw new IllegalArgumentException("type not used by the samples: " + type);
        }
    }

    /** Reads column {@code index} as the Java type {@link SampleCases} uses for {@code type}. */
    static Object read(ResultSet rs, int index, String type) throws SQLException {
        Object value = switch (base(type)) {
            case "BIGINT" -> rs.getLong(index);
            case "INTEGER" -> rs.getInt(index);
            case "DOUBLE" -> rs.getDouble(index);
            case "BOOLEAN" -> rs.getBoolean(index);
            case "VARCHAR" -> rs.getString(index);
            default -> throw new IllegalArgumentException("type not used by the samples: " + type);
        };
        return rs.wasNull() ? null : value;
    }

    /** The column type a tenant table uses for a parameter of SQL type {@code type}. */
    static String columnType(String type) {
        return base(type).equals("VARCHAR") ? "VARCHAR(400)" : type;
    }

    private static int jdbcType(String type) {
        return switch (base(type)) {
            case "BIGINT" -> Types.BIGINT;
            case "INTEGER" -> Types.INTEGER;
            case "DOUBLE" -> Types.DOUBLE;
            case "VARCHAR" -> Types.VARCHAR;
            default -> throw new IllegalArgumentException("type not used by the samples: " + type);
        };
    }

    private static String doubleLiteral(double value) {
        String text = Double.toString(value);
        return text.contains("E") ? text : text + "E0";
    }

    private static String base(String type) {
        int paren = type.indexOf('(');
        return (paren < 0 ? type : type.substring(0, paren)).trim().toUpperCase(Locale.ROOT);
    }
}
