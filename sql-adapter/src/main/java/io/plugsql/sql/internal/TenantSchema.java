package io.plugsql.sql.internal;

import io.plugsql.sql.DataDirectory;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.adapter.jdbc.JdbcTable;
import org.apache.calcite.linq4j.function.Predicate1;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.Wrapper;
import org.apache.calcite.schema.lookup.IgnoreCaseLookup;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A tenant's own schema as the tenant's connections see it: its H2 tables (through Calcite's JDBC
 * adapter, so INSERT/UPDATE/DELETE run in H2) and its WASM functions.
 */
@SuppressWarnings("deprecation") // overrides Schema's name-based methods, which stay abstract
final class TenantSchema extends FunctionsSchema implements Wrapper {
    private final DataDirectory directory;
    private final String tenant;
    private final ExactTables tables = new ExactTables();

    TenantSchema(DataDirectory directory, String tenant) {
        super(directory.functions(), tenant, tenant);
        this.directory = directory;
        this.tenant = tenant;
    }

    private JdbcSchema jdbcSchema() {
        return directory.tenantDatabase().jdbcSchema(tenant);
    }

    @Override
    public Lookup<Table> tables() {
        return tables;
    }

    @Override
    public @Nullable Table getTable(String name) {
        return tables.get(name);
    }

    @Override
    public Set<String> getTableNames() {
        return tables.getNames(LikePattern.any());
    }

    /**
     * The tenant's tables by exact name. Names are listed by the tenant database and filtered here
     * (Calcite's JdbcSchema would hand the pattern and the schema name to H2 as LIKE patterns, and
     * list the tables of every schema the tenant's name matches); a table is bound only if H2's
     * row names exactly this schema and table.
     */
    private final class ExactTables extends IgnoreCaseLookup<Table> {
        @Override
        public @Nullable Table get(String name) {
            Table table = jdbcSchema().tables().get(name);
            return table instanceof JdbcTable jdbc && tenant.equals(jdbc.jdbcSchemaName)
                    && name.equals(jdbc.jdbcTableName) ? table : null;
        }

        @Override
        public Set<String> getNames(LikePattern pattern) {
            Predicate1<String> matcher = pattern.matcher();
            return directory.tenantDatabase().tableNames(tenant).stream()
                    .filter(matcher::apply)
                    .collect(Collectors.toSet());
        }
    }

    @Override
    public <T> @Nullable T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        if (type == DataSource.class || type == JdbcSchema.class) {
            return jdbcSchema().unwrap(type);
        }
        return null;
    }
}
