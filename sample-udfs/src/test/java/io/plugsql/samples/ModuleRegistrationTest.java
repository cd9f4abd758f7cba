package io.plugsql.samples;

import static io.plugsql.samples.Sql.exec;
import static io.plugsql.samples.Sql.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModuleRegistration} over the embedded JDBC driver, and the checks it makes before building SQL. */
class ModuleRegistrationTest {
    @TempDir
    static Path data;
    @TempDir
    static Path files;

    private static Connection acme;
    private static Connection globex;
    private static Path piiMask;
    private static Path discount;

    @BeforeAll
    static void open() throws SQLException, IOException {
        acme = Sql.connect(data, "acme");
        globex = Sql.connect(data, "globex");
        piiMask = Files.write(files.resolve("pii_mask.wasm"), SampleModules.module("pii_mask.wasm").bytes());
        discount = Files.write(files.resolve("discount.wasm"), SampleModules.module("discount.wasm").bytes());
    }

    @AfterAll
    static void close() throws SQLException {
        acme.close();
        globex.close();
    }

    @Test
    void registersAFileAndReturnsEachNewVersion() throws Exception {
        RegistrationRequest request = RegistrationRequest.of(
                "mask_email", "(email VARCHAR) RETURNS VARCHAR", "mask_email", piiMask);
        assertEquals(1, ModuleRegistration.register(acme, request));
        assertEquals(List.of("j***@exämple.com"), rows(acme, "SELECT mask_email('jöhn.doe@exämple.com')"));
        assertEquals(2, ModuleRegistration.register(acme, request));

        RegistrationRequest create = new RegistrationRequest("mask_email", "(email VARCHAR) RETURNS VARCHAR",
                "mask_email", Map.of(), piiMask, false);
        SQLException exists = assertThrows(SQLException.class, () -> ModuleRegistration.register(acme, create));
        assertEquals("42723", exists.getSQLState(), exists.getMessage());
        assertEquals(List.of("mask_email|2"), rows(acme,
                "SELECT function_name, version FROM plugsql.functions WHERE function_name = 'mask_email'"));
    }

    @Test
    void qualifiedNameWithOptionsAndOneFileForTwoTenants() throws Exception {
        RegistrationRequest phone = new RegistrationRequest("ACME.Mask_Phone", "( phone  varchar(30) )  returns  varchar",
                "mask_phone", Map.of("timeout", "500ms", "MEMORY_LIMIT", "1MB", "fuel", "5000000",
                        "on_null_input", "return_null", "deterministic", "true"), piiMask, false);
        assertEquals("acme.mask_phone", phone.name());
        assertEquals("(phone VARCHAR(30)) RETURNS VARCHAR", phone.signature());
        assertEquals(1, ModuleRegistration.register(acme, phone));
        assertEquals(List.of("+* (***) ***-4567|null"),
                rows(acme, "SELECT mask_phone('+1 (555) 123-4567'), mask_phone(CAST(NULL AS VARCHAR))"));
        assertEquals(List.of("mask_phone|phone VARCHAR|mask_phone|1048576|500|5000000"), rows(acme,
                "SELECT function_name, parameters, handler, memory_limit_bytes, timeout_ms, fuel"
                        + " FROM plugsql.functions WHERE function_name = 'mask_phone'"));

        for (String tenant : List.of("acme", "globex")) {
            Connection c = tenant.equals("acme") ? acme : globex;
            assertEquals(1, ModuleRegistration.register(c, RegistrationRequest.of(
                    "rebate", "(total_cents BIGINT) RETURNS BIGINT", "discount_" + tenant, discount)));
        }
        assertEquals(List.of("6000"), rows(acme, "SELECT rebate(60000)"));
        assertEquals(List.of("4200"), rows(globex, "SELECT rebate(60000)"));
    }

