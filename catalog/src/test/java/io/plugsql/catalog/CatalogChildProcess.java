package io.plugsql.catalog;

import java.nio.file.Path;

/**
 * Entry point run in a separate JVM by {@link CatalogPersistenceTest}: {@code crash DIR} creates a
 * function and halts the JVM without closing anything; {@code probe DIR} tries to open a catalog
 * another process holds and prints the error code.
 */
final class CatalogChildProcess {
    private CatalogChildProcess() {}

    public static void main(String[] args) {
        Path dataDir = Path.of(args[1]);
        switch (args[0]) {
            case "crash":
                CatalogStore catalog = CatalogStore.open(dataDir);
                catalog.createFunction(TestFunctions.create("acme", "crash", "crash"));
                System.out.println("created");
                System.out.flush();
                Runtime.getRuntime().halt(0);
                break;
            case "probe":
                try (CatalogStore opened = CatalogStore.open(dataDir)) {
                    System.out.println("opened");
                } catch (CatalogException e) {
                    System.out.println(e.catalogErrorCode() + ": " + e.getMessage());
                }
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}
