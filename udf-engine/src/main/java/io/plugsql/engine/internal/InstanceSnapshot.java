package io.plugsql.engine.internal;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.MutabilityType;
import java.util.Arrays;

/**
 * The state of an instance right after instantiation (data segments copied, start function run),
 * apart from linear memory, which {@link FlatMemory} snapshots itself: mutable globals, table
 * contents and element segments (which {@code elem.drop} empties). {@link #restore} puts it back,
 * so a pooled instance serves its next statement exactly as a fresh one would.
 */
final class InstanceSnapshot {
    private final int[] mutableGlobals;
    private final long[] low;
    private final long[] high;
    private final int[][] tableRefs;
    private final Element[] elements;

    private InstanceSnapshot(Instance instance) {
        int globals = instance.globalCount();
        int mutable = 0;
        int[] indexes = new int[globals];
        for (int i = 0; i < globals; i++) {
            if (instance.global(i).getMutabilityType() == MutabilityType.Var) {
                indexes[mutable++] = i;
            }
        }
        this.mutableGlobals = Arrays.copyOf(indexes, mutable);
        this.low = new long[mutable];
        this.high = new long[mutable];
        for (int m = 0; m < mutable; m++) {
            GlobalInstance global = instance.global(mutableGlobals[m]);
            low[m] = global.getValueLow();
            high[m] = global.getValueHigh();
        }
        this.tableRefs = new int[instance.tableCount()][];
        for (int t = 0; t < tableRefs.length; t++) {
            TableInstance table = instance.table(t);
            int[] refs = new int[table.size()];
            for (int i = 0; i < refs.length; i++) {
                refs[i] = table.ref(i);
            }
            tableRefs[t] = refs;
        }
        this.elements = new Element[instance.elementCount()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = instance.element(i);
        }
    }

    /** Snapshots {@code instance}; call it once, right after instantiation. */
    static InstanceSnapshot of(Instance instance) {
        return new InstanceSnapshot(instance);
    }

    /**
     * Restores globals, tables and element segments; false (nothing restored that matters) when a table
     * grew since, which cannot be undone: the caller then discards the instance.
     */
    boolean restore(Instance instance) {
        for (int t = 0; t < tableRefs.length; t++) {
            if (instance.table(t).size() != tableRefs[t].length) {
                return false;
            }
        }
        for (int m = 0; m < mutableGlobals.length; m++) {
            GlobalInstance global = instance.global(mutableGlobals[m]);
            global.setValueLow(low[m]);
            global.setValueHigh(high[m]);
        }
        for (int t = 0; t < tableRefs.length; t++) {
            TableInstance table = instance.table(t);
            int[] refs = tableRefs[t];
            for (int i = 0; i < refs.length; i++) {
                table.setRef(i, refs[i], instance);
            }
        }
        for (int i = 0; i < elements.length; i++) {
            instance.setElement(i, elements[i]);
        }
        return true;
    }
}
