package io.plugsql.sql;

import org.apache.calcite.runtime.Resources;
import org.apache.calcite.runtime.Resources.BaseMessage;
import org.apache.calcite.runtime.Resources.ExInst;
import org.apache.calcite.sql.validate.SqlValidatorException;

/**
 * Messages of plugsql's SQL errors, in the style of Calcite's {@code CalciteResource}; raise them
 * with {@code SqlUtil.newContextException(pos, RESOURCE.x(...))} so that they keep their position.
 */
public interface PlugSqlResource {
    /** The messages, with {@link BaseMessage} texts as the defaults. */
    PlugSqlResource RESOURCE = Resources.create(PlugSqlResource.class);

    @BaseMessage("Unknown option ''{0}'' in WITH; valid options are: {1}")
    ExInst<SqlValidatorException> unknownOption(String option, String validOptions);

    @BaseMessage("Option ''{0}'' given twice")
    ExInst<SqlValidatorException> duplicateOption(String option);

    @BaseMessage("Invalid value {1} for option ''{0}'': {2}")
    ExInst<SqlValidatorException> invalidOptionValue(String option, String value, String expected);

    @BaseMessage("Function body X''...'' has an odd number of hex digits ({0}): give whole bytes")
    ExInst<SqlValidatorException> oddHexDigits(int digits);

    @BaseMessage("Function body is empty")
    ExInst<SqlValidatorException> emptyBody();

    @BaseMessage("Parameter ''{0}'' is declared twice")
    ExInst<SqlValidatorException> duplicateParameter(String name);

    @BaseMessage("Tenant ''{0}'' cannot {1} in schema ''{2}''; a tenant owns only its own schema")
    ExInst<SqlValidatorException> foreignSchema(String tenant, String action, String schema);

    @BaseMessage("Name ''{0}'' has too many parts; use name or schema.name")
    ExInst<SqlValidatorException> nameTooLong(String name);

    @BaseMessage("Table ''{0}'' already exists in schema ''{1}''")
    ExInst<SqlValidatorException> tableExists(String table, String schema);

    @BaseMessage("Table ''{0}'' not found in schema ''{1}''")
    ExInst<SqlValidatorException> tableNotFound(String table, String schema);

    @BaseMessage("Type {0} of {1} is not supported; supported types: {2}")
    ExInst<SqlValidatorException> unsupportedType(String type, String role, String supported);

    @BaseMessage("Function body of {0} is not a WebAssembly module: {1}")
    ExInst<SqlValidatorException> invalidBody(String function, String reason);

    @BaseMessage("Column ''{0}'' has type {1}, which is not a built-in SQL type")
    ExInst<SqlValidatorException> notBuiltInColumnType(String column, String type);

    @BaseMessage("{0} is not supported")
    ExInst<SqlValidatorException> notSupported(String feature);
}
