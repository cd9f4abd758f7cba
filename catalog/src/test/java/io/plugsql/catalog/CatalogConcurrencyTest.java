package io.plugsql.catalog;

import static io.plugsql.catalog.TestFunctions.create;
import static io.plugsql.catalog.TestFunctions.replace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads changing one catalog at once get serialized, gap-free versions. */
class CatalogConcurrencyTest {
    private static final int THREADS = 8;
    private static final int REPLACES_PER_THREAD = 10;

    @TempDir
    Path dataDir;

    @Test
    void concurrentReplacesGetDistinctConsecutiveVersions() throws Exception {
        FunctionName function = FunctionName.of("acme", "f");
        try (CatalogStore catalog = CatalogStore.open(dataDir)) {
            long startVersion = catalog.catalogVersion();
            // The name does not exist yet: the first replaces race to create it, too.
            List<Integer> versions = runConcurrently(thread -> {
                List<Integer> mine = new ArrayList<>();
                for (int i = 0; i < REPLACES_PER_THREAD; i++) {
                    mine.add(catalog.createFunction(replace("acme", "f", "t" + thread + "-" + i)).version());
                    // Readers run alongside writers and always see a complete current version.
                    FunctionVersion current = catalog.describeFunction(function).orElseThrow();
                    assertTrue(current.current());
                }
                return mine;
            });

            int total = THREADS * REPLACES_PER_THREAD;
            assertEquals(IntStream.rangeClosed(1, total).boxed().collect(Collectors.toList()),
                    versions.stream().sorted().collect(Collectors.toList()));
            assertEquals(total, catalog.findFunction(function).orElseThrow().version().version());
            assertEquals(total, catalog.listVersions(function).size());
            assertEquals(total, catalog.storedModuleCount());
            assertEquals(startVersion + total, catalog.catalogVersion());
        }
    }

    @Test
    void concurrentPlainCreatesOfOneNameLetExactlyOneWin() throws Exception {
        try (CatalogStore catalog = CatalogStore.open(dataDir)) {
            List<Integer> outcomes = runConcurrently(thread -> {
                try {
                    return List.of(catalog.createFunction(create("acme", "f", "t" + thread)).version());
                } catch (CatalogException e) {
                    assertEquals(CatalogErrorCode.FUNCTION_ALREADY_EXISTS, e.catalogErrorCode());
                    return List.of(0);
                }
            });
            assertEquals(1, outcomes.stream().filter(version -> version == 1).count());
            assertEquals(THREADS - 1, outcomes.stream().filter(version -> version == 0).count());
            assertEquals(1, catalog.storedModuleCount(), "losers leave no module behind");
        }
    }

    /** Runs {@code work} on {@link #THREADS} threads started together; bounded by a timeout. */
    private static List<Integer> runConcurrently(ThreadWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int id = thread;
                Callable<List<Integer>> task = () -> {
                    start.await();
                    return work.run(id);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<List<Integer>> future : futures) {
                results.addAll(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    /** What one thread does. */
    @FunctionalInterface
    private interface ThreadWork {
        List<Integer> run(int thread) throws Exception;
    }
}
