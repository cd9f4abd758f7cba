package io.plugsql.server.client;

import io.plugsql.engine.UdfType;

import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Answers {@code DatabaseMetaData.getFunctions} and {@code getFunctionColumns} from the catalog table
 * {@code plugsql.functions} (Avatica's protocol has no request for them, so the stock driver always
 * answers empty): the tenant's functions and those granted to it, in JDBC's column layout.
 */
final class FunctionMetadata {
    private static final String QUERY = "SELECT schema_name, function_name, version, handler, parameters, return_type"
            + " FROM plugsql.functions";
    private static final Object[] FUNCTION_COLUMNS = {
            "FUNCTION_CAT", Types.VARCHAR, "FUNCTION_SCHEM", Types.VARCHAR, "FUNCTION_NAME", Types.VARCHAR,
            "REMARKS", Types.VARCHAR, "FUNCTION_TYPE", Types.SMALLINT, "SPECIFIC_NAME", Types.VARCHAR};
    private static final Object[] FUNCTION_COLUMN_COLUMNS = {
            "FUNCTION_CAT", Types.VARCHAR, "FUNCTION_SCHEM", Types.VARCHAR, "FUNCTION_NAME", Types.VARCHAR,
            "COLUMN_NAME", Types.VARCHAR, "COLUMN_TYPE", Types.SMALLINT, "DATA_TYPE", Types.INTEGER,
            "TYPE_NAME", Types.VARCHAR, "PRECISION", Types.INTEGER, "LENGTH", Types.INTEGER, "SCALE", Types.SMALLINT,
            "RADIX", Types.SMALLINT, "NULLABLE", Types.SMALLINT, "REMARKS", Types.VARCHAR,
            "CHAR_OCTET_LENGTH", Types.INTEGER, "ORDINAL_POSITION", Types.INTEGER, "IS_NULLABLE", Types.VARCHAR,
            "SPECIFIC_NAME", Types.VARCHAR};

    private FunctionMetadata() {}

    /** One row of {@code plugsql.functions}. */
    private record Function(String schema, String name, int version, String handler, List<Parameter> parameters,
            UdfType result) {
        Function {
            requireNonNull(schema, "schema is null");
            requireNonNull(name, "name is null");
            parameters = List.copyOf(parameters);
        }

        String specificName() {
            return schema + "." + name;
        }
    }

    /** A parameter; the name is empty when the function declared none. */
    private record Parameter(String name, UdfType type) {}

