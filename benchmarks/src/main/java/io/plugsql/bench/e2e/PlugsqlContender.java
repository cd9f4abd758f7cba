package io.plugsql.bench.e2e;

import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.Signature;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.WasmEngine;
import io.plugsql.sql.vectorized.VectorizeSettings;
import io.plugsql.sql.vectorized.VectorizedPrepare;
import java.sql.SQLException;
import java.util.HexFormat;
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
final class PlugsqlContender extends JdbcContender {
    /**
     * {@code benchmarks/src/main/resources/io/plugsql/bench/wasm/mul_add.wat} assembled: exports
     * {@code mul_add} (scalar form) and {@code mul_add_batch} (ABI v1 batch form).
     */
    static final String MUL_ADD_WASM = "0061736d0100000001160460017f017f60000060027e7e017e60037f7f7f017f0305040001020305030100010607017f014180080b075506066d656d6f727902000d706c756773716c5f616c6c6f6300000d706c756773716c5f72657365740001076d756c5f61646400020e6d756c5f6164645f7363616c617200020d6d756c5f6164645f626174636800030ab101043f01027f23002101200120006a41076a417871210220023f004110744b044020023f004110746b41107641016a4000417f46044041000f0b0b2002240020010b070041800824000b0a00200020017e42017c0b5c01047f200128020421032001280214210420022802042105200520004103746a210602400340200520064f0d012005200329030020042903007e42017c370300200341086a2103200441086a2104200541086a21050c000b0b41000b";

    private final boolean vectorize;
    private WasmEngine engine;

    PlugsqlContender(boolean vectorize) {
        super(vectorize ? "plugsql in-memory table, batch path" : "plugsql in-memory table, row path",
                "SELECT SUM(mul_add(a, b)) FROM t");
        this.vectorize = vectorize;
    }

    @Override
    public void load(Dataset dataset) throws Exception {
        engine = new WasmEngine(EngineConfig.defaults());
        UdfType bigint = UdfType.of(TypeName.BIGINT);
        FunctionDefinition definition = FunctionDefinition.builder("bench.mul_add", HexFormat.of().parseHex(MUL_ADD_WASM))
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
