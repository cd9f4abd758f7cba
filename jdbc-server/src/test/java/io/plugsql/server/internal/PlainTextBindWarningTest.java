package io.plugsql.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlainTextBindWarningTest {
    @Test
    void loopbackAddressesNeedNoWarning() {
        assertEquals(Optional.empty(), PlainTextBindWarning.forBind("127.0.0.1", false));
        assertEquals(Optional.empty(), PlainTextBindWarning.forBind("127.0.0.2", false));
        assertEquals(Optional.empty(), PlainTextBindWarning.forBind("::1", false));
        assertEquals(Optional.empty(), PlainTextBindWarning.forBind("localhost", false));
    }

    @Test
    void everyOtherAddressWithoutTlsIsWarnedAbout() {
        for (String address : new String[] {"0.0.0.0", "10.1.2.3", "::", "192.168.0.7"}) {
            String warning = PlainTextBindWarning.forBind(address, false).orElseThrow();
            assertTrue(warning.startsWith("WARNING: listening on " + address + " without TLS"), warning);
            assertTrue(warning.contains("--keystore"), warning);
        }
    }

    @Test
    void tlsSilencesTheWarning() {
        assertEquals(Optional.empty(), PlainTextBindWarning.forBind("0.0.0.0", true));
    }
}
