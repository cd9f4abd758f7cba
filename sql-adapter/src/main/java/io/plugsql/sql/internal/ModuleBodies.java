package io.plugsql.sql.internal;

import static io.plugsql.sql.PlugSqlResource.RESOURCE;
import static java.util.Objects.requireNonNull;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.plugsql.sql.parser.SqlCreateWasmFunction;
import java.util.Base64;
import java.util.regex.Pattern;

/** Turns the AS clause of CREATE FUNCTION into module bytes: {@code X'hex'}, base64 text, or WAT text. */
public final class ModuleBodies {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private ModuleBodies() {}

    /** The module bytes; a body that is neither is an error naming the function. */
    public static byte[] decode(SqlCreateWasmFunction create, String functionName) {
        byte[] binary = create.binaryBody();
        if (binary != null) {
            return binary;
        }
        String text = requireNonNull(create.textBody(), "text body").strip();
        if (text.startsWith("(") || text.startsWith(";;")) {
            try {
                return Wat2Wasm.parse(text);
            } catch (RuntimeException e) {
                throw invalid(create, functionName, "the WAT text does not assemble: " + firstLine(e));
            }
        }
        try {
            return Base64.getDecoder().decode(WHITESPACE.matcher(text).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw invalid(create, functionName,
                    "a text body must be WAT (starting with '(module') or base64 (" + e.getMessage() + ")");
        }
    }

    private static String firstLine(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static RuntimeException invalid(SqlCreateWasmFunction create, String functionName, String reason) {
        return SqlAdapterErrors.at(create.bodyPosition(), SqlAdapterErrorCode.INVALID_FUNCTION_BODY,
                RESOURCE.invalidBody(functionName, reason));
    }
}
