package io.plugsql.sql.ddl;

import static io.plugsql.sql.PlugSqlResource.RESOURCE;

import io.plugsql.catalog.CatalogStore;
import io.plugsql.catalog.CreateFunctionRequest;
import io.plugsql.catalog.CreateMode;
import io.plugsql.catalog.FunctionName;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.Signature;
import io.plugsql.engine.UdfType;
import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.function.FunctionRegistry;
import io.plugsql.sql.internal.ModuleBodies;
import io.plugsql.sql.internal.PlugSqlRootSchema;
import io.plugsql.sql.internal.SqlAdapterErrorCode;
import io.plugsql.sql.internal.SqlAdapterErrors;
import io.plugsql.sql.internal.SqlTypes;
import io.plugsql.sql.internal.TenantDatabase;
import io.plugsql.sql.parser.SqlCreateWasmFunction;
import io.plugsql.sql.parser.SqlDropWasmFunction;
import io.plugsql.sql.parser.SqlFunctionParameter;
import io.plugsql.sql.parser.SqlFunctionPrivilege;
import io.plugsql.sql.parser.WasmFunctionOptions;
import io.plugsql.sql.parser.impl.PlugSqlParserImpl;
import java.io.Reader;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.server.DdlExecutor;
import org.apache.calcite.server.DdlExecutorImpl;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.ddl.SqlColumnDeclaration;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.ddl.SqlDropTable;
import org.apache.calcite.sql.ddl.SqlKeyConstraint;
import org.apache.calcite.sql.dialect.H2SqlDialect;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserImplFactory;

/**
 * Executes plugsql's DDL for the connection's tenant: tables in the tenant's H2 schema, and WASM
 * functions in the catalog. Calcite dispatches each statement to the {@code execute} overload of
 * its node type.
 */
public final class PlugSqlDdlExecutor extends DdlExecutorImpl {
    /** The executor; stateless, the tenant comes from each statement's context. */
    public static final PlugSqlDdlExecutor INSTANCE = new PlugSqlDdlExecutor();

    /** plugsql's parser, with this executor for its DDL; named in the connection's parserFactory. */
    public static final SqlParserImplFactory PARSER_FACTORY = new SqlParserImplFactory() {
        @Override
        public SqlAbstractParserImpl getParser(Reader stream) {
            return PlugSqlParserImpl.FACTORY.getParser(stream);
        }

        @Override
        public DdlExecutor getDdlExecutor() {
            return INSTANCE;
        }
    };

    private PlugSqlDdlExecutor() {}

    private static PlugSqlRootSchema root(CalcitePrepare.Context context) {
        return (PlugSqlRootSchema) context.getMutableRootSchema().schema;
    }

    /** Executes {@code CREATE TABLE [IF NOT EXISTS] t (...)} in the tenant's H2 schema. */
    public void execute(SqlCreateTable create, CalcitePrepare.Context context) {
        PlugSqlRootSchema root = root(context);
        if (create.getReplace()) {
            throw SqlAdapterErrors.at(create.getParserPosition(), SqlAdapterErrorCode.NOT_SUPPORTED,
                    RESOURCE.notSupported("CREATE OR REPLACE TABLE"));
        }
        if (create.query != null || create.columnList == null) {
            throw SqlAdapterErrors.at(create.getParserPosition(), SqlAdapterErrorCode.NOT_SUPPORTED,
                    RESOURCE.notSupported("CREATE TABLE ... AS query"));
        }
        String table = ownName(create.name, root.tenant(), "create tables");
        TenantDatabase database = root.directory().tenantDatabase();
        if (database.tableExists(root.tenant(), table)) {
            if (create.ifNotExists) {
                return;
            }
            throw SqlAdapterErrors.at(create.name.getParserPosition(), SqlAdapterErrorCode.TABLE_ALREADY_EXISTS,
                    RESOURCE.tableExists(table, root.tenant()));
        }
        List<String> elements = new ArrayList<>();
        for (SqlNode element : create.columnList) {
            elements.add(element instanceof SqlColumnDeclaration column
                    ? columnSql(column)
                    : primaryKeySql((SqlKeyConstraint) element));
        }
        String sql = "CREATE TABLE " + TenantDatabase.quote(root.tenant()) + "." + TenantDatabase.quote(table)
                + " (" + String.join(", ", elements) + ")";
        executeInH2(database, root.tenant(), sql);
    }

