package io.plugsql.sql.vectorized.internal;

import io.plugsql.engine.UdfType;
import io.plugsql.sql.internal.ArrowValues;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;

/**
 * Copies result set columns into Arrow vectors with the getter Calcite's JDBC adapter uses for the
 * same type, so that values reach a UDF exactly as they would through rows: primitives without
 * boxing, the other types through {@link ArrowValues}' conversion.
 */
final class JdbcColumns {
    private JdbcColumns() {}

    /** Copies the result set's current row of one column into one row of a vector. */
    @FunctionalInterface
    interface Copier {
        void copy(ResultSet resultSet, int row) throws SQLException;
    }

    /**
     * A copier of result set column {@code column} (1-based) into {@code vector}, which was made for
     * {@code type}.
     */
    static Copier copier(FieldVector vector, UdfType type, int column) {
        return switch (type.name()) {
            case BOOLEAN -> {
                BitVector v = (BitVector) vector;
                yield (resultSet, row) -> {
                    boolean value = resultSet.getBoolean(column);
                    if (resultSet.wasNull()) {
                        v.setNull(row);
                    } else {
                        v.setSafe(row, value ? 1 : 0);
                    }
                };
            }
            case INTEGER -> {
                IntVector v = (IntVector) vector;
                yield (resultSet, row) -> {
                    int value = resultSet.getInt(column);
                    if (resultSet.wasNull()) {
                        v.setNull(row);
                    } else {
                        v.setSafe(row, value);
                    }
                };
            }
            case BIGINT -> {
                BigIntVector v = (BigIntVector) vector;
                yield (resultSet, row) -> {
                    long value = resultSet.getLong(column);
                    if (resultSet.wasNull()) {
                        v.setNull(row);
                    } else {
                        v.setSafe(row, value);
                    }
                };
            }
            case REAL -> {
                Float4Vector v = (Float4Vector) vector;
                yield (resultSet, row) -> {
                    float value = resultSet.getFloat(column);
                    if (resultSet.wasNull()) {
                        v.setNull(row);
                    } else {
                        v.setSafe(row, value);
                    }
                };
            }
            case DOUBLE -> {
                Float8Vector v = (Float8Vector) vector;
                yield (resultSet, row) -> {
                    double value = resultSet.getDouble(column);
                    if (resultSet.wasNull()) {
                        v.setNull(row);
                    } else {
                        v.setSafe(row, value);
                    }
                };
            }
            case DECIMAL, VARCHAR, VARBINARY -> {
                ArrowValues.Writer writer = ArrowValues.writer(vector, type);
                yield (resultSet, row) -> writer.set(row, resultSet.getObject(column));
            }
            case DATE, TIMESTAMP -> throw new IllegalArgumentException(
                    "date and time columns are read through rows (time zone conversion): " + type);
        };
    }
}
