package io.plugsql.sql.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.catalog.CatalogStore;
import io.plugsql.catalog.FunctionEntry;
import io.plugsql.catalog.FunctionVersion;
import io.plugsql.catalog.GrantRecord;
import io.plugsql.engine.UdfType;
import io.plugsql.sql.parser.SqlShowFunctions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Schema {@code plugsql}: the catalog as read-only tables, each showing only the rows the viewing
 * tenant may see ({@code functions}, {@code function_versions}, {@code grants}). SHOW FUNCTIONS
 * reads {@code functions}.
 */
final class CatalogSchema extends AbstractSchema {
    private final CatalogStore catalog;
    private final String tenant;

    CatalogSchema(CatalogStore catalog, String tenant) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.tenant = requireNonNull(tenant, "tenant is null");
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return Map.of(
                SqlShowFunctions.FUNCTIONS_TABLE, new CatalogTable(FUNCTION_COLUMNS, this::functionRows),
                "function_versions", new CatalogTable(VERSION_COLUMNS, this::versionRows),
                "grants", new CatalogTable(GRANT_COLUMNS, this::grantRows));
    }

    private static final List<Column> FUNCTION_COLUMNS = List.of(
            new Column("schema_name", SqlTypeName.VARCHAR), new Column("function_name", SqlTypeName.VARCHAR),
            new Column("version", SqlTypeName.INTEGER), new Column("parameters", SqlTypeName.VARCHAR),
            new Column("return_type", SqlTypeName.VARCHAR), new Column("handler", SqlTypeName.VARCHAR),
            new Column("on_null_input", SqlTypeName.VARCHAR), new Column("deterministic", SqlTypeName.BOOLEAN),
            new Column("memory_limit_bytes", SqlTypeName.BIGINT), new Column("timeout_ms", SqlTypeName.BIGINT),
            new Column("fuel", SqlTypeName.BIGINT), new Column("module_sha256", SqlTypeName.VARCHAR),
            new Column("owner", SqlTypeName.VARCHAR), new Column("created_at", SqlTypeName.TIMESTAMP));

    private static final List<Column> VERSION_COLUMNS = List.of(
            new Column("schema_name", SqlTypeName.VARCHAR), new Column("function_name", SqlTypeName.VARCHAR),
            new Column("version", SqlTypeName.INTEGER), new Column("is_current", SqlTypeName.BOOLEAN),
            new Column("parameters", SqlTypeName.VARCHAR), new Column("return_type", SqlTypeName.VARCHAR),
            new Column("handler", SqlTypeName.VARCHAR), new Column("on_null_input", SqlTypeName.VARCHAR),
            new Column("deterministic", SqlTypeName.BOOLEAN), new Column("module_sha256", SqlTypeName.VARCHAR),
            new Column("module_size", SqlTypeName.BIGINT), new Column("created_by", SqlTypeName.VARCHAR),
            new Column("created_at", SqlTypeName.TIMESTAMP));

    private static final List<Column> GRANT_COLUMNS = List.of(
            new Column("schema_name", SqlTypeName.VARCHAR), new Column("function_name", SqlTypeName.VARCHAR),
            new Column("grantee", SqlTypeName.VARCHAR), new Column("granted_by", SqlTypeName.VARCHAR),
            new Column("granted_at", SqlTypeName.TIMESTAMP));

    private List<Object[]> functionRows() {
        List<Object[]> rows = new ArrayList<>();
        for (FunctionEntry entry : catalog.listVisibleFunctions(tenant)) {
            FunctionVersion v = entry.current();
            rows.add(new Object[] {
                v.function().schema(), v.function().name(), v.version(), parameters(v),
                v.signature().result().toString(), v.handler(), v.nullInputMode().optionValue(), v.deterministic(),
                v.limits().maxMemoryBytes(), v.limits().timeout().toMillis(), v.limits().fuelPerRow(),
                v.moduleSha256(), entry.createdBy(), millis(entry.createdAt())
            });
        }
        return rows;
    }

    private List<Object[]> versionRows() {
        List<Object[]> rows = new ArrayList<>();
        for (FunctionVersion v : catalog.listVisibleVersions(tenant)) {
            rows.add(new Object[] {
                v.function().schema(), v.function().name(), v.version(), v.current(), parameters(v),
                v.signature().result().toString(), v.handler(), v.nullInputMode().optionValue(), v.deterministic(),
                v.moduleSha256(), v.moduleSize(), v.createdBy(), millis(v.createdAt())
            });
        }
        return rows;
    }

    private List<Object[]> grantRows() {
        List<Object[]> rows = new ArrayList<>();
        for (GrantRecord grant : catalog.listGrants(tenant)) {
            rows.add(new Object[] {
                grant.function().schema(), grant.function().name(), grant.grantee(), grant.grantedBy(),
                millis(grant.grantedAt())
            });
        }
        return rows;
    }

    /** {@code price DECIMAL(12,2), INTEGER}: the declared parameters, unnamed ones by type only. */
    private static String parameters(FunctionVersion version) {
        List<String> parts = new ArrayList<>();
        List<UdfType> types = version.signature().parameters();
        for (int i = 0; i < types.size(); i++) {
            String name = version.parameterNames().get(i);
            parts.add(name.isEmpty() ? types.get(i).toString() : name + " " + types.get(i));
        }
        return String.join(", ", parts);
    }

    /** Calcite's internal TIMESTAMP value: milliseconds since the epoch. */
    private static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    private record Column(String name, SqlTypeName type) {}

    /** A read-only table whose rows are computed on each scan. */
    private static final class CatalogTable extends AbstractTable implements ScannableTable {
        private final List<Column> columns;
        private final Supplier<List<Object[]>> rows;

        CatalogTable(List<Column> columns, Supplier<List<Object[]>> rows) {
            this.columns = columns;
            this.rows = rows;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            RelDataTypeFactory.Builder builder = typeFactory.builder();
            for (Column column : columns) {
                RelDataType type = column.type == SqlTypeName.TIMESTAMP
                        ? typeFactory.createSqlType(SqlTypeName.TIMESTAMP, 3)
                        : typeFactory.createSqlType(column.type);
                builder.add(column.name, typeFactory.createTypeWithNullability(type, false));
            }
            return builder.build();
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            return Linq4j.asEnumerable(rows.get());
        }
    }
}
