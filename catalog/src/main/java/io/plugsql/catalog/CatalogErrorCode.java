package io.plugsql.catalog;

import io.plugsql.error.ErrorCode;
import io.plugsql.error.ErrorCodeSupplier;
import io.plugsql.error.ErrorType;

/** Error codes of the catalog module (offset 0x0200_0000). */
public enum CatalogErrorCode implements ErrorCodeSupplier {
    /** A plain CREATE named a function that exists and is not dropped. */
    FUNCTION_ALREADY_EXISTS(0, ErrorType.USER_ERROR),
    /** The function (or the requested version) does not exist or was dropped. */
    FUNCTION_NOT_FOUND(1, ErrorType.USER_ERROR),
    /** REVOKE named a grant that does not exist. */
    GRANT_NOT_FOUND(2, ErrorType.USER_ERROR),
    /** A tenant tried to create, replace, drop, grant or revoke in a schema it does not own. */
    NOT_OWNER(3, ErrorType.USER_ERROR),
    /** A grant named a tenant the catalog does not know. */
    TENANT_NOT_FOUND(4, ErrorType.USER_ERROR),
    /** A request that is well-formed but meaningless, such as granting a function to its owner. */
    INVALID_REQUEST(5, ErrorType.USER_ERROR),
    /** A catalog change waited too long for another change to finish. */
    CATALOG_BUSY(6, ErrorType.INSUFFICIENT_RESOURCES),
    /** The H2 database failed, is in use by another process, is closed or is corrupt. */
    STORAGE_FAILURE(7, ErrorType.EXTERNAL),
    /** The data directory holds a catalog written by a newer plugsql. */
    UNSUPPORTED_SCHEMA_VERSION(8, ErrorType.EXTERNAL);

    private final ErrorCode errorCode;

    CatalogErrorCode(int code, ErrorType type) {
        this.errorCode = new ErrorCode(code + 0x0200_0000, name(), type);
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }
}
