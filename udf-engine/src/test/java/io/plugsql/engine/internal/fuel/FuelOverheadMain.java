package io.plugsql.engine.internal.fuel;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;

/**
 * Rough, by-hand measurement of the metering overhead in compiled mode (not a test, not JMH): a
 * 10M-iteration counting loop and a 1M-row {@code a*b+1} batch loop, plain against instrumented,
 * each the fastest of 20 interleaved rounds.
 *
 * <p>Run: {@code mvn -q -o -pl udf-engine test-compile && java -cp
 * udf-engine/target/test-classes:udf-engine/target/classes:$(cat /tmp/fuel-cp.txt)
 * io.plugsql.engine.internal.fuel.FuelOverheadMain} after {@code mvn -q -o -pl udf-engine
 * dependency:build-classpath -Dmdep.outputFile=/tmp/fuel-cp.txt}.
 */
public final class FuelOverheadMain {
    private static final byte[] KERNELS = Guest.wat("""
            (module
              (memory 400)
              (func (export "count") (param $n i32) (result i64)
                (local $i i32) (local $acc i64)
                block $done
                  loop $next
                    local.get $i local.get $n i32.ge_s br_if $done
                    local.get $acc local.get $i i64.extend_i32_u i64.add local.set $acc
                    local.get $i i32.const 1 i32.add local.set $i
                    br $next
                  end
                end
                local.get $acc)
              (func (export "batch") (param $rows i32) (result i32)
                (local $i i32) (local $p i32)
                block $done
                  loop $next
                    local.get $i local.get $rows i32.ge_s br_if $done
                    local.get $i i32.const 3 i32.shl local.set $p
                    local.get $p i32.const 16777216 i32.add
                    local.get $p i64.load
                    local.get $p i32.const 8388608 i32.add i64.load
                    i64.mul i64.const 1 i64.add
                    i64.store
                    local.get $i i32.const 1 i32.add local.set $i
                    br $next
                  end
                end
                i32.const 0))
            """);

    private FuelOverheadMain() {}

    public static void main(String[] args) {
        Instance plain = Guest.COMPILER.instance(KERNELS);
        Instance metered = Guest.COMPILER.instance(FuelInstrumenter.instrument(KERNELS, 0));
        FuelMeter meter = FuelMeter.of(metered);
        for (String kernel : new String[] {"count", "batch"}) {
            int n = kernel.equals("count") ? 10_000_000 : 1_000_000;
            double plainNs = Double.MAX_VALUE;
            double meteredNs = Double.MAX_VALUE;
            for (int round = 0; round < 20; round++) {
                plainNs = Math.min(plainNs, time(plain.export(kernel), n));
                meter.set(Long.MAX_VALUE);
                meteredNs = Math.min(meteredNs, time(metered.export(kernel), n));
            }
            System.out.printf("%s: plain %.2f ns/iter, metered %.2f ns/iter, overhead %+.0f%%%n",
                    kernel, plainNs, meteredNs, 100 * (meteredNs / plainNs - 1));
        }
    }

    private static double time(ExportFunction function, int n) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            function.apply(n);
            best = Math.min(best, System.nanoTime() - start);
        }
        return (double) best / n;
    }
}
