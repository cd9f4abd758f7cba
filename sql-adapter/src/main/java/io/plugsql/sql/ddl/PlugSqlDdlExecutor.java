package io.plugsql.sql.ddl;

import static io.plugsql.sql.PlugSqlResource.RESOURCE;

import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.internal.PlugSqlRootSchema;
import io.plugsql.sql.internal.SqlAdapterErrorCode;
import io.plugsql.sql.internal.SqlAdapterErrors;
import io.plugsql.sql.internal.TenantDatabase;
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

    private static void executeInH2(TenantDatabase database, String tenant, String sql) {
        try {
            database.executeDdl(tenant, sql);
        } catch (SQLException e) {
            throw new PlugSqlException(SqlAdapterErrorCode.TENANT_DATABASE_ERROR, e.getMessage(), e);
        }
    }

    private static String columnSql(SqlColumnDeclaration column) {
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
