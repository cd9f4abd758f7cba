package io.plugsql.bench.e2e;

import java.sql.DriverManager;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBScalarFunction;

/** DuckDB in memory with the kernel as a Java scalar UDF, either row-wise or over DuckDB's vectors. */
final class DuckDbContender extends JdbcContender {
    private final boolean vectorized;

    DuckDbContender(boolean vectorized) {
        super(vectorized ? "DuckDB vectorized Java UDF" : "DuckDB scalar Java UDF", "SELECT SUM(mul_add(a, b)) FROM t");
        this.vectorized = vectorized;
    }

    @Override
    public void load(Dataset dataset) throws Exception {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        var builder = DuckDBFunctions.scalarFunction()
                .withName("mul_add")
                .withParameters(DuckDBColumnType.BIGINT, DuckDBColumnType.BIGINT)
                .withReturnType(DuckDBColumnType.BIGINT);
        if (vectorized) {
            builder.withVectorizedFunction(mulAddVectorized());
        } else {
            builder.withLongFunction(JavaFunctions::mulAdd);
        }
        builder.register(connection);
        execute("CREATE TABLE t AS SELECT CAST(" + Dataset.columnA("range") + " AS BIGINT) AS a, CAST("
                + Dataset.columnB("range") + " AS BIGINT) AS b FROM range(" + dataset.rows() + ")");
    }

    private static DuckDBScalarFunction mulAddVectorized() {
        return (input, output) -> {
            var a = input.vector(0);
            var b = input.vector(1);
            long rows = input.rowCount();
            for (long row = 0; row < rows; row++) {
                if (a.isNull(row) || b.isNull(row)) {
                    output.setNull(row);
                } else {
                    output.setLong(row, JavaFunctions.mulAdd(a.getLong(row), b.getLong(row)));
                }
            }
        };
    }
}
