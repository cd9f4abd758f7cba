package io.plugsql.sql.function;

import io.plugsql.catalog.FunctionName;
import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.internal.SqlAdapterErrorCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What generated code calls: {@code WasmCalls.invoke(registry, schema, name, version, args)} runs
 * the function version the statement was planned with. The call names the version, not a loaded
 * object, so a statement that started on version n finishes on n even after CREATE OR REPLACE or
 * DROP, loading n again from the catalog if it was released meanwhile.
 */
public final class WasmCalls {
    private static final Map<Integer, FunctionRegistry> REGISTRIES = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger(1);

    private WasmCalls() {}

    /** Calls a function version for one row: arguments and result in Calcite's Java representation. */
    public static Object invoke(int registry, String schema, String name, int version, Object[] arguments) {
        FunctionRegistry functions = REGISTRIES.get(registry);
        if (functions == null) {
            throw new PlugSqlException(SqlAdapterErrorCode.FUNCTION_UNAVAILABLE, "Function " + schema + "." + name
                    + " v" + version + " is no longer available: the data directory this statement was planned in closed");
        }
        return functions.use(new VersionKey(new FunctionName(schema, name), version),
                loaded -> loaded.invokeRow(arguments));
    }

    static int register(FunctionRegistry registry) {
        int id = NEXT.getAndIncrement();
        REGISTRIES.put(id, registry);
        return id;
    }

    static void unregister(int id) {
        REGISTRIES.remove(id);
    }
}