    @Test
    void theServerRejectsWhatOnlyItCanCheck() throws Exception {
        SQLException otherTenant = assertThrows(SQLException.class, () -> ModuleRegistration.register(globex,
                RegistrationRequest.of("acme.sneaky", "(email VARCHAR) RETURNS VARCHAR", "mask_email", piiMask)));
        assertEquals("42501", otherTenant.getSQLState(), otherTenant.getMessage());

        SQLException wrongType = assertThrows(SQLException.class, () -> ModuleRegistration.register(acme,
                RegistrationRequest.of("mask_bigint", "(x BIGINT) RETURNS BIGINT", "mask_email", piiMask)));
        assertEquals("42P13", wrongType.getSQLState(), wrongType.getMessage());

        // Quotes in values stay inside their literal: the server sees one odd handler name or option value.
        SQLException quotedHandler = assertThrows(SQLException.class, () -> ModuleRegistration.register(acme,
                RegistrationRequest.of("quoted", "(email VARCHAR) RETURNS VARCHAR", "mask_email') AS X'00", piiMask)));
        assertEquals("42P13", quotedHandler.getSQLState(), quotedHandler.getMessage());
        assertTrue(quotedHandler.getMessage().contains("mask_email') AS X'00"), quotedHandler.getMessage());
        SQLException quotedOption = assertThrows(SQLException.class, () -> ModuleRegistration.register(acme,
                new RegistrationRequest("quoted", "(email VARCHAR) RETURNS VARCHAR", "mask_email",
                        Map.of("timeout", "1s', fuel = '1"), piiMask, true)));
        assertEquals("42601", quotedOption.getSQLState(), quotedOption.getMessage());
        assertTrue(quotedOption.getMessage().contains("timeout"), quotedOption.getMessage());
        assertEquals(List.of(), rows(acme, "SELECT function_name FROM plugsql.function_versions"
                + " WHERE function_name IN ('sneaky', 'mask_bigint', 'quoted')"));
    }

    @Test
    void rendersOneStatementWithLiteralsAndCanonicalSignature() {
        RegistrationRequest request = new RegistrationRequest("geo.Dist", "(a DOUBLE,b double, DECIMAL( 12 , 2 )) RETURNS double",
                "it's", Map.of("timeout", "2s", "on_null_input", "call"), Path.of("unused.wasm"), false);
        assertEquals("CREATE FUNCTION geo.dist(a DOUBLE, b DOUBLE, DECIMAL(12,2)) RETURNS DOUBLE LANGUAGE WASM"
                        + " WITH (handler = 'it''s', on_null_input = 'call', timeout = '2s') AS X'0061736D01000000'",
                ModuleRegistration.createFunctionSql(request, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}));
    }

    @Test
    void refusesBadInputBeforeAnySqlIsBuilt() throws IOException {
        Path wasm = Path.of("f.wasm");
        String sig = "(a BIGINT) RETURNS BIGINT";
        assertRefused("is not an identifier", () -> RegistrationRequest.of("mask-email", sig, "f", wasm));
        assertRefused("is not an identifier", () -> RegistrationRequest.of("f; DROP TABLE t", sig, "f", wasm));
        assertRefused("is not an identifier", () -> RegistrationRequest.of("1f", sig, "f", wasm));
        assertRefused("more than two parts", () -> RegistrationRequest.of("a.b.c", sig, "f", wasm));
        assertRefused("must read '(param TYPE, ...) RETURNS TYPE'", () -> RegistrationRequest.of("f", "(a BIGINT", "f", wasm));
        assertRefused("unsupported type 'TEXT' for parameter 1 (email)",
                () -> RegistrationRequest.of("f", "(email TEXT) RETURNS VARCHAR", "f", wasm));
        assertRefused("parameter 2 of signature", () -> RegistrationRequest.of("f", "(a BIGINT,) RETURNS BIGINT", "f", wasm));
        assertRefused("unsupported type 'BIGINT; DROP TABLE t' for the result",
                () -> RegistrationRequest.of("f", "(a BIGINT) RETURNS BIGINT; DROP TABLE t", "f", wasm));
        assertRefused("handler of f is empty", () -> RegistrationRequest.of("f", sig, "", wasm));
        assertRefused("control character U+000A", () -> RegistrationRequest.of("f", sig, "f\nX", wasm));
        assertRefused("option name 'fuel = 1' is not an identifier",
                () -> new RegistrationRequest("f", sig, "f", Map.of("fuel = 1", "2"), wasm, true));
        assertRefused("option 'handler' of f is given as the handler",
                () -> new RegistrationRequest("f", sig, "f", Map.of("HANDLER", "g"), wasm, true));
        assertRefused("option timeout of f is given twice",
                () -> new RegistrationRequest("f", sig, "f", Map.of("timeout", "1s", "TIMEOUT", "2s"), wasm, true));

        Path wat = Files.writeString(files.resolve("f.wat"), "(module)", StandardCharsets.UTF_8);
        assertRefused("is not a WebAssembly binary module",
                () -> ModuleRegistration.register(acme, RegistrationRequest.of("f", sig, "f", wat)));
        assertThrows(NoSuchFileException.class, () -> ModuleRegistration.register(acme,
                RegistrationRequest.of("f", sig, "f", files.resolve("missing.wasm"))));
    }

    private static void assertRefused(String message, Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
    }
}
