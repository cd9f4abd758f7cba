package io.plugsql.sql.internal;

import io.plugsql.error.ErrorCode;
import io.plugsql.error.ErrorCodeSupplier;
import io.plugsql.error.ErrorType;

/** Error codes of the sql-adapter module (offset 0x0300_0000), each with the SQLSTATE clients see. */
public enum SqlAdapterErrorCode implements ErrorCodeSupplier {
    /** The statement does not parse, or an option or body is malformed. */
    SYNTAX_ERROR(0, ErrorType.USER_ERROR, "42601"),
    /** A table named in DDL does not exist. */
    TABLE_NOT_FOUND(3, ErrorType.USER_ERROR, "42P01"),
    /** CREATE TABLE of an existing table. */
    TABLE_ALREADY_EXISTS(4, ErrorType.USER_ERROR, "42P07"),
    /** The tenant may not do this: another tenant's schema, or a function it does not own. */
    PERMISSION_DENIED(5, ErrorType.USER_ERROR, "42501"),
    /** A parameter or result type has no Wasm mapping (ABI v1). */
    UNSUPPORTED_TYPE(6, ErrorType.USER_ERROR, "42P13"),
    /** The function body is not valid base64, hex or WAT. */
    INVALID_FUNCTION_BODY(7, ErrorType.USER_ERROR, "42P13"),
    /** A statement form plugsql does not support (e.g. CREATE OR REPLACE TABLE). */
    NOT_SUPPORTED(8, ErrorType.USER_ERROR, "0A000"),
    /** A connection URL or property is wrong. */
    INVALID_CONNECTION_PROPERTY(9, ErrorType.USER_ERROR, "08001"),
    /** The data directory cannot be opened. */
    DATA_DIRECTORY_UNAVAILABLE(10, ErrorType.EXTERNAL, "58030"),
    /** The tenant table database failed. */
    TENANT_DATABASE_ERROR(11, ErrorType.EXTERNAL, "58000"),
    /** A running statement's function version was unloaded (its data directory closed). */
    FUNCTION_UNAVAILABLE(12, ErrorType.USER_ERROR, "55000"),
    /** The catalog (functions, versions, grants) failed. */
    CATALOG_ERROR(13, ErrorType.EXTERNAL, "58000"),
    /** A function argument does not fit the parameter's type (DECIMAL digits, TIMESTAMP range). */
    ARGUMENT_OUT_OF_RANGE(14, ErrorType.USER_ERROR, "22003"),
    /** plugsql's adaptation of Calcite's generated code found code of an unexpected shape (a Calcite upgrade). */
    INTERNAL_ERROR(15, ErrorType.INTERNAL_ERROR, "XX000"),
    /** The statement was cancelled (JDBC cancel, query or statement timeout) before it ran. */
    STATEMENT_CANCELLED(16, ErrorType.USER_ERROR, "57014"),
    /** The statement text is longer than the statement size limit. */
    STATEMENT_TOO_LARGE(17, ErrorType.INSUFFICIENT_RESOURCES, "54000"),
    /** The statement nests too deeply or calls too many WASM functions. */
    STATEMENT_TOO_COMPLEX(18, ErrorType.INSUFFICIENT_RESOURCES, "54001");

    private final ErrorCode errorCode;
    private final String sqlState;

    SqlAdapterErrorCode(int code, ErrorType type, String sqlState) {
        this.errorCode = new ErrorCode(code + 0x0300_0000, name(), type);
        this.sqlState = sqlState;
    }

    @Override
    public ErrorCode toErrorCode() {
        return errorCode;
    }

    /** The SQLSTATE reported to JDBC clients. */
    public String sqlState() {
        return sqlState;
    }
}
