package io.plugsql.sql.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.sql.DataDirectory;
import javax.sql.DataSource;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaVersion;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.Wrapper;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.Lookup;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A tenant's own schema as the tenant's connections see it: its H2 tables (through Calcite's JDBC
 * adapter, so INSERT/UPDATE/DELETE run in H2).
 */
final class TenantSchema extends AbstractSchema implements Wrapper {
    private final DataDirectory directory;
    private final String tenant;

    TenantSchema(DataDirectory directory, String tenant) {
        this.directory = requireNonNull(directory, "directory is null");
        this.tenant = requireNonNull(tenant, "tenant is null");
    }

    private JdbcSchema tables0() {
        return directory.tenantDatabase().jdbcSchema(tenant);
    }

    @Override
    public Lookup<Table> tables() {
        return tables0().tables();
    }

    @Override
    public boolean isMutable() {
        return true;
    }

    @Override
    public Schema snapshot(SchemaVersion version) {
        return this;
    }

    @Override
    public <T> @Nullable T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        if (type == DataSource.class || type == JdbcSchema.class) {
            return tables0().unwrap(type);
        }
        return null;
    }
}