    static ResultSet functions(Connection connection, String schemaPattern, String namePattern) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Function function : matching(connection, schemaPattern, namePattern)) {
            rows.add(new Object[] {null, function.schema(), function.name(),
                    "WASM function, version " + function.version() + ", handler " + function.handler(),
                    (short) DatabaseMetaData.functionNoTable, function.specificName()});
        }
        return rowSet(FUNCTION_COLUMNS, rows);
    }

    /** Rows of {@code getFunctionColumns}: the result (position 0) first, then each parameter. */
    static ResultSet functionColumns(Connection connection, String schemaPattern, String namePattern, String columnPattern)
            throws SQLException {
        Pattern columns = like(columnPattern);
        List<Object[]> rows = new ArrayList<>();
        for (Function function : matching(connection, schemaPattern, namePattern)) {
            if (columns.matcher("").matches()) {
                rows.add(column(function, "", DatabaseMetaData.functionReturn, function.result(), 0));
            }
            for (int i = 0; i < function.parameters().size(); i++) {
                Parameter parameter = function.parameters().get(i);
                if (columns.matcher(parameter.name()).matches()) {
                    rows.add(column(function, parameter.name(), DatabaseMetaData.functionColumnIn, parameter.type(), i + 1));
                }
            }
        }
        return rowSet(FUNCTION_COLUMN_COLUMNS, rows);
    }

    private static Object[] column(Function function, String name, int kind, UdfType type, int position) {
        int precision = precision(type);
        return new Object[] {null, function.schema(), function.name(), name, (short) kind,
                sqlType(type), type.toString(), precision, precision, (short) type.scale(), (short) 10,
                (short) DatabaseMetaData.functionNullable, null,
                isText(type) ? Integer.MAX_VALUE : null, position, "YES", function.specificName()};
    }

    private static List<Function> matching(Connection connection, String schemaPattern, String namePattern)
            throws SQLException {
        Pattern schemas = like(schemaPattern);
        Pattern names = like(namePattern);
        List<Function> functions = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(QUERY)) {
            while (rows.next()) {
                String schema = rows.getString(1);
                String name = rows.getString(2);
                if (schemas.matcher(schema).matches() && names.matcher(name).matches()) {
                    functions.add(new Function(schema, name, rows.getInt(3), rows.getString(4),
                            parameters(rows.getString(5)), UdfType.parse(rows.getString(6))));
                }
            }
        }
        functions.sort(Comparator.comparing(Function::schema).thenComparing(Function::name));
        return functions;
    }

    /** Parses the catalog's parameter list, e.g. {@code a BIGINT, DECIMAL(12,2)}. */
    private static List<Parameter> parameters(String text) {
        List<Parameter> parameters = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return parameters;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i == text.length() ? ',' : text.charAt(i);
            if (c == '(') {
                depth++;
            }
            else if (c == ')') {
                depth--;
            }
            else if (c == ',' && depth == 0) {
                String part = text.substring(start, i).trim();
                int space = part.indexOf(' ');
                int paren = part.indexOf('(');
                boolean named = space > 0 && (paren < 0 || space < paren);
                parameters.add(named ? new Parameter(part.substring(0, space), UdfType.parse(part.substring(space + 1).trim()))
                        : new Parameter("", UdfType.parse(part)));
                start = i + 1;
            }
        }
        return parameters;
    }

    private static ResultSet rowSet(Object[] columns, List<Object[]> rows) throws SQLException {
        RowSetMetaDataImpl metaData = new RowSetMetaDataImpl();
        metaData.setColumnCount(columns.length / 2);
        for (int i = 0; i < columns.length; i += 2) {
            metaData.setColumnName(i / 2 + 1, (String) columns[i]);
            metaData.setColumnLabel(i / 2 + 1, (String) columns[i]);
            metaData.setColumnType(i / 2 + 1, (Integer) columns[i + 1]);
            metaData.setNullable(i / 2 + 1, ResultSetMetaData.columnNullable);
        }
        CachedRowSet rowSet = RowSetProvider.newFactory().createCachedRowSet();
        rowSet.setMetaData(metaData);
        for (Object[] row : rows) {
            rowSet.moveToInsertRow();
            for (int i = 0; i < row.length; i++) {
                if (row[i] == null) {
                    rowSet.updateNull(i + 1);
                }
                else {
                    rowSet.updateObject(i + 1, row[i]);
                }
            }
            rowSet.insertRow();
            rowSet.moveToCurrentRow();
            // A row set inserts after the current row: stay on the last one to keep the order.
            rowSet.last();
        }
        rowSet.beforeFirst();
        return rowSet;
    }

    /**
     * A metadata search pattern as the server's own metadata takes it (Calcite's): {@code %} matches any
     * characters, {@code \} escapes, and {@code _} matches only itself, so the exact name {@code a_c}
     * never matches schema {@code abc}; null matches all. Case-insensitive like plugsql names.
     */
    static Pattern like(String pattern) {
        if (pattern == null) {
            return Pattern.compile(".*", Pattern.DOTALL);
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            }
            else if (c == '%') {
                regex.append(".*");
            }
            else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private static boolean isText(UdfType type) {
        switch (type.name()) {
            case VARCHAR:
            case VARBINARY:
                return true;
            default:
                return false;
        }
    }

    private static int precision(UdfType type) {
        switch (type.name()) {
            case BOOLEAN:
                return 1;
            case INTEGER:
                return 10;
            case BIGINT:
                return 19;
            case REAL:
                return 7;
            case DOUBLE:
                return 15;
            case DECIMAL:
                return type.precision();
            case DATE:
                return 10;
            case TIMESTAMP:
                return 26;
            default:
                return Integer.MAX_VALUE;
        }
    }

    private static int sqlType(UdfType type) {
        switch (type.name()) {
            case BOOLEAN:
                return Types.BOOLEAN;
            case INTEGER:
                return Types.INTEGER;
            case BIGINT:
                return Types.BIGINT;
            case REAL:
                return Types.REAL;
            case DOUBLE:
                return Types.DOUBLE;
            case DECIMAL:
                return Types.DECIMAL;
            case VARCHAR:
                return Types.VARCHAR;
            case VARBINARY:
                return Types.VARBINARY;
            case DATE:
                return Types.DATE;
            case TIMESTAMP:
                return Types.TIMESTAMP;
            default:
                throw new IllegalArgumentException("no JDBC type for " + type.toString().toLowerCase(Locale.ROOT));
        }
    }

}