    /** Executes {@code DROP TABLE [IF EXISTS] t} in the tenant's H2 schema. */
    public void execute(SqlDropTable drop, CalcitePrepare.Context context) {
        PlugSqlRootSchema root = root(context);
        String table = ownName(drop.name, root.tenant(), "drop tables");
        TenantDatabase database = root.directory().tenantDatabase();
        if (!database.tableExists(root.tenant(), table)) {
            if (drop.ifExists) {
                return;
            }
            throw SqlAdapterErrors.at(drop.name.getParserPosition(), SqlAdapterErrorCode.TABLE_NOT_FOUND,
                    RESOURCE.tableNotFound(table, root.tenant()));
        }
        executeInH2(database, root.tenant(),
                "DROP TABLE " + TenantDatabase.quote(root.tenant()) + "." + TenantDatabase.quote(table));
    }

    /**
     * Executes CREATE [OR REPLACE] FUNCTION [IF NOT EXISTS]: decodes the body, maps the types,
     * validates and compiles the module in the engine, and only then writes the catalog (one atomic
     * change), so a rejected function leaves the catalog as it was.
     */
    public void execute(SqlCreateWasmFunction create, CalcitePrepare.Context context) {
        PlugSqlRootSchema root = root(context);
        if (create.getReplace() && create.ifNotExists) {
            throw SqlAdapterErrors.at(create.getParserPosition(), SqlAdapterErrorCode.NOT_SUPPORTED,
                    RESOURCE.notSupported("OR REPLACE together with IF NOT EXISTS"));
        }
        FunctionName function = FunctionName.of(root.tenant(),
                ownName(create.name(), root.tenant(), "create functions").toLowerCase(Locale.ROOT));
        CatalogStore catalog = root.directory().functions().catalog();
        if (create.ifNotExists && catalog.describeFunction(function).isPresent()) {
            return;
        }
        List<UdfType> parameterTypes = new ArrayList<>();
        List<String> parameterNames = new ArrayList<>();
        List<SqlFunctionParameter> parameters = create.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            SqlFunctionParameter parameter = parameters.get(i);
            String name = parameter.name() == null ? "" : parameter.name().getSimple().toLowerCase(Locale.ROOT);
            parameterNames.add(name);
            parameterTypes.add(SqlTypes.toUdfType(parameter.type(), "parameter " + (i + 1)
                    + (name.isEmpty() ? "" : " (" + name + ")") + " of " + function));
        }
        Signature signature = new Signature(parameterTypes,
                SqlTypes.toUdfType(create.returnType(), "the result of " + function));
        byte[] module = ModuleBodies.decode(create, function.toString());
        WasmFunctionOptions options = create.options();
        FunctionDefinition definition = FunctionDefinition.builder(function.toString(), module)
                .signature(signature)
                .handler(options.handler())
                .nullInputMode(options.nullInputMode())
                .deterministic(options.deterministic())
                .limits(options.limits(SandboxLimits.DEFAULT))
                .build();
        // Validates and compiles (cached by the module's SHA-256) before anything is written.
        // The tenant's quota applies, so a module needing more memory than the quota allows is refused now.
        FunctionRegistry functions = root.directory().functions();
        functions.engine().load(functions.cappedFor(root.tenant(), definition)).close();
        catalog.createFunction(CreateFunctionRequest.builder(root.tenant(), function, module, signature)
                .mode(create.getReplace() ? CreateMode.CREATE_OR_REPLACE
                        : create.ifNotExists ? CreateMode.CREATE_IF_NOT_EXISTS : CreateMode.CREATE)
                .parameterNames(parameterNames)
                .handler(definition.handler())
                .nullInputMode(definition.nullInputMode())
                .deterministic(definition.deterministic())
                .limits(definition.limits())
                .build());
        functions.retireStale();
    }

    /** Executes DROP FUNCTION [IF EXISTS]; only the owner may drop. */
    public void execute(SqlDropWasmFunction drop, CalcitePrepare.Context context) {
        PlugSqlRootSchema root = root(context);
        FunctionRegistry functions = root.directory().functions();
        functions.catalog().dropFunction(root.tenant(), functionName(drop.name(), root.tenant()), drop.ifExists);
        functions.retireStale();
    }

    /** Executes GRANT / REVOKE EXECUTE ON FUNCTION; only the owner may grant or revoke. */
    public void execute(SqlFunctionPrivilege privilege, CalcitePrepare.Context context) {
        PlugSqlRootSchema root = root(context);
        CatalogStore catalog = root.directory().functions().catalog();
        FunctionName function = functionName(privilege.function(), root.tenant());
        String grantee = privilege.grantee().getSimple().toLowerCase(Locale.ROOT);
        if (privilege.isGrant()) {
            catalog.grantExecute(function, grantee, root.tenant());
        } else {
            catalog.revokeExecute(function, grantee, root.tenant());
        }
    }

    /** {@code f} (in the tenant's schema) or {@code schema.f}, folded to the catalog's lower case. */
    private static FunctionName functionName(SqlIdentifier name, String tenant) {
        if (name.names.size() > 2) {
            throw SqlAdapterErrors.at(name.getParserPosition(), SqlAdapterErrorCode.SYNTAX_ERROR,
                    RESOURCE.nameTooLong(name.toString()));
        }
        String schema = name.names.size() == 2 ? name.names.get(0).toLowerCase(Locale.ROOT) : tenant;
        return FunctionName.of(schema, name.names.get(name.names.size() - 1).toLowerCase(Locale.ROOT));
    }

    private static void executeInH2(TenantDatabase database, String tenant, String sql) {
        try {
            database.executeDdl(tenant, sql);
        } catch (SQLException e) {
            throw new PlugSqlException(SqlAdapterErrorCode.TENANT_DATABASE_ERROR, e.getMessage(), e);
        }
    }

    /**
     * The column as H2 DDL. Only built-in types (the grammar has no DEFAULT or generated values): the
     * H2 text then holds nothing of the tenant's but quoted names and a type Calcite unparsed.
     */
    private static String columnSql(SqlColumnDeclaration column) {
        if (!(column.dataType.getTypeNameSpec() instanceof SqlBasicTypeNameSpec)) {
            throw SqlAdapterErrors.at(column.dataType.getParserPosition(), SqlAdapterErrorCode.UNSUPPORTED_TYPE,
                    RESOURCE.notBuiltInColumnType(column.name.getSimple(), column.dataType.toString()));
        }
        String type = column.dataType.toSqlString(H2SqlDialect.DEFAULT).getSql();
        return TenantDatabase.quote(column.name.getSimple()) + " " + type
                + (column.strategy == ColumnStrategy.NOT_NULLABLE ? " NOT NULL" : "");
    }

    private static String primaryKeySql(SqlKeyConstraint key) {
        List<String> columns = new ArrayList<>();
        for (SqlNode column : (SqlNodeList) key.getOperandList().get(1)) {
            columns.add(TenantDatabase.quote(((SqlIdentifier) column).getSimple()));
        }
        return "PRIMARY KEY (" + String.join(", ", columns) + ")";
    }

    /**
     * The object name of {@code name} ({@code t} or {@code schema.t}), checking that the schema, if
     * given, is the tenant's own.
     */
    static String ownName(SqlIdentifier name, String tenant, String action) {
        if (name.names.size() > 2) {
            throw SqlAdapterErrors.at(name.getParserPosition(), SqlAdapterErrorCode.SYNTAX_ERROR,
                    RESOURCE.nameTooLong(name.toString()));
        }
        if (name.names.size() == 2 && !name.names.get(0).equalsIgnoreCase(tenant)) {
            throw SqlAdapterErrors.at(name.getParserPosition(), SqlAdapterErrorCode.PERMISSION_DENIED,
                    RESOURCE.foreignSchema(tenant, action, name.names.get(0).toLowerCase(Locale.ROOT)));
        }
        return name.names.get(name.names.size() - 1);
    }
}
