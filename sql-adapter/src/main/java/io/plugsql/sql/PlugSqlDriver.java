package io.plugsql.sql;

import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.internal.ConnectionSpec;
import io.plugsql.sql.vectorized.VectorizeSettings;
import io.plugsql.sql.vectorized.VectorizedPrepare;
import io.plugsql.sql.internal.JdbcProxies;
import io.plugsql.sql.internal.PlugSqlRootSchema;
import io.plugsql.sql.internal.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalciteFactory;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.Driver;

/**
 * Embedded JDBC driver: a Calcite connection whose root schema is one tenant's view of a data
 * directory, with plugsql's grammar and DDL executor.
 *
 * <pre>{@code
 * try (Connection c = DriverManager.getConnection("jdbc:plugsql:data=/var/lib/plugsql;tenant=acme")) {
 *     c.createStatement().execute("CREATE TABLE t (a BIGINT)");
 * }
 * }</pre>
 *
 * <p>The URL accepts {@code data} (the data directory, created if absent) and {@code tenant} (the
 * connection's tenant and default schema), {@code vectorize} and {@code vectorizeBatchSize} (see
 * {@link VectorizeSettings}), plus {@code user}/{@code password}, which are ignored. Any
 * other property, Calcite's {@code model}, {@code parserFactory}, {@code fun} or
 * {@code schemaFactory} among them, is refused: the driver sets Calcite's properties itself.
 */
public final class PlugSqlDriver extends Driver {
    /** Prefix of every plugsql URL. */
    public static final String URL_PREFIX = "jdbc:plugsql:";

    /** The parser factory every connection uses; see {@code PlugSqlDdlExecutor.PARSER_FACTORY}. */
    private static final String PARSER_FACTORY = "io.plugsql.sql.ddl.PlugSqlDdlExecutor#PARSER_FACTORY";

    static {
        useUnicodeByDefault();
        new PlugSqlDriver().register();
    }

    /**
     * Makes character literals Unicode: Calcite reads its default charset (ISO-8859-1 unless told)
     * once, from system properties, so this must run before Calcite's first use in the JVM; a
     * launcher can also pass {@code -Dcalcite.default.charset=UTF-8} and the two others itself.
     */
    private static void useUnicodeByDefault() {
        setIfAbsent("calcite.default.charset", "UTF-8");
        setIfAbsent("calcite.default.nationalcharset", "UTF-8");
        setIfAbsent("calcite.default.collation.name", "UTF-8$en_US");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * Plans with {@link VectorizedPrepare}: each WASM function call is bound to its function version
     * ({@link io.plugsql.sql.internal.PlugSqlPrepare}), and calls run per Arrow batch unless
     * {@code vectorize=false}.
     */
    public PlugSqlDriver() {
        super(VectorizedPrepare::new);
    }

    @Override
    protected String getConnectStringPrefix() {
        return URL_PREFIX;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        try {
            ConnectionSpec spec = ConnectionSpec.parse(url, URL_PREFIX, info == null ? new Properties() : info);
            DataDirectory directory = DataDirectory.acquire(spec.dataDirectory());
            try {
                directory.tenantDatabase().ensureSchema(spec.tenant());
                directory.functions().catalog().ensureTenant(spec.tenant());
                CalciteSchema root = CalciteSchema.createRootSchema(false, false, "",
                        new PlugSqlRootSchema(directory, spec.tenant()));
                AvaticaConnection connection = ((CalciteFactory) factory)
                        .newConnection(this, factory, url, calciteProperties(spec), root, null);
                handler.onConnectionInit(connection);
                connection.setSchema(spec.tenant());
                return JdbcProxies.wrap(connection, spec.tenant());
            } catch (SQLException | RuntimeException e) {
                directory.release();
                throw e;
            }
        } catch (SQLException | PlugSqlException e) {
            throw SqlErrors.toSqlException(e);
        }
    }

    private static Properties calciteProperties(ConnectionSpec spec) {
        Properties properties = new Properties();
        properties.setProperty(CalciteConnectionProperty.PARSER_FACTORY.camelName(), PARSER_FACTORY);
        properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
        properties.setProperty(VectorizeSettings.VECTORIZE, Boolean.toString(spec.vectorize().enabled()));
        properties.setProperty(VectorizeSettings.BATCH_SIZE, Integer.toString(spec.vectorize().batchSize()));
        return properties;
    }

    @Override
    protected Handler createHandler() {
        Handler calcite = super.createHandler();
        return new Handler() {
            @Override
            public void onConnectionInit(AvaticaConnection connection) throws SQLException {
                calcite.onConnectionInit(connection);
            }

            @Override
            public void onConnectionClose(AvaticaConnection connection) {
                try {
                    calcite.onConnectionClose(connection);
                } finally {
                    PlugSqlRootSchema root = ((CalciteConnection) connection).getRootSchema()
                            .unwrap(PlugSqlRootSchema.class);
                    if (root != null) {
                        root.directory().release();
                    }
                }
            }

            @Override
            public void onStatementExecute(AvaticaStatement statement, ResultSink resultSink) {
                calcite.onStatementExecute(statement, resultSink);
            }

            @Override
            public void onStatementClose(AvaticaStatement statement) {
                calcite.onStatementClose(statement);
            }
        };
    }
}
