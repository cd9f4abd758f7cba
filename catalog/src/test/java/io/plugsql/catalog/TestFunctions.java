package io.plugsql.catalog;

import io.plugsql.engine.Signature;
import io.plugsql.engine.TypeName;
import io.plugsql.engine.UdfType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builders of requests and module bytes shared by the catalog tests. */
final class TestFunctions {
    static final UdfType BIGINT = UdfType.of(TypeName.BIGINT);
    static final Signature BIGINT_BINARY = new Signature(List.of(BIGINT, BIGINT), BIGINT);

    private TestFunctions() {}

    /**
     * A valid, empty Wasm module whose custom section named {@code label} makes its bytes (and hash)
     * unique per label; the catalog stores modules without interpreting them.
     */
    static byte[] module(String label) {
        byte[] name = label.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        out.write(0); // custom section id
        out.write(1 + name.length); // section size (labels stay below 127 bytes)
        out.write(name.length);
        out.writeBytes(name);
        return out.toByteArray();
    }

    static CreateFunctionRequest.Builder request(String schema, String name, String moduleLabel) {
        return CreateFunctionRequest.builder(schema, FunctionName.of(schema, name), module(moduleLabel), BIGINT_BINARY);
    }

    static CreateFunctionRequest create(String schema, String name, String moduleLabel) {
        return request(schema, name, moduleLabel).build();
    }

    static CreateFunctionRequest replace(String schema, String name, String moduleLabel) {
        return request(schema, name, moduleLabel).mode(CreateMode.CREATE_OR_REPLACE).build();
    }
}
