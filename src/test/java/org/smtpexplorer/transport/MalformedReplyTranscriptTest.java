package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.TranscriptExport;

/** A reply that breaks the session is kept byte for byte in the transcript and its JSON export (issue 13 point 4). */
class MalformedReplyTranscriptTest {
    @Test
    void theBytesThatBrokeTheSessionAreExported(@TempDir Path tmp) throws Exception {
        Path eml = Files.writeString(tmp.resolve("m.eml"), "Subject: x\r\n\r\nbody\r\n");
        Path json = tmp.resolve("t.json");
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S~ 250-mx.example\\r\\n25O oops \\xff\\r\\n
                !drain
                """), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--from", "a@example.com", "--to",
                    "b@example.com", "--eml", eml.toString(), "--json", json.toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(7);
        }
        List<TranscriptEntry> entries;
        try (InputStream in = Files.newInputStream(json)) {
            entries = TranscriptExport.readJson(in);
        }
        TranscriptEntry.Failure error = entries.stream().filter(TranscriptEntry.Failure.class::isInstance)
                .map(TranscriptEntry.Failure.class::cast).findFirst().orElseThrow();
        assertThat(error.text()).contains("does not start with a code 200-599");
        assertThat(error.raw()).isEqualTo("250-mx.example\r\n25O oops \u00ff\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(error.bytes()).isEqualTo(error.raw().length);
        assertThat(error.failureClass()).isEqualTo("PROTOCOL");
    }
}
