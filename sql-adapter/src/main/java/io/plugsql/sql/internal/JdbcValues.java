package io.plugsql.sql.internal;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.runtime.ResultSetEnumerable;
import org.apache.calcite.runtime.ResultSetEnumerable.PreparedStatementEnricher;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Converts values between Calcite's internal representation and JDBC's where statements meet H2;
 * called from the code that {@link TenantToEnumerableConverter} generates (and usable by any other
 * operator that runs a query of the JDBC convention: {@link #parameterTypeNames} at plan time,
 * {@link #enricher} at run time).
 *
 * <p>Calcite keeps a statement's parameter values in its internal form (a DATE as an {@code Integer}
 * of days since 1970-01-01, a TIME as an {@code Integer} of milliseconds of the day, a TIMESTAMP as a
 * {@code Long} of milliseconds since 1970-01-01 00:00 on the wall clock, a VARBINARY as a
 * {@link ByteString}), and its JDBC adapter binds them as they are: H2 then refuses a number for a
 * DATE and stores a Java-serialized {@code ByteString} for bytes. Values go to H2 as
 * {@link LocalDate}, {@link LocalTime}, {@link LocalDateTime} and {@code byte[]} instead; the
 * {@code java.time} values carry no time zone, so nothing shifts them on the way.
 */
public final class JdbcValues {
    private JdbcValues() {}

    /**
     * Binds the statement's dynamic parameters {@code indexes} (their SQL types' names in
     * {@code types}, {@code ANY} when unknown) in JDBC form; otherwise as Calcite's own enricher.
     */
    public static PreparedStatementEnricher enricher(Integer[] indexes, String[] types, DataContext context) {
        if (indexes.length != types.length) {
            throw new IllegalArgumentException(indexes.length + " parameters but " + types.length + " types");
        }
        Map<String, SqlTypeName> typeByName = new HashMap<>();
        for (int i = 0; i < indexes.length; i++) {
            typeByName.put("?" + indexes[i], SqlTypeName.valueOf(types[i]));
        }
        return ResultSetEnumerable.createEnricher(indexes, new JdbcParameterContext(context, typeByName));
    }

    /**
     * The SQL type names of the dynamic parameters {@code indexes} of a query in the JDBC convention
     * (in its expressions and its UPDATE's SET list), {@code ANY} for an index not found (a
     * correlation variable): the {@code types} argument of {@link #enricher}.
     */
    public static String[] parameterTypeNames(RelNode jdbcRel, List<Integer> indexes) {
        Map<Integer, SqlTypeName> types = new HashMap<>();
        collectParameterTypes(jdbcRel, new RexShuttle() {
            @Override
            public RexNode visitDynamicParam(RexDynamicParam param) {
                types.put(param.getIndex(), param.getType().getSqlTypeName());
                return param;
            }
        });
        return indexes.stream().map(i -> types.getOrDefault(i, SqlTypeName.ANY).name()).toArray(String[]::new);
    }

    private static void collectParameterTypes(RelNode rel, RexShuttle collector) {
        rel.accept(collector);
        if (rel instanceof TableModify modify && modify.getSourceExpressionList() != null) {
            modify.getSourceExpressionList().forEach(e -> e.accept(collector));
        }
        rel.getInputs().forEach(input -> collectParameterTypes(input, collector));
    }

    /** A parameter value in the form H2 expects for a parameter of {@code type}. */
    static @Nullable Object toJdbc(@Nullable Object value, SqlTypeName type) {
        if (value instanceof ByteString bytes) {
            return bytes.getBytes();
        }
        switch (type) {
            case DATE:
                return value instanceof Integer days ? LocalDate.ofEpochDay(days) : value;
            case TIME:
                return value instanceof Integer millis ? LocalTime.ofNanoOfDay(millis * 1_000_000L) : value;
            case TIMESTAMP:
                if (value instanceof Long millis) {
                    return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
                            (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC);
                }
                return value;
            default:
                return value;
        }
    }

    /** A VARBINARY column's value as the row path's generated code expects it ({@code null} stays null). */
    public static @Nullable ByteString byteString(byte @Nullable [] bytes) {
        return bytes == null ? null : new ByteString(bytes);
    }

    /** The statement's data context, with its dynamic parameters' values in JDBC form. */
    private static final class JdbcParameterContext implements DataContext {
        private final DataContext context;
        private final Map<String, SqlTypeName> types;

        JdbcParameterContext(DataContext context, Map<String, SqlTypeName> types) {
            this.context = requireNonNull(context, "context is null");
            this.types = types;
        }

        @Override
        public @Nullable SchemaPlus getRootSchema() {
            return context.getRootSchema();
        }

        @Override
        public JavaTypeFactory getTypeFactory() {
            return context.getTypeFactory();
        }

        @Override
        public QueryProvider getQueryProvider() {
            return context.getQueryProvider();
        }

        @Override
        public @Nullable Object get(String name) {
            Object value = context.get(name);
            SqlTypeName type = types.get(name);
            return type == null ? value : toJdbc(value, type);
        }
    }
}
