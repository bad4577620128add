package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;

/** The session as a ladder: one rung per command, reply, payload and failure, and as Mermaid for Markdown. */
class LadderTest {
    @Test
    void aPipelinedSessionWithARefusalAsMermaid(@TempDir Path tmp) throws Exception {
        Path eml = Files.writeString(tmp.resolve("m.eml"), "Subject: x\r\n\r\nbody; #1\r\n");
        Path ladder = tmp.resolve("session.mmd");
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250-PIPELINING
                S: 250 CHUNKING
                C: MAIL FROM:<a@example.com>
                C: RCPT TO:<b@example.com>
                C: RCPT TO:<c@example.com>
                C: BDAT 24 LAST
                CX: Subject: x\\r\\n\\r\\nbody; #1\\r\\n
                S: 250 2.1.0 Ok
                S: 250 2.1.5 Ok
                S: 550 5.1.1 No such user; sorry
                S: 250 2.0.0 Queued
                C: QUIT
                S: 221 Bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--from", "a@example.com", "--to",
                    "b@example.com", "--to", "c@example.com", "--eml", eml.toString(), "--ladder", ladder.toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(6);
            String mermaid = Files.readString(ladder, StandardCharsets.UTF_8)
                    .replaceAll("\\(\\d+(\\.\\d)? (µs|ms|s)\\)", "(T)").replace(":" + server.port(), ":PORT");
            assertThat(mermaid).isEqualTo("""
                    sequenceDiagram
                        participant C as Client
                        participant S as 127.0.0.1:PORT
                        Note over C,S: connect
                        S-->>C: 220 mx.example ESMTP
                        C->>S: EHLO localhost
                        S-->>C: 250-mx.example (+2 lines) (T)
                        rect rgb(238, 243, 251)
                        Note left of C: pipelined, 4 commands
                        C->>S: MAIL FROM:<a@example.com>
                        C->>S: RCPT TO:<b@example.com>
                        C->>S: RCPT TO:<c@example.com>
                        C->>S: BDAT 24 LAST
                        end
                        C-)S: BDAT payload, 24 bytes
                        S-->>C: 250 2.1.0 Ok (T)
                        S-->>C: 250 2.1.5 Ok (T)
                        S-->>C: ✖ 550 5.1.1 No such user#59; sorry (T)
                        S-->>C: 250 2.0.0 Queued (T)
                        C->>S: QUIT
                        S-->>C: 221 Bye (T)
                    """);
        }
    }

    @Test
    void rungsCarryWhatTheWindowNeedsAndNoSecret() {
        Transcript t = new Transcript();
        t.connect("mx.example", "192.0.2.1", 587);
        t.append((seq, time) -> new TranscriptEntry.TlsUp(seq, time, "TLS established", "TLSv1.3",
                "TLS_AES_128_GCM_SHA256", true, "trusted", false, null, null, null, 0));
        t.client(org.smtpexplorer.engine.SmtpCommand.auth("PLAIN", "c2VjcmV0"), 4);
        t.server(new org.smtpexplorer.engine.ReplyParser().feed("451 4.7.0 Try later\r\n"
                .getBytes(StandardCharsets.US_ASCII)).get(0), "AUTH", 4, 1500L);
        t.error("the server closed the connection", "IO");
        Ladder ladder = Ladder.of(t.entries());
        assertThat(ladder.server()).isEqualTo("mx.example:587");
        assertThat(ladder.steps()).extracting(Ladder.Rung::kind).containsExactly(Ladder.Kind.NOTE, Ladder.Kind.TLS,
                Ladder.Kind.COMMAND, Ladder.Kind.REPLY, Ladder.Kind.FAILURE);
        Ladder.Rung auth = ladder.steps().get(2);
        assertThat(auth.label()).isEqualTo("AUTH PLAIN <redacted>");
        assertThat(auth.encrypted()).isTrue();
        assertThat(auth.flight()).isEqualTo(4);
        Ladder.Rung reply = ladder.steps().get(3);
        assertThat(reply.refusal()).isTrue();
        assertThat(reply.replyClass()).isEqualTo(4);
        assertThat(reply.latencyMicros()).isEqualTo(1500);
        assertThat(ladder.toMermaid()).contains("rect rgb(230, 244, 234)", "TLS TLSv1.3 TLS_AES_128_GCM_SHA256"
                + " (encrypted below)", "S-->>C: ⚠ 451 4.7.0 Try later (1.5 ms)", "Note over C,S: ✖ the server"
                + " closed the connection").doesNotContain("c2VjcmV0").endsWith("    end\n");
    }
}
