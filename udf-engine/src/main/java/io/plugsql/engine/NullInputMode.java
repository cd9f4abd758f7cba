package io.plugsql.engine;

import java.util.Locale;

/** What happens when a row has a NULL argument. */
public enum NullInputMode {
    /** The guest is not called for the row; its result is NULL. The default. */
    RETURN_NULL,
    /** The guest is called; every argument is preceded by an i32 is-null flag. */
    CALL;

    /** The spelling used in {@code WITH (on_null_input = '...')}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NullInputMode fromOptionValue(String value) {
        for (NullInputMode mode : values()) {
            if (mode.optionValue().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("on_null_input must be 'return_null' or 'call', got '" + value + "'");
    }
}
