package io.plugsql.sql.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.sql.DataDirectory;
import io.plugsql.sql.function.WasmScalarFunction;
import io.plugsql.sql.parser.SqlShowFunctions;
import java.util.HashMap;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.util.BuiltInMethod;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaVersion;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The root schema of one tenant's connection: the tenant's own schema, the catalog tables, and of
 * other tenants only the functions they granted it. The DDL executor finds the connection's tenant and data directory here.
 */
public final class PlugSqlRootSchema extends AbstractSchema {
    private final DataDirectory directory;
    private final String tenant;
    private final TenantSchema tenantSchema;
    private final CatalogSchema catalogSchema;

    public PlugSqlRootSchema(DataDirectory directory, String tenant) {
        this.directory = requireNonNull(directory, "directory is null");
        this.tenant = requireNonNull(tenant, "tenant is null");
        this.tenantSchema = new TenantSchema(directory, tenant);
        this.catalogSchema = new CatalogSchema(directory.functions().catalog(), tenant);
    }

    public DataDirectory directory() {
        return directory;
    }

    /** The connection's tenant, also the name of its default schema. */
    public String tenant() {
        return tenant;
    }

    /**
     * The tenant's own schema, {@code plugsql} (the catalog tables), and for each other tenant that
     * granted this one EXECUTE on a function, a schema with just the granted functions.
     */
    @Override
    protected Map<String, Schema> getSubSchemaMap() {
        Map<String, Schema> schemas = new HashMap<>();
        schemas.put(tenant, tenantSchema);
        schemas.put(SqlShowFunctions.CATALOG_SCHEMA, catalogSchema);
        for (WasmScalarFunction function : directory.functions().visibleFunctions(tenant)) {
            String owner = function.version().function().schema();
            if (!owner.equals(tenant)) {
                schemas.computeIfAbsent(owner, name -> new FunctionsSchema(directory.functions(), tenant, name));
            }
        }
        return schemas;
    }

    /** Generated code reaches the root through the running statement's DataContext. */
    @Override
    public Expression getExpression(@Nullable SchemaPlus parentSchema, String name) {
        return Expressions.call(DataContext.ROOT, BuiltInMethod.DATA_CONTEXT_GET_ROOT_SCHEMA.method);
    }

    @Override
    public boolean isMutable() {
        return true;
    }

    @Override
    public Schema snapshot(SchemaVersion version) {
        return this;
    }
}
