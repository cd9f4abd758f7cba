/*
 * IoT sensor calibration and unit conversion, declared with on_null_input = 'call' so that a
 * device without a calibration record (NULL offset or gain) still gets a reading:
 *   calibrate_f(raw_celsius, offset, gain) = (raw_celsius * gain + offset) * 9 / 5 + 32
 * NULL gain means 1, NULL offset means 0, NULL raw reading gives NULL.
 */
#include "plugsql.h"

static double calibrate_f(double raw_celsius, double offset, double gain) {
    return (raw_celsius * gain + offset) * 9.0 / 5.0 + 32.0;
}

/* Scalar form with is-null flags before each argument (on_null_input = 'call'). */
PLUGSQL_EXPORT(calibrate_f)
double export_calibrate_f(int32_t raw_null, double raw, int32_t offset_null, double offset,
                          int32_t gain_null, double gain) {
    if (raw_null) {
        plugsql_set_result_null();
        return 0.0;
    }
    return calibrate_f(raw, offset_null ? 0.0 : offset, gain_null ? 1.0 : gain);
}

/* Batch form: the same rule over whole DOUBLE columns, NULLs read from the validity bitmaps. */
PLUGSQL_EXPORT(calibrate_f_batch)
int32_t export_calibrate_f_batch(int32_t rows, plugsql_column *args, plugsql_column *out) {
    const double *raw = args[0].values;
    const double *offset = args[1].values;
    const double *gain = args[2].values;
    double *result = out->values;
    for (int32_t i = 0; i < rows; i++) {
        bool valid = plugsql_is_valid(&args[0], i);
        result[i] = valid ? calibrate_f(raw[i], plugsql_is_valid(&args[1], i) ? offset[i] : 0.0,
                                        plugsql_is_valid(&args[2], i) ? gain[i] : 1.0)
                          : 0.0;
        if (out->validity != NULL) plugsql_bitmap_set(out->validity, i, valid);
    }
    return 0;
}
