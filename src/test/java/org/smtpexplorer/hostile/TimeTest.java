package org.smtpexplorer.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smtpexplorer.testing.Smtpx.script;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.testing.TestCerts;

/**
 * Time: a server that never answers, stalls or trickles cannot hold `smtpx send` beyond its deadline, and a
 * connection that breaks is reported as lost, or as "may have been delivered" once the whole message went out.
 * Every run uses --timeout 1, so a case that ends per byte rather than per reply would take many seconds.
 */
class TimeTest {
    private static final TestCerts.Issued CA = TestCerts.ca("Time Test CA");
    private static final TestCerts.Issued CERT = TestCerts.server(CA, "localhost", "127.0.0.1");
    private static final String EHLO_STARTTLS = """
            S: 220 mx.example ESMTP
            C: EHLO localhost
            S: 250-mx.example
            S: 250 STARTTLS
            C: STARTTLS
            S: 220 Ready to start TLS
            """;
    private static final String ENVELOPE = """
            S: 220 mx.example ESMTP
            C: EHLO localhost
            S: 250 mx.example
            C: MAIL FROM:<a@example.com>
            S: 250 ok
            C: RCPT TO:<b@example.com>
            S: 250 ok
            """;

    @TempDir
    Path tmp;

    private Smtpx.Run send(ScriptedServer server, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--timeout", "1", "--from", "a@example.com", "--to",
                "b@example.com", "--trust-cert", CA.writePem(tmp, "ca.pem").toString()));
        all.addAll(List.of(args));
        return Smtpx.send(server.port(), all.toArray(String[]::new));
    }

    private static ScriptedServer server(String script) throws Exception {
        return new ScriptedServer(script(script), ScriptedServer.Mode.WHOLE, CERT.serverContext());
    }

    private static void assertEndsNearTheDeadline(Smtpx.Run run) {
        assertThat(run.elapsed()).as(run.describe()).isBetween(Duration.ofMillis(950), Duration.ofMillis(3000));
    }

    @Test
    void noGreetingTimesOut() throws Exception {
        try (ScriptedServer server = server("!drain")) {
            Smtpx.Run run = send(server, "--security", "none", "--eml", Messages.small(tmp).toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(8);
            assertThat(run.err()).contains("timed out: no complete reply within 1 s");
            assertThat(run.out()).doesNotContain("C: EHLO");
            assertEndsNearTheDeadline(run);
            assertThat(server.await()).isEmpty();
        }
    }

    @Test
    void stalledStartTlsHandshakeTimesOut() throws Exception {
        try (ScriptedServer server = server(EHLO_STARTTLS + "!drain")) {
            Smtpx.Run run = send(server, "--security", "starttls", "--eml", Messages.small(tmp).toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(8);
            assertThat(run.err()).contains("the TLS handshake did not finish in time");
            assertEndsNearTheDeadline(run);
            assertThat(server.await()).isEmpty();
        }
    }

    @Test
    void stalledImplicitTlsHandshakeTimesOut() throws Exception {
        try (ScriptedServer server = server("!read-tls-record\n!drain")) {
            Smtpx.Run run = send(server, "--security", "implicit", "--eml", Messages.small(tmp).toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(8);
            assertThat(run.err()).contains("the TLS handshake did not finish in time");
            assertEndsNearTheDeadline(run);
            assertThat(server.await()).isEmpty();
        }
    }

    /** One byte every 700 ms never trips a per-read timeout of 1 s; only a deadline for the whole reply ends it. */
    @Test
    void greetingTrickledJustUnderTheReadTimeoutEndsAtTheReplyDeadline() throws Exception {
        try (ScriptedServer server = server("!trickle 700\nS: 220 mx.example ESMTP at a snail's pace\n!drain")) {
            Smtpx.Run run = send(server, "--security", "none", "--eml", Messages.small(tmp).toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(8);
            assertThat(run.err()).contains("no complete reply within 1 s (part of a reply arrived, but not its end)");
            assertEndsNearTheDeadline(run);
            assertThat(server.bytesWritten()).isBetween(2L, 3L);
            assertThat(server.await()).isEmpty();
        }
    }

    /**
     * A TLS record whose bytes trickle in: the TLS layer waits for the whole record, restarting the socket
     * timeout at every byte, so only a deadline enforced from outside the read ends the handshake.
     */
    @Test
    void handshakeRecordTrickledByteByByteEndsAtTheDeadline() throws Exception {
        try (ScriptedServer server = server(EHLO_STARTTLS + """
                !read-tls-record
                !trickle 300
                S~ \\x16\\x03\\x03\\x40\\x00aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                !drain
                """)) {
            Smtpx.Run run = send(server, "--security", "starttls", "--eml", Messages.small(tmp).toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(8);
            assertThat(run.err()).contains("the TLS handshake did not finish in time");
            assertEndsNearTheDeadline(run);
        }
    }

    /** The same after TLS: an application-data record trickled below TLS, while a reply is awaited. */
    @Test
    void replyRecordTrickledAfterTlsEndsAtTheReplyDeadline() throws Exception {
        try (ScriptedServer server = server(EHLO_STARTTLS + """
                !starttls
                C: EHLO localhost
                !under-tls
                !trickle 300
                S~ \\x17\\x03\\x03\\x40\\x00aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                !drain
                """)) {
            Smtpx.Run run = send(server, "--security", "starttls", "--eml", Messages.small(tmp).toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(8);
            assertThat(run.err()).contains("no complete reply within 1 s");
            assertThat(run.out()).contains("C: EHLO localhost").doesNotContain("C: MAIL");
            assertThat(run.elapsed()).as(run.describe()).isLessThan(Duration.ofMillis(3000));
        }
    }

    /** A server that stops reading mid-message fills the socket buffers; the blocked write must still end. */
    @Test
    void serverThatStopsReadingMidDataTimesOut() throws Exception {
        Path big = Messages.big(tmp, Messages.BIG);
        try (ScriptedServer server = server(ENVELOPE + """
                C: DATA
                S: 354 go
                !sleep 4000
                !drain
                """)) {
            Smtpx.Run run = send(server, "--security", "none", "--transfer", "data", "--eml", big.toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(8);
            assertThat(run.err()).contains("sending did not progress within 1 s");
            assertThat(run.elapsed()).as(run.describe()).isLessThan(Duration.ofMillis(3000));
        }
    }

    /** The same for BDAT from a file, which goes out with sendfile: closing the socket alone would not end it. */
    @Test
    void serverThatStopsReadingMidBdatTimesOut() throws Exception {
        Path big = Messages.big(tmp, Messages.BIG);
        try (ScriptedServer server = server("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 CHUNKING
                C: MAIL FROM:<a@example.com>
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                C: BDAT %d LAST
                !sleep 4000
                !drain
                """.formatted(Files.size(big)))) {
            Smtpx.Run run = send(server, "--security", "none", "--transfer", "bdat", "--chunk-size", "50000000",
                    "--eml", big.toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(8);
            assertThat(run.err()).contains("sending did not progress within 1 s");
            assertThat(run.elapsed()).as(run.describe()).isLessThan(Duration.ofMillis(3000));
        }
    }

    @Test
    void resetMidReplyIsAConnectionLoss() throws Exception {
        try (ScriptedServer server = server("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S~ 250-mx.example\\r\\n250-PIPEL
                !reset
                """)) {
            Smtpx.Run run = send(server, "--security", "none", "--eml", Messages.small(tmp).toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(10);
            assertThat(run.err()).contains("connection lost: connection lost while reading: Connection reset");
            assertThat(server.await()).isEmpty();
        }
    }

    @Test
    void resetMidDataIsAConnectionLossNotAnUnknownOutcome() throws Exception {
        Path big = Messages.big(tmp, Messages.BIG);
        try (ScriptedServer server = server(ENVELOPE + """
                C: DATA
                S: 354 go
                !read-bytes 100000
                !reset
                """)) {
            Smtpx.Run run = send(server, "--security", "none", "--transfer", "data", "--eml", big.toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(10);
            assertThat(run.err()).contains("connection lost while sending");
            assertThat(server.await()).isEmpty();
        }
    }

    @Test
    void resetMidBdatIsAConnectionLossNotAnUnknownOutcome() throws Exception {
        Path big = Messages.big(tmp, Messages.BIG);
        try (ScriptedServer server = server("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 CHUNKING
                C: MAIL FROM:<a@example.com>
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                C: BDAT %d LAST
                !read-bytes 100000
                !reset
                """.formatted(Files.size(big)))) {
            Smtpx.Run run = send(server, "--security", "none", "--transfer", "bdat", "--chunk-size", "50000000",
                    "--eml", big.toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(10);
            assertThat(run.err()).contains("connection lost while sending");
            assertThat(server.await()).isEmpty();
        }
    }

    /** Once the final dot went out, a lost connection leaves the outcome unknown; the message is never resent. */
    @Test
    void resetAfterTheFinalDotIsUnknownAndNotResent() throws Exception {
        try (ScriptedServer server = server(ENVELOPE + """
                C: DATA
                S: 354 go
                C: Subject: abcdefghij
                C:
                C: 0123456789
                C: .
                !reset
                """)) {
            Smtpx.Run run = send(server, "--security", "none", "--transfer", "data", "--eml",
                    Messages.small(tmp).toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(11);
            assertThat(run.err()).contains("outcome unknown: the message may have been delivered")
                    .contains("it may have been delivered. Not resent");
            assertThat(run.out().split("C: DATA", -1)).hasSize(2);
            assertThat(server.await()).isEmpty();
            assertThat(server.laterConnections(100)).isZero();
        }
    }

    @Test
    void silenceAfterTheFinalDotIsUnknownAndNotResent() throws Exception {
        try (ScriptedServer server = server(ENVELOPE + """
                C: DATA
                S: 354 go
                C: Subject: abcdefghij
                C:
                C: 0123456789
                C: .
                !drain
                """)) {
            Smtpx.Run run = send(server, "--security", "none", "--transfer", "data", "--eml",
                    Messages.small(tmp).toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(11);
            assertThat(run.err()).contains("no final reply came (no complete reply within 1 s)")
                    .contains("Not resent");
            assertEndsNearTheDeadline(run);
            assertThat(server.await()).isEmpty();
            assertThat(server.laterConnections(100)).isZero();
        }
    }

    @Test
    void closeAfterBdatLastIsUnknownAndNotResent() throws Exception {
        try (ScriptedServer server = server("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 CHUNKING
                C: MAIL FROM:<a@example.com>
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                C: BDAT 35 LAST
                CX: Subject: abcdefghij\\r\\n\\r\\n0123456789\\r\\n
                !close
                """)) {
            Smtpx.Run run = send(server, "--security", "none", "--eml", Messages.small(tmp).toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(11);
            assertThat(run.err()).contains("may have been delivered. Not resent");
            assertThat(run.out().split("C: BDAT", -1)).hasSize(2);
            assertThat(server.await()).isEmpty();
            assertThat(server.laterConnections(100)).isZero();
        }
    }

    /** Three pipelined commands, two replies, then silence: the missing reply times out; nothing else is sent. */
    @Test
    void pipelinedFlightMissingAReplyTimesOut() throws Exception {
        try (ScriptedServer server = server("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 PIPELINING
                C: MAIL FROM:<a@example.com>
                C: RCPT TO:<b@example.com>
                C: DATA
                S: 250 ok
                S: 250 ok
                !drain
                """)) {
            Smtpx.Run run = send(server, "--security", "none", "--transfer", "data", "--eml",
                    Messages.small(tmp).toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(8);
            assertThat(run.err()).contains("no complete reply within 1 s");
            assertThat(run.out()).doesNotContain("C: [message body");
            assertEndsNearTheDeadline(run);
            assertThat(server.await()).isEmpty();
        }
    }
}
