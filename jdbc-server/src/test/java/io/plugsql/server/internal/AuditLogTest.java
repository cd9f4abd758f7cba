package io.plugsql.server.internal;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How audit lines name DDL statements. */
class AuditLogTest {
    @Test
    void namesTheKindAndObjectOfDdl() {
        assertEquals(Optional.of(new AuditLog.Ddl("CREATE_FUNCTION", "acme.discount")),
                AuditLog.classify("create or replace function if not exists acme.discount(x BIGINT) RETURNS BIGINT ..."));
        assertEquals(Optional.of(new AuditLog.Ddl("DROP_FUNCTION", "f")), AuditLog.classify("DROP FUNCTION IF EXISTS f"));
        assertEquals(Optional.of(new AuditLog.Ddl("GRANT_FUNCTION", "acme.f")),
                AuditLog.classify("GRANT EXECUTE ON FUNCTION acme.f TO globex"));
        assertEquals(Optional.of(new AuditLog.Ddl("CREATE_TABLE", "\"Orders\"")),
                AuditLog.classify("-- comment\n/* block */ CREATE TABLE \"Orders\" (id INTEGER)"));
    }

    @Test
    void ignoresQueriesAndDml() {
        assertEquals(Optional.empty(), AuditLog.classify("SELECT 1"));
        assertEquals(Optional.empty(), AuditLog.classify("INSERT INTO t VALUES (1)"));
        assertEquals(Optional.empty(), AuditLog.classify(null));
    }

    @Test
    void failureReasonIsTheClientFacingMessage() {
        AvaticaRuntimeException refused = new AvaticaRuntimeException(
                "function acme.f already exists", 33554433, "42723", AvaticaSeverity.ERROR);
        assertEquals("42723 function acme.f already exists", AuditLog.reason(refused));
        assertEquals("boom", AuditLog.reason(new IllegalStateException("boom")));
    }
}
