package io.plugsql.sql.vectorized.internal;

import io.plugsql.engine.UdfType;
import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.internal.ArrowValues;
import io.plugsql.sql.internal.JdbcValues;
import io.plugsql.sql.internal.SqlAdapterErrorCode;
import io.plugsql.sql.internal.TenantDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.calcite.DataContext;

/**
 * Batches read from a pushed-down query's result set straight into one Arrow vector per column the
 * operator reads: no row arrays, no boxed values before the UDF. The statement is prepared on a
 * connection of its own (a plain session of the tenant database, {@link TenantDataSource#bulkReadConnection}),
 * closed with this input.
 */
final class JdbcBatchInput implements BatchInput {
    private static final int INITIAL_CAPACITY = 128;

    private final JdbcScan scan;
    /** Where the connection goes back to, or null when it is simply closed. */
    private final TenantDataSource tenantDatabase;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet resultSet;
    private final FieldVector[] vectors;
    private final JdbcColumns.Copier[] copiers;
    private final IntFunction<?>[] readers;
    private boolean exhausted;
    private boolean closed;
    private int rowCount;
    private long firstRow;

    private JdbcBatchInput(JdbcScan scan, TenantDataSource tenantDatabase, Connection connection,
            PreparedStatement statement, ResultSet resultSet) {
        this.scan = scan;
        this.tenantDatabase = tenantDatabase;
        this.connection = connection;
        this.statement = statement;
        this.resultSet = resultSet;
        int fields = scan.fields().size();
        this.vectors = new FieldVector[fields];
        this.copiers = new JdbcColumns.Copier[fields];
        this.readers = new IntFunction<?>[fields];
    }

    /** Runs the scan's query with the statement's parameter values ({@code root}) and its query timeout. */
    static JdbcBatchInput open(DataSource dataSource, JdbcScan scan, DataContext root) {
        Connection connection = null;
        PreparedStatement statement = null;
        TenantDataSource tenantDatabase = null;
        try {
            tenantDatabase = dataSource.isWrapperFor(TenantDataSource.class)
                    ? dataSource.unwrap(TenantDataSource.class) : null;
            connection = tenantDatabase != null ? tenantDatabase.bulkReadConnection() : dataSource.getConnection();
            statement = connection.prepareStatement(scan.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            JdbcValues.enricher(scan.dynamicParameters().toArray(new Integer[0]),
                    scan.parameterTypes().toArray(new String[0]), root).enrich(statement);
            Object timeout = root.get(DataContext.Variable.TIMEOUT.camelName);
            if (timeout instanceof Long millis && millis > 0) {
                statement.setQueryTimeout((int) Math.max(1, (millis + 999) / 1000));
            }
            return new JdbcBatchInput(scan, tenantDatabase, connection, statement, statement.executeQuery());
        } catch (SQLException e) {
            closeQuietly(statement, e);
            closeQuietly(connection, e);
            throw failure(scan, e);
        }
    }

    @Override
    public int next(int maxRows, BufferAllocator allocator) {
        releaseVectors();
        firstRow += rowCount;
        rowCount = 0;
        if (exhausted) {
            return 0;
        }
        ReadFields types = scan.fields();
        for (int field = 0; field < vectors.length; field++) {
            UdfType type = types.type(field);
            if (type != null) {
                FieldVector vector = ArrowColumns.newVector(type, "$" + field, allocator);
                // small first: a point query reads one row; the copiers grow the vector as rows come
                vector.setInitialCapacity(Math.min(maxRows, INITIAL_CAPACITY));
                vector.allocateNew();
                vectors[field] = vector;
                copiers[field] = JdbcColumns.copier(vector, type, field + 1);
            }
        }
        int count = 0;
        try {
            while (count < maxRows && resultSet.next()) {
                for (JdbcColumns.Copier copier : copiers) {
                    if (copier != null) {
                        copier.copy(resultSet, count);
                    }
                }
                count++;
            }
        } catch (SQLException e) {
            throw failure(scan, e);
        }
        exhausted = count < maxRows;
        for (int field = 0; field < vectors.length; field++) {
            if (vectors[field] != null) {
                vectors[field].setValueCount(count);
                readers[field] = ArrowValues.reader(vectors[field], types.type(field));
            }
        }
        rowCount = count;
        return count;
    }

    @Override
    public FieldVector column(int field, UdfType type, BatchPlan.Step step, int argument) {
        scan.fields().checkArgument(field, type, step);
        return vectors[field];
    }

    @Override
    public Object value(int row, int field) {
        return readers[field].apply(row);
    }

    @Override
    public long firstRow() {
        return firstRow;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseVectors();
        SQLException failure = new SQLException("cannot close the result set of " + scan.sql());
        closeQuietly(resultSet, failure);
        closeQuietly(statement, failure);
        closeQuietly(tenantDatabase != null && failure.getSuppressed().length == 0
                ? () -> tenantDatabase.releaseBulkReadConnection(connection) : connection, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure(scan, failure);
        }
    }

    private void releaseVectors() {
        for (int field = 0; field < vectors.length; field++) {
            if (vectors[field] != null) {
                vectors[field].close();
                vectors[field] = null;
                copiers[field] = null;
                readers[field] = null;
            }
        }
    }

    private static void closeQuietly(AutoCloseable resource, Exception failure) {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static PlugSqlException failure(JdbcScan scan, SQLException e) {
        return new PlugSqlException(SqlAdapterErrorCode.TENANT_DATABASE_ERROR,
                "Cannot read the input of a batch operator (" + scan.sql() + "): " + e.getMessage(), e);
    }
}
