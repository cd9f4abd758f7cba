package io.plugsql.sql.function;

import io.plugsql.error.PlugSqlException;
import io.plugsql.sql.internal.SqlAdapterErrorCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What generated code calls: {@code WasmCalls.invoke(handle, args)} runs the function version the
 * statement was planned with. A handle names one loaded version for the life of its data directory,
 * so a statement that started on version n finishes on n even after CREATE OR REPLACE.
 */
public final class WasmCalls {
    private static final Map<Integer, RowInvoker> HANDLES = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger(1);

    private WasmCalls() {}

    /** Calls a function version for one row: arguments and result in Calcite's Java representation. */
    public static Object invoke(int handle, Object[] arguments) {
        RowInvoker invoker = HANDLES.get(handle);
        if (invoker == null) {
            throw new PlugSqlException(SqlAdapterErrorCode.FUNCTION_UNAVAILABLE,
                    "The function this statement was planned with is no longer loaded (its data directory closed)");
        }
        return invoker.invokeRow(arguments);
    }

    static int register(RowInvoker invoker) {
        int handle = NEXT.getAndIncrement();
        HANDLES.put(handle, invoker);
        return handle;
    }

    static void unregister(int handle) {
        HANDLES.remove(handle);
    }

    /** Runs one row through a loaded function version. */
    interface RowInvoker {
        Object invokeRow(Object[] arguments);
    }
}
