package io.plugsql.catalog.internal;

/** Checks of the names the catalog stores (tenants, schemas, functions, parameters, handlers). */
public final class Names {
    /** Longest tenant, schema, function or parameter name; the width of the catalog's name columns. */
    public static final int MAX_NAME_LENGTH = 128;
    /** Longest handler (export) name; the width of the handler column. */
    public static final int MAX_HANDLER_LENGTH = 256;

    private Names() {}

    /** Returns {@code value} when it is a storable identifier, else throws naming {@code what}. */
    public static String checkName(String what, String value) {
        return check(what, value, MAX_NAME_LENGTH);
    }

    /** Returns {@code value} when it is a storable handler name, else throws. */
    public static String checkHandler(String value) {
        return check("handler", value, MAX_HANDLER_LENGTH);
    }

    private static String check(String what, String value, int maxLength) {
        if (value == null) {
            throw new NullPointerException(what + " is null");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " is longer than " + maxLength + " characters: " + value);
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " contains a control character");
        }
        return value;
    }
}
