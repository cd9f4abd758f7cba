package io.plugsql.error;

import static java.util.Objects.requireNonNull;

/**
 * Identity of an error: a stable number, a stable name and a category.
 *
 * <p>Numbers are partitioned per module (see {@link ErrorCodeSupplier}) so that codes from
 * different modules never collide.
 */
public record ErrorCode(int code, String name, ErrorType type) {
    public ErrorCode {
        if (code < 0) {
            throw new IllegalArgumentException("code is negative");
        }
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    @Override
    public String toString() {
        return name + ":" + code;
    }
}
