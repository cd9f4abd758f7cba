package io.plugsql.sql.parser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plugsql.engine.NullInputMode;
import io.plugsql.sql.parser.impl.PlugSqlParserImpl;
import java.time.Duration;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.ddl.SqlDropTable;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.Test;

/** Parses every plugsql statement, checks the tree, and checks that unparsing round-trips. */
class PlugSqlParserTest {
    private static SqlNode parse(String sql) throws SqlParseException {
        return SqlParser.create(sql, SqlParser.config().withParserFactory(PlugSqlParserImpl.FACTORY))
                .parseStmt();
    }

    private static String unparse(SqlNode node) {
        return node.toSqlString(CalciteSqlDialect.DEFAULT).getSql().replaceAll("\\s+", " ");
    }

    /** Parses, unparses to {@code expected}, and checks that the unparsed text parses to the same text. */
    private static SqlNode roundTrip(String sql, String expected) throws SqlParseException {
        SqlNode node = parse(sql);
        String text = unparse(node);
        assertEquals(expected, text);
        assertEquals(text, unparse(parse(text)));
        return node;
    }

    private static String parseError(String sql) {
        return assertThrows(SqlParseException.class, () -> parse(sql)).getMessage();
    }

    @Test
    void createFunctionWithHexBodyAndAllOptions() throws SqlParseException {
        SqlCreateWasmFunction create = (SqlCreateWasmFunction) roundTrip(
                "create or replace function if not exists acme.discount(price decimal(12, 2), qty integer)"
                        + " returns decimal(12,2) language wasm with (handler = 'disc', memory_limit = '512KB',"
                        + " timeout = '500ms', fuel = 1000, on_null_input = 'call', deterministic = false)"
                        + " as x'0061736d'",
                "CREATE OR REPLACE FUNCTION IF NOT EXISTS \"ACME\".\"DISCOUNT\" (\"PRICE\" DECIMAL(12, 2),"
                        + " \"QTY\" INTEGER) RETURNS DECIMAL(12, 2) LANGUAGE WASM WITH (\"HANDLER\" = 'disc',"
                        + " \"MEMORY_LIMIT\" = '512KB', \"TIMEOUT\" = '500ms', \"FUEL\" = 1000,"
                        + " \"ON_NULL_INPUT\" = 'call', \"DETERMINISTIC\" = FALSE) AS X'0061736D'");
        assertEquals(SqlKind.CREATE_FUNCTION, create.getKind());
        assertTrue(create.getReplace());
        assertTrue(create.ifNotExists);
        assertEquals("ACME.DISCOUNT", create.name().toString());
        assertEquals(2, create.parameters().size());
        assertEquals("QTY", create.parameters().get(1).name().getSimple());
        assertArrayEquals(new byte[] {0, 'a', 's', 'm'}, create.binaryBody());
        assertNull(create.textBody());
        WasmFunctionOptions options = create.options();
        assertEquals("disc", options.handler());
        assertEquals(512L * 1024, options.memoryLimitBytes());
        assertEquals(Duration.ofMillis(500), options.timeout());
        assertEquals(1000L, options.fuel());
        assertEquals(NullInputMode.CALL, options.nullInputMode());
        assertFalse(options.deterministic());
    }

    @Test
    void createFunctionWithUnnamedParametersAndTextBody() throws SqlParseException {
        SqlCreateWasmFunction create = (SqlCreateWasmFunction) roundTrip(
                "CREATE FUNCTION f(BIGINT, VARCHAR) RETURNS BOOLEAN LANGUAGE WASM AS '(module)'",
                "CREATE FUNCTION \"F\" (BIGINT, VARCHAR) RETURNS BOOLEAN LANGUAGE WASM AS '(module)'");
        assertFalse(create.getReplace());
        assertFalse(create.ifNotExists);
        assertNull(create.parameters().get(0).name());
        assertEquals("(module)", create.textBody());
        assertNull(create.binaryBody());
        assertEquals(WasmFunctionOptions.DEFAULTS, create.options());
    }

    @Test
    void createFunctionWithoutParametersAndContinuedLiteral() throws SqlParseException {
        SqlCreateWasmFunction create = (SqlCreateWasmFunction) parse(
                "CREATE FUNCTION seven() RETURNS INTEGER LANGUAGE WASM AS X'0061'\n'736d'");
        assertTrue(create.parameters().isEmpty());
        assertArrayEquals(new byte[] {0, 'a', 's', 'm'}, create.binaryBody());
    }

    @Test
    void optionValuesAcceptIdentifiersAndUnits() throws SqlParseException {
        SqlCreateWasmFunction create = (SqlCreateWasmFunction) parse(
                "CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE WASM"
                        + " WITH (on_null_input = call, memory_limit = '2 mb', timeout = '3s', fuel = '7',"
                        + " deterministic = 'true') AS 'AGFzbQ=='");
        assertEquals(NullInputMode.CALL, create.options().nullInputMode());
        assertEquals(2L << 20, create.options().memoryLimitBytes());
        assertEquals(Duration.ofSeconds(3), create.options().timeout());
        assertEquals(7L, create.options().fuel());
        assertTrue(create.options().deterministic());
    }

