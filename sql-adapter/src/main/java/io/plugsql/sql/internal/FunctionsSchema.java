package io.plugsql.sql.internal;

import static java.util.Objects.requireNonNull;

import io.plugsql.sql.function.FunctionRegistry;
import io.plugsql.sql.function.WasmScalarFunction;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.rel.type.RelProtoDataType;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.SchemaVersion;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.schema.Table;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A schema's WASM functions as one viewer (a tenant's connection) may call them; function names
 * match case-insensitively, as they are stored in lower case. Without tables: another tenant's
 * schema shows the viewer only the functions granted to it.
 */
@SuppressWarnings("deprecation") // Schema still declares getTable/getSubSchema abstract beside tables()/subSchemas()
class FunctionsSchema implements Schema {
    private final FunctionRegistry registry;
    private final String viewer;
    private final String owner;

    FunctionsSchema(FunctionRegistry registry, String viewer, String owner) {
        this.registry = requireNonNull(registry, "registry is null");
        this.viewer = requireNonNull(viewer, "viewer is null");
        this.owner = requireNonNull(owner, "owner is null");
    }

    private Stream<WasmScalarFunction> functions() {
        return registry.visibleFunctions(viewer).stream()
                .filter(function -> function.version().function().schema().equals(owner));
    }

    @Override
    public Collection<Function> getFunctions(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return functions().filter(function -> function.version().function().name().equals(lower))
                .collect(Collectors.toList());
    }

    @Override
    public Set<String> getFunctionNames() {
        return functions().map(function -> function.version().function().name()).collect(Collectors.toSet());
    }

    @Override
    public @Nullable Table getTable(String name) {
        return null;
    }

    @Override
    public Set<String> getTableNames() {
        return Set.of();
    }

    @Override
    public @Nullable RelProtoDataType getType(String name) {
        return null;
    }

    @Override
    public Set<String> getTypeNames() {
        return Set.of();
    }

    @Override
    public @Nullable Schema getSubSchema(String name) {
        return null;
    }

    @Override
    public Set<String> getSubSchemaNames() {
        return Set.of();
    }

    @Override
    public Expression getExpression(@Nullable SchemaPlus parentSchema, String name) {
        return Schemas.subSchemaExpression(requireNonNull(parentSchema, "parentSchema"), name, getClass());
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
