package io.plugsql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/** The complete WAT examples of docs/ABI.md assemble and behave as the text says. */
class AbiDocExamplesTest extends EngineTestBase {
    private static List<String> completeExamples() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "ABI.md"));
        Matcher blocks = Pattern.compile("```wat\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<String> modules = new ArrayList<>();
        while (blocks.find()) {
            String block = blocks.group(1);
            if (block.contains("(module") && !block.contains(";; ...")) {
                modules.add(block);
            }
        }
        return modules;
    }

    private List<Object> run(String wat, UdfType type, NullInputMode mode, List<?>... columns) {
        List<UdfType> parameters = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            parameters.add(type);
        }
        FunctionDefinition definition = Wasm.function("doc.example", Wasm.wat(wat), parameters, type)
                .handler(handlerOf(wat)).nullInputMode(mode).build();
        List<FieldVector> vectors = new ArrayList<>();
        try (WasmFunction f = engine.load(definition)) {
            for (List<?> column : columns) {
                vectors.add(Vectors.of(allocator, type, column));
            }
            try (FieldVector out = f.invoke(vectors, columns[0].size(), allocator)) {
                return Vectors.read(out);
            }
        } finally {
            vectors.forEach(FieldVector::close);
        }
    }

    private static String handlerOf(String wat) {
        Matcher export = Pattern.compile("\\(func (?:\\$\\w+ )?\\(export \"(\\w+)\"\\) \\(param").matcher(wat);
        String handler = null;
        while (export.find()) {
            if (!export.group(1).startsWith("plugsql_")) {
                handler = export.group(1);
            }
        }
        return handler;
    }

    @Test
    void examplesRun() throws IOException {
        List<String> examples = completeExamples();
        assertEquals(3, examples.size(), "complete examples in docs/ABI.md");
        UdfType bigint = Wasm.type(TypeName.BIGINT);
        assertEquals(List.of(7L), run(examples.get(0), bigint, NullInputMode.RETURN_NULL, List.of(2L), List.of(3L)));
        assertEquals(List.of("abab", "ñ😀ñ😀"),
                run(examples.get(1), Wasm.type(TypeName.VARCHAR), NullInputMode.RETURN_NULL, List.of("ab", "ñ😀")));
        assertEquals(ScalarFormTest.list(-1L, null, 5L),
                run(examples.get(2), bigint, NullInputMode.CALL, ScalarFormTest.list(null, 0L, 5L)));
    }
}