    @Test
    void unknownOptionIsAnErrorListingTheValidOnes() {
        SqlParseException e = assertThrows(SqlParseException.class, () -> parse(
                "CREATE FUNCTION f(x INT) RETURNS INT LANGUAGE WASM WITH (memory = '1MB') AS X'00'"));
        assertEquals("Unknown option 'memory' in WITH; valid options are: handler, memory_limit, timeout, fuel,"
                + " on_null_input, deterministic", e.getMessage());
        assertEquals(1, e.getPos().getLineNum());
        assertEquals(58, e.getPos().getColumnNum());
    }

    @Test
    void invalidOptionValuesAreErrors() {
        assertTrue(parseError("CREATE FUNCTION f() RETURNS INT LANGUAGE WASM WITH (memory_limit = '16XB') AS X'00'")
                .contains("Invalid value '16XB' for option 'memory_limit'"));
        assertTrue(parseError("CREATE FUNCTION f() RETURNS INT LANGUAGE WASM WITH (memory_limit = '1KB') AS X'00'")
                .contains("between 64KB and 4GB"));
        assertTrue(parseError("CREATE FUNCTION f() RETURNS INT LANGUAGE WASM WITH (timeout = '0s') AS X'00'")
                .contains("option 'timeout'"));
        assertTrue(parseError("CREATE FUNCTION f() RETURNS INT LANGUAGE WASM WITH (fuel = -5) AS X'00'")
                .contains("option 'fuel'"));
        assertTrue(parseError("CREATE FUNCTION f() RETURNS INT LANGUAGE WASM WITH (on_null_input = 'skip') AS X'00'")
                .contains("'return_null' or 'call'"));
        assertTrue(parseError("CREATE FUNCTION f() RETURNS INT LANGUAGE WASM WITH (deterministic = 1) AS X'00'")
                .contains("true or false"));
        assertTrue(parseError("CREATE FUNCTION f() RETURNS INT LANGUAGE WASM WITH (fuel = 1, FUEL = 2) AS X'00'")
                .contains("Option 'fuel' given twice"));
    }

    @Test
    void bodyMustBeWholeBytesAndParametersUnique() {
        assertTrue(parseError("CREATE FUNCTION f() RETURNS INT LANGUAGE WASM AS X'abc'")
                .contains("odd number of hex digits (3)"));
        assertTrue(parseError("CREATE FUNCTION f() RETURNS INT LANGUAGE WASM AS ''").contains("body is empty"));
        assertTrue(parseError("CREATE FUNCTION f(a INT, A BIGINT) RETURNS INT LANGUAGE WASM AS X'00'")
                .contains("Parameter 'A' is declared twice"));
        assertTrue(parseError("CREATE FUNCTION f() RETURNS INT LANGUAGE JAVA AS X'00'").contains("Encountered"));
    }

    @Test
    void dropFunction() throws SqlParseException {
        SqlDropWasmFunction drop = (SqlDropWasmFunction) roundTrip(
                "drop function if exists acme.f", "DROP FUNCTION IF EXISTS \"ACME\".\"F\"");
        assertTrue(drop.ifExists);
        assertEquals(SqlKind.DROP_FUNCTION, drop.getKind());
        assertFalse(((SqlDropWasmFunction) roundTrip("drop function f", "DROP FUNCTION \"F\"")).ifExists);
    }

    @Test
    void showFunctionsIsAQueryOverTheCatalog() throws SqlParseException {
        SqlNode show = roundTrip("show functions", "SHOW FUNCTIONS");
        assertInstanceOf(SqlSelect.class, show);
        assertEquals("PLUGSQL.FUNCTIONS".toLowerCase(java.util.Locale.ROOT), ((SqlSelect) show).getFrom().toString());
    }

    @Test
    void grantAndRevoke() throws SqlParseException {
        SqlFunctionPrivilege grant = (SqlFunctionPrivilege) roundTrip(
                "grant execute on function acme.f to globex", "GRANT EXECUTE ON FUNCTION \"ACME\".\"F\" TO \"GLOBEX\"");
        assertTrue(grant.isGrant());
        assertEquals("GLOBEX", grant.grantee().getSimple());
        SqlFunctionPrivilege revoke = (SqlFunctionPrivilege) roundTrip(
                "revoke execute on function acme.f from globex",
                "REVOKE EXECUTE ON FUNCTION \"ACME\".\"F\" FROM \"GLOBEX\"");
        assertFalse(revoke.isGrant());
        assertEquals(SqlKind.OTHER_DDL, revoke.getKind());
    }

    @Test
    void createAndDropTable() throws SqlParseException {
        SqlCreateTable create = (SqlCreateTable) roundTrip(
                "create table if not exists t (id bigint not null, name varchar(20), primary key (id))",
                "CREATE TABLE IF NOT EXISTS \"T\" (\"ID\" BIGINT NOT NULL, \"NAME\" VARCHAR(20), PRIMARY KEY (\"ID\"))");
        assertTrue(create.ifNotExists);
        SqlDropTable drop = (SqlDropTable) roundTrip("drop table if exists t", "DROP TABLE IF EXISTS \"T\"");
        assertTrue(drop.ifExists);
    }

    @Test
    void newKeywordsStayUsableAsIdentifiers() throws SqlParseException {
        roundTrip("select wasm, functions, if from t", "SELECT \"WASM\", \"FUNCTIONS\", \"IF\" FROM \"T\"");
        roundTrip("insert into t values (1, 'a')", "INSERT INTO \"T\" VALUES ROW(1, 'a')");
    }
}
