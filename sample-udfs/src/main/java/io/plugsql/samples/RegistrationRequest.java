package io.plugsql.samples;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link ModuleRegistration} registers: the function's {@code [schema.]name}, its signature
 * {@code (param TYPE, ...) RETURNS TYPE}, the Wasm export to call, further {@code WITH} options
 * ({@code on_null_input}, {@code memory_limit}, {@code timeout}, {@code fuel}, {@code deterministic};
 * docs/SQL.md), the .wasm file, and whether an existing function is replaced (a new version).
 *
 * <p>Checked on construction, before any SQL is built: the name parts are bare identifiers, the
 * signature uses ABI v1's types, option names are identifiers, and no text holds control characters.
 * The name and signature are kept in canonical form (lower-case names, upper-case types).
 *
 * <pre>{@code
 * new RegistrationRequest("mask_email", "(email VARCHAR) RETURNS VARCHAR", "mask_email",
 *         Map.of("timeout", "500ms"), Path.of("pii_mask.wasm"), true);
 * }</pre>
 */
public record RegistrationRequest(String name, String signature, String handler, Map<String, String> options,
        Path module, boolean replace) {
    public RegistrationRequest {
        name = SqlSyntax.qualifiedName(requireNonNull(name, "name is null"));
        signature = SqlSyntax.signature(requireNonNull(signature, "signature is null"));
        SqlSyntax.stringLiteral("handler of " + name, requireNonNull(handler, "handler is null"));
        Map<String, String> checked = new TreeMap<>();
        for (Map.Entry<String, String> option : requireNonNull(options, "options is null").entrySet()) {
            String key = SqlSyntax.optionKey(requireNonNull(option.getKey(), "option name is null"));
            if (key.equals("handler")) {
                throw new IllegalArgumentException("option 'handler' of " + name + " is given as the handler, not as an option");
            }
            String value = requireNonNull(option.getValue(), "value of option " + key + " is null");
            SqlSyntax.stringLiteral("option " + key + " of " + name, value);
            if (checked.put(key, value) != null) {
                throw new IllegalArgumentException("option " + key + " of " + name + " is given twice");
            }
        }
        options = Map.copyOf(checked);
        requireNonNull(module, "module is null");
    }

    /** A request with no further options that replaces an existing function of that name. */
    public static RegistrationRequest of(String name, String signature, String handler, Path module) {
        return new RegistrationRequest(name, signature, handler, Map.of(), module, true);
    }
}
