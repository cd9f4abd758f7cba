package io.plugsql.sql.vectorized;

import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A Calcite connection with {@link VectorizedPrepare}, a schema {@code S} holding in-memory tables
 * and the {@link JavaUdf} test functions; stands in for the embedded driver until it lands.
 */
final class TestDb {
    static final UdfType BIGINT = UdfType.of(TypeName.BIGINT);
    static final UdfType INTEGER = UdfType.of(TypeName.INTEGER);
    static final UdfType VARCHAR = UdfType.of(TypeName.VARCHAR);
    static final UdfType DOUBLE = UdfType.of(TypeName.DOUBLE);
    static final UdfType BOOLEAN = UdfType.of(TypeName.BOOLEAN);
    static final UdfType DATE = UdfType.of(TypeName.DATE);
    static final UdfType TIMESTAMP = UdfType.of(TypeName.TIMESTAMP);
    static final UdfType VARBINARY = UdfType.of(TypeName.VARBINARY);
    static final UdfType REAL = UdfType.of(TypeName.REAL);
    static final UdfType DECIMAL = UdfType.decimal(10, 2);

    static final JavaUdf MUL_ADD = new JavaUdf("S.MUL_ADD", NullInputMode.RETURN_NULL,
            a -> (Long) a[0] * (Long) a[1] + 1, BIGINT, BIGINT, BIGINT);
    static final JavaUdf TIMES10 = new JavaUdf("S.TIMES10", NullInputMode.RETURN_NULL,
            a -> (Long) a[0] * 10, BIGINT, BIGINT);
    static final JavaUdf NVL0 = new JavaUdf("S.NVL0", NullInputMode.CALL,
            a -> a[0] == null ? -1L : (Long) a[0], BIGINT, BIGINT);
    static final JavaUdf SHOUT = new JavaUdf("S.SHOUT", NullInputMode.RETURN_NULL,
            a -> ((String) a[0]).toUpperCase(Locale.ROOT) + "!", VARCHAR, VARCHAR);
    static final JavaUdf GREET = new JavaUdf("S.GREET", NullInputMode.CALL,
            a -> a[0] == null ? "nobody" : "hi " + a[0], VARCHAR, VARCHAR);
    static final JavaUdf STRLEN = new JavaUdf("S.STRLEN", NullInputMode.RETURN_NULL,
            a -> ((String) a[0]).codePointCount(0, ((String) a[0]).length()), INTEGER, VARCHAR);
    static final JavaUdf HALF = new JavaUdf("S.HALF", NullInputMode.RETURN_NULL,
            a -> (Double) a[0] / 2, DOUBLE, DOUBLE);
    static final JavaUdf SHRINK = new JavaUdf("S.SHRINK", NullInputMode.RETURN_NULL,
            a -> (Float) a[0] / 4, REAL, REAL);
    static final JavaUdf IS_EVEN = new JavaUdf("S.IS_EVEN", NullInputMode.RETURN_NULL,
            a -> (Long) a[0] % 2 == 0, BOOLEAN, BIGINT);
    static final JavaUdf NEXT_DAY = new JavaUdf("S.NEXT_DAY", NullInputMode.RETURN_NULL,
            a -> (Integer) a[0] + 1, DATE, DATE);
    static final JavaUdf PLUS_MS = new JavaUdf("S.PLUS_MS", NullInputMode.RETURN_NULL,
            a -> (Long) a[0] + 1000, TIMESTAMP, TIMESTAMP);
    static final JavaUdf DOUBLE_IT = new JavaUdf("S.DOUBLE_IT", NullInputMode.RETURN_NULL,
            a -> ((BigDecimal) a[0]).multiply(BigDecimal.valueOf(2)), DECIMAL, DECIMAL);
    static final JavaUdf REVERSE = new JavaUdf("S.REVERSE_BYTES", NullInputMode.RETURN_NULL, a -> {
        byte[] in = (byte[]) a[0];
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }, VARBINARY, VARBINARY);

    /** Columns of T, typed as {@link #tRows} describes. */
    static final String[] T_NAMES = {"A", "B", "S", "D", "R", "N", "DT", "TS", "M", "BIN"};
    static final List<UdfType> T_TYPES = List.of(BIGINT, BIGINT, VARCHAR, DOUBLE, REAL, INTEGER, DATE, TIMESTAMP,
            DECIMAL, VARBINARY);

    static final List<JavaUdf> FUNCTIONS = List.of(MUL_ADD, TIMES10, NVL0, SHOUT, GREET, STRLEN, HALF, SHRINK,
            IS_EVEN, NEXT_DAY, PLUS_MS, DOUBLE_IT, REVERSE);

    private TestDb() {}

