package io.plugsql.bench.e2e;

import io.plugsql.bench.server.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * plugsql over its server: the data directory of {@link PlugSqlContender} (table and function made
 * before the server starts), served by {@code io.plugsql.server.Main serve} in a child JVM and
 * queried over loopback JDBC (Avatica remote driver, protobuf). The server runs the batch path.
 */
final class PlugSqlServerContender extends JdbcContender {
    private Path dataDirectory;
    private ServerProcess server;

    PlugSqlServerContender() {
        super("plugsql server (loopback JDBC), batch path", "SELECT SUM(mul_add(a, b)) FROM t");
    }

    @Override
    public void load(Dataset dataset) throws Exception {
        dataDirectory = Files.createTempDirectory("plugsql-bench-server-e2e-");
        PlugSqlContender.writeTable(dataDirectory, dataset);
        try (Connection embedded = DriverManager.getConnection(
                        "jdbc:plugsql:data=" + dataDirectory + ";tenant=" + PlugSqlContender.TENANT);
                Statement statement = embedded.createStatement()) {
            statement.execute(PlugSqlContender.createFunctionSql());
        }
        server = ServerProcess.start(dataDirectory, 1, "SELECT mul_add(3, 4)", 13);
        connection = server.connect();
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (server != null) {
                server.close();
            }
            if (dataDirectory != null) {
                PlugSqlContender.deleteTree(dataDirectory);
            }
        }
    }
}
