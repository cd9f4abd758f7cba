package io.plugsql.sql.internal;

import io.plugsql.sql.DataDirectory;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.Wrapper;
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
        return jdbcSchema().tables();
    }

    @Override
    public @Nullable Table getTable(String name) {
        return jdbcSchema().tables().get(name);
    }

    @Override
    public Set<String> getTableNames() {
        return jdbcSchema().tables().getNames(LikePattern.any());
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
