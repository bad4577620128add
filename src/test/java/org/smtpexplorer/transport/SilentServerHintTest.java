package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.transcript.EntryKind;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.TranscriptExport;

/**
 * A reply that never ends: the timeout says what silence usually means, and the bytes that did come are kept.
 */
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

    @Test
    void theBytesOfAReplyCutShortAreKept(@TempDir Path tmp) throws Exception {
        Path eml = Files.writeString(tmp.resolve("m.eml"), "Subject: x\r\n\r\nbody\r\n");
        Path json = tmp.resolve("t.json");
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S~ 250-mx.example\\r\\n250-PIPEL
                !close
                """), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--from", "a@example.com", "--to",
                    "b@example.com", "--eml", eml.toString(), "--json", json.toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(10);
            assertThat(run.err()).contains("the server closed the connection while 1 reply was still expected, in"
                    + " the middle of a reply");
        }
        try (InputStream in = Files.newInputStream(json)) {
            TranscriptEntry error = TranscriptExport.readJson(in).stream().filter(e -> e.kind() == EntryKind.ERROR)
                    .findFirst().orElseThrow();
            assertThat(new String(error.raw(), StandardCharsets.US_ASCII)).isEqualTo("250-mx.example\r\n250-PIPEL");
        }
    }
}
