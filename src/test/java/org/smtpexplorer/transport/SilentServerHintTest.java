package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;

/** A plain-text client on an implicit-TLS port hears nothing: the timeout says what that usually means. */
class SilentServerHintTest {
    @Test
    void noGreetingAtAllSuggestsImplicitTls(@TempDir Path tmp) throws Exception {
        Path eml = Files.writeString(tmp.resolve("m.eml"), "Subject: x\r\n\r\nbody\r\n");
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                !sleep 3000
                """), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--timeout", "1", "--from",
                    "a@example.com", "--to", "b@example.com", "--eml", eml.toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(8);
            assertThat(run.err()).as(run.describe()).contains("no complete reply within 1 s (no greeting at all:")
                    .contains("--security implicit");
        }
    }

    @Test
    void aGreetingThatStopsHalfWayGetsNoSuchHint(@TempDir Path tmp) throws Exception {
        Path eml = Files.writeString(tmp.resolve("m.eml"), "Subject: x\r\n\r\nbody\r\n");
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S~ 220-mx.example\\r\\n
                !sleep 3000
                """), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--timeout", "1", "--from",
                    "a@example.com", "--to", "b@example.com", "--eml", eml.toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(8);
            assertThat(run.err()).contains("part of a reply arrived").doesNotContain("implicit");
        }
    }
}
