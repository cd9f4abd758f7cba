package io.plugsql.catalog;

import io.plugsql.error.PlugSqlException;

/** A failed catalog operation; its {@link CatalogErrorCode} says why. */
public final class CatalogException extends PlugSqlException {
    private static final long serialVersionUID = 1L;

    private final CatalogErrorCode catalogErrorCode;

    public CatalogException(CatalogErrorCode errorCode, String message) {
        this(errorCode, message, null);
    }

    public CatalogException(CatalogErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
        this.catalogErrorCode = errorCode;
    }

    /** The catalog's own code, convenient for {@code switch} in callers that map errors (e.g. to SQLSTATEs). */
    public CatalogErrorCode catalogErrorCode() {
        return catalogErrorCode;
    }
}
