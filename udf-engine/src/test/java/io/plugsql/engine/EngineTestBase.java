package io.plugsql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One engine per test class and a child allocator per test that must end empty. */
abstract class EngineTestBase {
    static RootAllocator root;
    static WasmEngine engine;
    BufferAllocator allocator;

    @BeforeAll
    static void startEngine() {
        root = new RootAllocator();
        engine = new WasmEngine(EngineConfig.defaults());
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
        root.close();
    }

    @BeforeEach
    void openAllocator() {
        allocator = root.newChildAllocator("test", 0, Long.MAX_VALUE);
    }

    @AfterEach
    void closeAllocator() {
        assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
        allocator.close();
    }
}