    /** Rows of T: a BIGINT, b BIGINT, s VARCHAR, d DOUBLE, r REAL, n INTEGER, dt DATE, ts TIMESTAMP, m DECIMAL(10,2), bin VARBINARY. */
    static List<Object[]> tRows(int count, long seed) {
        Random random = new Random(seed);
        String[] words = {"alpha", "Grüße", "日本語", "x", "", "mixed Case 😀"};
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {
                nullOr(random, (long) random.nextInt(2000) - 1000),
                nullOr(random, (long) random.nextInt(100)),
                nullOr(random, words[random.nextInt(words.length)]),
                nullOr(random, random.nextInt(10_000) / 8.0),
                nullOr(random, random.nextInt(1000) / 4.0f),
                nullOr(random, random.nextInt(50)),
                nullOr(random, 18_000 + random.nextInt(2000)),
                nullOr(random, 1_600_000_000_000L + random.nextInt(1_000_000_000)),
                nullOr(random, BigDecimal.valueOf(random.nextInt(2_000_000) - 1_000_000, 2)),
                nullOr(random, new ByteString(new byte[] {(byte) i, (byte) random.nextInt(), 7})),
            });
        }
        return rows;
    }

    private static Object nullOr(Random random, Object value) {
        return random.nextInt(8) == 0 ? null : value;
    }

    static Connection connect(boolean vectorize, int batchSize, List<Object[]> tRows) throws SQLException {
        return connect(vectorize, batchSize, () -> tRows);
    }

    static Connection connect(boolean vectorize, int batchSize, Supplier<List<Object[]>> tRows) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty(VectorizeSettings.VECTORIZE, Boolean.toString(vectorize));
        properties.setProperty(VectorizeSettings.BATCH_SIZE, Integer.toString(batchSize));
        return connect(properties, tRows);
    }

    static Connection connect(Properties properties, List<Object[]> tRows) throws SQLException {
        return connect(properties, () -> tRows);
    }

    static Connection connect(Properties properties, Supplier<List<Object[]>> tRows) throws SQLException {
        return connect(properties, tRows, FUNCTIONS);
    }

    /**
     * A connection whose table T scans whatever {@code tRows} supplies at execution time, with the
     * functions registered in schema S under the last part of their names.
     */
    static Connection connect(Properties properties, Supplier<List<Object[]>> tRows,
            List<? extends TestFunction> functions) throws SQLException {
        return connect(properties, new RowsTable(tRows, T_NAMES,
                new SqlTypeName[] {SqlTypeName.BIGINT, SqlTypeName.BIGINT, SqlTypeName.VARCHAR, SqlTypeName.DOUBLE,
                    SqlTypeName.REAL, SqlTypeName.INTEGER, SqlTypeName.DATE, SqlTypeName.TIMESTAMP,
                    SqlTypeName.DECIMAL, SqlTypeName.VARBINARY}), functions);
    }

    /** Like {@link #connect(Properties, Supplier, List)} with {@code t} as table T (columns {@link #T_NAMES}). */
    static Connection connect(Properties properties, Table t, List<? extends TestFunction> functions)
            throws SQLException {
        Connection connection = new Driver().withPrepareFactory(VectorizedPrepare::new)
                .connect("jdbc:calcite:", properties);
        CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
        SchemaPlus schema = calcite.getRootSchema().add("S", new AbstractSchema());
        schema.add("T", t);
        List<Object[]> uRows = new ArrayList<>();
        for (long k = -5; k < 100; k += 3) {
            uRows.add(new Object[] {k, "name" + k});
        }
        schema.add("U", new RowsTable(() -> uRows, new String[] {"K", "NAME"},
                new SqlTypeName[] {SqlTypeName.BIGINT, SqlTypeName.VARCHAR}));
        for (TestFunction function : functions) {
            String name = function.definition().name();
            schema.add(name.substring(name.indexOf('.') + 1), function);
        }
        calcite.setSchema("S");
        return connection;
    }

    /** Every row of the query's result, each value via getObject, in order. */
    static List<List<Object>> query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rows(rs);
        }
    }

    static List<List<Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                Object value = rs.getObject(c);
                row.add(value instanceof byte[] ? new ByteString((byte[]) value) : value);
            }
            rows.add(row);
        }
        return rows;
    }

    static String explain(Connection connection, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        for (List<Object> row : query(connection, "EXPLAIN PLAN FOR " + sql)) {
            plan.append(row.get(0));
        }
        return plan.toString();
    }

    /** A table of rows in Calcite's internal representation, all columns nullable. */
    static final class RowsTable extends AbstractTable implements ScannableTable {
        private final Supplier<List<Object[]>> rows;
        private final String[] names;
        private final SqlTypeName[] types;

        RowsTable(Supplier<List<Object[]>> rows, String[] names, SqlTypeName[] types) {
            this.rows = rows;
            this.names = names.clone();
            this.types = types.clone();
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            RelDataTypeFactory.Builder builder = typeFactory.builder();
            for (int i = 0; i < names.length; i++) {
                RelDataType type = types[i] == SqlTypeName.DECIMAL
                        ? typeFactory.createSqlType(types[i], 10, 2)
                        : typeFactory.createSqlType(types[i]);
                builder.add(names[i], typeFactory.createTypeWithNullability(type, true));
            }
            return builder.build();
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            return Linq4j.asEnumerable(rows.get());
        }
    }
}
