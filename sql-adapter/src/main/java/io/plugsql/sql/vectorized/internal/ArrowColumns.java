package io.plugsql.sql.vectorized.internal;

import io.plugsql.engine.ArrowTypes;
import io.plugsql.engine.UdfType;
import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.internal.ArrowValues;
import io.plugsql.sql.vectorized.VectorizedErrorCode;
import java.util.function.IntFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * The batch path's use of {@link ArrowValues}: fills argument vectors and reads result vectors,
 * reporting conversion failures with the function, argument and input row.
 */
public final class ArrowColumns {
    private ArrowColumns() {}

    /**
     * Fills {@code vector} (made for {@code type}) with {@code rowCount} values.
     *
     * @param valueAt the value of a row in Calcite's internal representation, or null
     * @param function, {@code argument} (0-based) and {@code firstRow} (input row number of the
     *     batch's first row) locate a value in conversion errors
     */
    public static void fill(FieldVector vector, UdfType type, IntFunction<Object> valueAt, int rowCount,
            String function, int argument, long firstRow) {
        vector.setInitialCapacity(rowCount);
        vector.allocateNew();
        int row = 0;
        try {
            ArrowValues.Writer writer = ArrowValues.writer(vector, type);
            for (; row < rowCount; row++) {
                writer.set(row, valueAt.apply(row));
            }
        } catch (ClassCastException | ArithmeticException | UnsupportedOperationException e) {
            throw new PlugSqlException(VectorizedErrorCode.ARGUMENT_CONVERSION,
                    "function " + function + ": argument " + (argument + 1) + " of input row " + (firstRow + row)
                            + " cannot be passed as " + type + ": " + e.getMessage(), e);
        }
        vector.setValueCount(rowCount);
    }

    /** A new, empty, nullable vector of the Arrow type the engine expects for {@code type}. */
    public static FieldVector newVector(UdfType type, String name, BufferAllocator allocator) {
        return ArrowTypes.vectorFor(type, name, allocator);
    }

    /**
     * A reader of the vector's values in Calcite's internal representation (null for NULL).
     *
     * @throws PlugSqlException {@link VectorizedErrorCode#BAD_RESULT_VECTOR} when the vector is not of the type's class
     */
    public static IntFunction<Object> reader(FieldVector vector, UdfType type, String function) {
        try {
            return ArrowValues.reader(vector, type);
        } catch (ClassCastException e) {
            throw new PlugSqlException(VectorizedErrorCode.BAD_RESULT_VECTOR,
                    "function " + function + " returned a " + vector.getClass().getSimpleName()
                            + " for its result type " + type, e);
        }
    }
}
