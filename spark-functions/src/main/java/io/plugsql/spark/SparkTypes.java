package io.plugsql.spark;

import io.plugsql.engine.UdfType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The Spark SQL type of each plugsql type, and the JVM type Spark passes for it to a magic method. */
final class SparkTypes {
    private SparkTypes() {}

    static DataType dataType(UdfType type) {
        switch (type.name()) {
            case BOOLEAN:
                return DataTypes.BooleanType;
            case INTEGER:
                return DataTypes.IntegerType;
            case BIGINT:
                return DataTypes.LongType;
            case REAL:
                return DataTypes.FloatType;
            case DOUBLE:
                return DataTypes.DoubleType;
            case DECIMAL:
                return DataTypes.createDecimalType(type.precision(), type.scale());
            case VARCHAR:
                return DataTypes.StringType;
            case VARBINARY:
                return DataTypes.BinaryType;
            case DATE:
                return DataTypes.DateType;
            case TIMESTAMP:
                // plugsql's TIMESTAMP has no time zone: microseconds since 1970-01-01T00:00:00, as Spark's TIMESTAMP_NTZ.
                return DataTypes.TimestampNTZType;
            default:
                throw new IllegalArgumentException("no Spark type for " + type);
        }
    }

    /** The JVM class Spark uses for values of {@code type} (ScalarFunction's mapping). */
    static Class<?> javaClass(UdfType type) {
        switch (type.name()) {
            case BOOLEAN:
                return boolean.class;
            case INTEGER:
            case DATE:
                return int.class;
            case BIGINT:
            case TIMESTAMP:
                return long.class;
            case REAL:
                return float.class;
            case DOUBLE:
                return double.class;
            case DECIMAL:
                return org.apache.spark.sql.types.Decimal.class;
            case VARCHAR:
                return org.apache.spark.unsafe.types.UTF8String.class;
            case VARBINARY:
                return byte[].class;
            default:
                throw new IllegalArgumentException("no JVM class for " + type);
        }
    }
}
