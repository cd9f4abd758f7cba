package io.plugsql.spark;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.plugsql.catalog.CatalogStore;
import io.plugsql.catalog.CreateFunctionRequest;
import io.plugsql.catalog.CreateMode;
import io.plugsql.catalog.FunctionName;
import io.plugsql.engine.NullInputMode;
import io.plugsql.engine.SandboxLimits;
import io.plugsql.engine.Signature;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import io.plugsql.samples.SampleFunction;
import io.plugsql.samples.SampleModules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real data directory, held open the way a running server holds it (H2's file lock): tenants acme
 * and globex with the sample functions, and acme's test functions score, spin and peek.
 */
final class TenantData implements AutoCloseable {
    static final UdfType BIGINT = UdfType.of(TypeName.BIGINT);

    /** score(a, b) = a * b + k, exported as {@code score}. */
    static byte[] score(int k) {
        return Wat2Wasm.parse("(module (func (export \"score\") (param i64 i64) (result i64)"
                + " (i64.add (i64.mul (local.get 0) (local.get 1)) (i64.const " + k + "))))");
    }

    /** spin(x) loops forever when x = 3, else returns x. */
    static final byte[] SPIN = Wat2Wasm.parse("(module (func (export \"spin\") (param i64) (result i64)"
            + " (if (i64.eq (local.get 0) (i64.const 3)) (then (loop $l (br $l)))) (local.get 0)))");

    /** peek(address) loads an i64 from one page of memory. */
    static final byte[] PEEK = Wat2Wasm.parse("(module (memory 1) (func (export \"peek\") (param i64) (result i64)"
            + " (i64.load (i32.wrap_i64 (local.get 0)))))");

    final Path directory;
    final CatalogStore store;

    TenantData(Path directory) {
        this.directory = directory;
        this.store = CatalogStore.open(directory);
        for (String tenant : List.of("acme", "globex")) {
            store.ensureTenant(tenant);
            for (SampleFunction sample : SampleModules.forTenant(tenant)) {
                store.createFunction(CreateFunctionRequest.builder(tenant, FunctionName.of(tenant, sample.name()),
                                sample.module().bytes(), signature(sample))
                        .parameterNames(sample.parameters().stream().map(SampleFunction.Parameter::name)
                                .collect(Collectors.toList()))
                        .handler(sample.handler())
                        .nullInputMode(NullInputMode.fromOptionValue(sample.onNullInput()))
                        .build());
            }
        }
        createOrReplace("score", "score", score(7), List.of(BIGINT, BIGINT), SandboxLimits.DEFAULT);
        createOrReplace("bonus", "score", score(7), List.of(BIGINT, BIGINT), SandboxLimits.DEFAULT);
        createOrReplace("spin_fuel", "spin", SPIN, List.of(BIGINT), SandboxLimits.DEFAULT.withFuelPerRow(1_000_000));
        createOrReplace("spin_time", "spin", SPIN, List.of(BIGINT),
                SandboxLimits.DEFAULT.withFuelPerRow(Long.MAX_VALUE).withTimeout(Duration.ofMillis(300)));
        createOrReplace("peek", "peek", PEEK, List.of(BIGINT), SandboxLimits.DEFAULT);
    }

    static Signature signature(SampleFunction sample) {
        return new Signature(sample.parameterTypes().stream().map(UdfType::parse).collect(Collectors.toList()),
                UdfType.parse(sample.returnType()));
    }

    /** Creates acme's BIGINT function {@code name}, or a new version of it. */
    void createOrReplace(String name, String handler, byte[] module, List<UdfType> parameters, SandboxLimits limits) {
        store.createFunction(CreateFunctionRequest.builder("acme", FunctionName.of("acme", name), module,
                        new Signature(parameters, BIGINT))
                .parameterNames(parameters.stream().map(p -> "").collect(Collectors.toList()))
                .handler(handler).limits(limits).mode(CreateMode.CREATE_OR_REPLACE).build());
    }

    @Override
    public void close() {
        store.close();
    }
}
