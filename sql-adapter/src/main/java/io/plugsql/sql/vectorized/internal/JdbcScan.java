package io.plugsql.sql.vectorized.internal;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A query that the JDBC adapter pushed down to the tenant database, read by {@link JdbcBatchInput}
 * straight into Arrow vectors.
 *
 * @param sql the query, in the database's dialect
 * @param dynamicParameters for each {@code ?} of {@code sql}, in order, the statement's parameter index
 * @param parameterTypes for each {@code ?} of {@code sql}, the name of its SQL type (how its value is bound)
 * @param fields the result columns the operator reads and their vector types
 */
public record JdbcScan(String sql, List<Integer> dynamicParameters, List<String> parameterTypes,
        ReadFields fields) {
    public JdbcScan {
        requireNonNull(sql, "sql is null");
        dynamicParameters = List.copyOf(requireNonNull(dynamicParameters, "dynamicParameters is null"));
        parameterTypes = List.copyOf(requireNonNull(parameterTypes, "parameterTypes is null"));
        if (parameterTypes.size() != dynamicParameters.size()) {
            throw new IllegalArgumentException(dynamicParameters.size() + " parameters but " + parameterTypes.size() + " types");
        }
        requireNonNull(fields, "fields is null");
    }
}
