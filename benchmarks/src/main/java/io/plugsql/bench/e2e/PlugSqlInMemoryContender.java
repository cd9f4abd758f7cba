package io.plugsql.bench.e2e;

import io.plugsql.bench.engine.Kernels;
import io.plugsql.engine.EngineConfig;
import io.plugsql.engine.FunctionDefinition;
import io.plugsql.engine.Signature;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.engine.WasmEngine;
import io.plugsql.sql.arrow.InMemoryArrowTable;
import io.plugsql.sql.vectorized.VectorizeSettings;
import io.plugsql.sql.vectorized.VectorizedPrepare;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.calcite.adapter.java.ReflectiveSchema;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * plugsql's query path in process: Calcite with plugsql's prepare ({@link VectorizedPrepare}) and the
 * {@code a*b+1} Wasm function from udf-engine, with vectorization on (the batch path) or off (the row
 * path). The table is in memory, so that the UDF query and the built-in query run the same scan and
 * aggregate and differ only by how {@code a*b+1} is computed: either a table of Java rows, or an
 * {@link InMemoryArrowTable} whose batches the batch path hands to the function without rows.
 */
final class PlugSqlInMemoryContender extends JdbcContender {
    /** How the in-memory table holds its data. */
    enum TableKind {
        ROWS("plugsql in-memory row table"),
        ARROW("plugsql in-memory Arrow table");

        private final String label;

        TableKind(String label) {
            this.label = label;
        }
    }

    private final boolean vectorize;
    private final TableKind tableKind;
    private WasmEngine engine;
    private BufferAllocator tableAllocator;
    private InMemoryArrowTable arrowTable;

    PlugSqlInMemoryContender(TableKind tableKind, boolean vectorize) {
        super(tableKind.label + (vectorize ? ", batch path" : ", row path"), "SELECT SUM(mul_add(a, b)) FROM t");
        this.tableKind = tableKind;
        this.vectorize = vectorize;
    }

    @Override
    public long maxRows() {
        return vectorize ? Long.MAX_VALUE : ROW_PATH_MAX_ROWS;
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
        SchemaPlus schema;
        if (tableKind == TableKind.ARROW) {
            schema = calcite.getRootSchema().add("bench", new AbstractSchema());
            arrowTable = arrowTable(dataset);
            schema.add("t", arrowTable);
        } else {
            schema = calcite.getRootSchema().add("bench", new ReflectiveSchema(new Tables(dataset)));
        }
        schema.add("mul_add", new BenchWasmFunction(engine.load(definition)));
        calcite.setSchema("bench");
    }

    /** Columns {@code a} and {@code b} of the dataset as BIGINT vectors. */
    private InMemoryArrowTable arrowTable(Dataset dataset) throws SQLException {
        if (dataset.rows() > Integer.MAX_VALUE) {
            throw new SQLException("too many rows for an in-memory table: " + dataset.rows());
        }
        int rows = (int) dataset.rows();
        tableAllocator = new RootAllocator();
        BigIntVector a = new BigIntVector("a", tableAllocator);
        BigIntVector b = new BigIntVector("b", tableAllocator);
        a.allocateNew(rows);
        b.allocateNew(rows);
        for (int x = 0; x < rows; x++) {
            a.set(x, x % 1000);
            b.set(x, (x * 7L + 3) % 1000);
        }
        a.setValueCount(rows);
        b.setValueCount(rows);
        UdfType bigint = UdfType.of(TypeName.BIGINT);
        return new InMemoryArrowTable(List.of("a", "b"), List.of(bigint, bigint), List.of(a, b));
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (engine != null) {
                engine.close();
            }
            if (arrowTable != null) {
                arrowTable.close();
                tableAllocator.close();
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
