package io.plugsql.catalog;

import static io.plugsql.catalog.internal.Names.checkName;

/**
 * Qualified name of a function: the owner's schema (the tenant's name) and the function's name.
 * Both are stored exactly as given (case-sensitive); the SQL layer decides how identifiers are folded.
 *
 * <pre>{@code
 * FunctionName discount = FunctionName.of("acme", "discount");   // prints acme.discount
 * }</pre>
 */
public record FunctionName(String schema, String name) {
    public FunctionName {
        checkName("schema", schema);
        checkName("function name", name);
    }

    public static FunctionName of(String schema, String name) {
        return new FunctionName(schema, name);
    }

    /** {@code schema.name}, the form used in messages and in {@link io.plugsql.engine.FunctionDefinition#name()}. */
    @Override
    public String toString() {
        return schema + "." + name;
    }
}
