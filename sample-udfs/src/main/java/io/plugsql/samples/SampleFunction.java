package io.plugsql.samples;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One SQL function backed by a sample module: its SQL name and signature, the Wasm export that
 * implements it (plus the batch-form export if the module has one), its {@code WITH} options and the
 * demo tenants that get it ({@code "*"} means every demo tenant).
 *
 * <pre>{@code
 * SampleFunction f = SampleModules.function("mask_email", "acme");
 * f.signature();            // "mask_email(email VARCHAR) RETURNS VARCHAR"
 * f.createFunctionSql("acme");
 * }</pre>
 */
public record SampleFunction(String name, String signature, List<Parameter> parameters, String returnType,
        String handler, Optional<String> batchExport, Map<String, String> options, Set<String> tenants,
        SampleModule module) {
    /** Tenant marker for functions every demo tenant gets. */
    public static final String ALL_TENANTS = "*";

    /** A declared SQL parameter: name and type text such as {@code BIGINT} or {@code DECIMAL(12,2)}. */
    public record Parameter(String name, String type) {
        public Parameter {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    public SampleFunction {
        requireNonNull(name, "name is null");
        requireNonNull(signature, "signature is null");
        parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
        requireNonNull(returnType, "returnType is null");
        requireNonNull(handler, "handler is null");
        requireNonNull(batchExport, "batchExport is null");
        options = Map.copyOf(requireNonNull(options, "options is null"));
        tenants = Set.copyOf(requireNonNull(tenants, "tenants is null"));
        requireNonNull(module, "module is null");
    }

    /** Returns the declared parameter types in order. */
    public List<String> parameterTypes() {
        return parameters.stream().map(Parameter::type).collect(Collectors.toList());
    }

    /** Returns whether the demo tenant {@code tenant} gets this function. */
    public boolean availableTo(String tenant) {
        return tenants.contains(ALL_TENANTS) || tenants.contains(tenant);
    }

    /** Returns the {@code on_null_input} mode: {@code return_null} unless the manifest says otherwise. */
    public String onNullInput() {
        return options.getOrDefault("on_null_input", "return_null");
    }

    /**
     * Returns the statement that registers this function in {@code schema}, with the module inlined as
     * a hex literal: {@code CREATE OR REPLACE FUNCTION schema.name(...) RETURNS ... LANGUAGE WASM
     * WITH (handler = '...', ...) AS X'...'}.
     */
    public String createFunctionSql(String schema) {
        requireNonNull(schema, "schema is null");
        Map<String, String> with = new LinkedHashMap<>();
        with.put("handler", handler);
        options.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> with.put(e.getKey(), e.getValue()));
        String params = parameters.stream().map(p -> p.name() + " " + p.type()).collect(Collectors.joining(", "));
        String withClause = with.entrySet().stream()
                .map(e -> e.getKey() + " = '" + e.getValue() + "'")
                .collect(Collectors.joining(", "));
        return "CREATE OR REPLACE FUNCTION " + schema + "." + name + "(" + params + ") RETURNS " + returnType
                + " LANGUAGE WASM WITH (" + withClause + ") AS X'" + module.hex() + "'";
    }
}
