package io.plugsql.bench.e2e;

import io.plugsql.bench.engine.Kernels;
import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.Signature;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.WasmEngine;
import io.plugsql.sql.vectorized.VectorizeSettings;
import io.plugsql.sql.vectorized.VectorizedPrepare;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.adapter.java.ReflectiveSchema;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.schema.SchemaPlus;

/**
 * plugsql's query path in process: Calcite with plugsql's prepare ({@link VectorizedPrepare}) and the
 * {@code a*b+1} Wasm function from udf-engine, with vectorization on (the batch path) or off (the row
 * path). The table is an in-memory Calcite table, so that the UDF query and the built-in query run
 * the same scan and aggregate and differ only by how {@code a*b+1} is computed.
 */
final class PlugSqlInMemoryContender extends JdbcContender {
    private final boolean vectorize;
    private WasmEngine engine;

    PlugSqlInMemoryContender(boolean vectorize) {
        super(vectorize ? "plugsql in-memory table, batch path" : "plugsql in-memory table, row path",
                "SELECT SUM(mul_add(a, b)) FROM t");
        this.vectorize = vectorize;
    }

    @Override
    public void load(Dataset dataset) throws Exception {
        engine = new WasmEngine(EngineConfig.defaults());
        UdfType bigint = UdfType.of(TypeName.BIGINT);
        FunctionDefinition definition = FunctionDefinition.builder("bench.mul_add", Kernels.wasm("mul_add"))
                .signature(new Signature(List.of(bigint, bigint), bigint))
                .build();
        Properties properties = new Properties();
        properties.setProperty("lex", "JAVA");
        properties.setProperty(VectorizeSettings.VECTORIZE, Boolean.toString(vectorize));
        connection = new Driver().withPrepareFactory(VectorizedPrepare::new).connect("jdbc:calcite:", properties);
        CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
        SchemaPlus schema = calcite.getRootSchema().add("bench", new ReflectiveSchema(new Tables(dataset)));
        schema.add("mul_add", new BenchWasmFunction(engine.load(definition)));
        calcite.setSchema("bench");
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
    }

    /** The dataset as a Calcite reflective schema: table {@code t} with BIGINT columns {@code a}, {@code b}. */
    public static final class Tables {
        public final Row[] t;

        Tables(Dataset dataset) throws SQLException {
            if (dataset.rows() > Integer.MAX_VALUE) {
                throw new SQLException("too many rows for an in-memory table: " + dataset.rows());
            }
            t = new Row[(int) dataset.rows()];
            for (int x = 0; x < t.length; x++) {
                t[x] = new Row(x % 1000, (x * 7L + 3) % 1000);
            }
        }
    }

    /** One row of {@code t}. */
    public static final class Row {
        public final long a;
        public final long b;

        Row(long a, long b) {
            this.a = a;
            this.b = b;
        }
    }
}
