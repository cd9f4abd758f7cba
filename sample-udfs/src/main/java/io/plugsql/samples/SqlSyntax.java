package io.plugsql.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks and renders the parts of a {@code CREATE FUNCTION ... LANGUAGE WASM} statement that
 * {@link ModuleRegistration} builds from client input: names become bare identifiers of a strict
 * shape (nothing to quote), signatures are re-rendered from their parsed parts, and every other
 * value becomes a string literal.
 */
final class SqlSyntax {
    /** The tenant rule of docs/SQL.md, also used for function and parameter names. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    private static final Pattern OPTION_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    private static final Pattern SIGNATURE =
            Pattern.compile("\\s*\\((?<params>.*)\\)\\s*RETURNS\\s+(?<result>.+?)\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** The types of ABI v1 (docs/SQL.md, "Types"), with the precision and length forms the SQL layer accepts. */
    private static final Pattern TYPE = Pattern.compile(
            "(BOOLEAN|INTEGER|BIGINT|REAL|DOUBLE|DATE|TIMESTAMP"
                    + "|DECIMAL(\\(\\s*\\d{1,2}\\s*(,\\s*\\d{1,2}\\s*)?\\))?"
                    + "|VARCHAR(\\(\\s*\\d{1,9}\\s*\\))?|VARBINARY(\\(\\s*\\d{1,9}\\s*\\))?)",
            Pattern.CASE_INSENSITIVE);

    private SqlSyntax() {}

    /** Checks {@code [schema.]name} and returns it in lower case; each part is a bare identifier. */
    static String qualifiedName(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("function name '" + name + "' has more than two parts; expected [schema.]name");
        }
        for (String part : parts) {
            if (!IDENTIFIER.matcher(part).matches()) {
                throw new IllegalArgumentException("function name '" + name + "': '" + part
                        + "' is not an identifier (a letter, then letters, digits or _, at most 63 characters)");
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code ([name] type, ...) RETURNS type} and renders it canonically: single spaces,
     * upper-case types, lower-case parameter names, e.g. {@code (email VARCHAR) RETURNS VARCHAR}.
     */
    static String signature(String signature) {
        Matcher m = SIGNATURE.matcher(signature);
        if (!m.matches()) {
            throw new IllegalArgumentException("signature '" + signature + "' must read '(param TYPE, ...) RETURNS TYPE'");
        }
        List<String> params = new ArrayList<>();
        List<String> parts = splitTopLevel(m.group("params"));
        for (int i = 0; i < parts.size(); i++) {
            params.add(parameter(parts.get(i).trim(), i + 1, signature));
        }
        return "(" + String.join(", ", params) + ") RETURNS " + type(m.group("result"), "the result", signature);
    }

    /** Checks a WITH option key and returns it in lower case. */
    static String optionKey(String key) {
        if (!OPTION_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("option name '" + key + "' is not an identifier");
        }
        return key.toLowerCase(Locale.ROOT);
    }

    /** Renders {@code text} as an SQL character literal; control characters are refused. */
    static String stringLiteral(String what, String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new IllegalArgumentException(what + " contains control character U+"
                        + String.format("%04X", (int) text.charAt(i)) + " at index " + i);
            }
        }
        return "'" + text.replace("'", "''") + "'";
    }

    private static String parameter(String text, int position, String signature) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("parameter " + position + " of signature '" + signature + "' is empty");
        }
        String[] words = text.split("\\s+", 2);
        boolean named = words.length == 2 && IDENTIFIER.matcher(words[0]).matches() && !TYPE.matcher(text).matches();
        String where = "parameter " + position + (named ? " (" + words[0] + ")" : "");
        String type = type(named ? words[1] : text, where, signature);
        return named ? words[0].toLowerCase(Locale.ROOT) + " " + type : type;
    }

    private static String type(String text, String where, String signature) {
        String trimmed = text.trim();
        if (!TYPE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("unsupported type '" + trimmed + "' for " + where + " of signature '"
                    + signature + "'; expected BOOLEAN, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL(p,s), VARCHAR,"
                    + " VARBINARY, DATE or TIMESTAMP");
        }
        return trimmed.toUpperCase(Locale.ROOT).replaceAll("\\s+", "");
    }

    /** Splits a parameter list at commas outside parentheses, so DECIMAL(12,2) stays whole. */
    static List<String> splitTopLevel(String params) {
        List<String> parts = new ArrayList<>();
        if (params.isBlank()) {
            return parts;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(params.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(params.substring(start));
        return parts;
    }
}
