package org.smtpexplorer.hostile;

import org.smtpexplorer.engine.CapabilitySnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.ClientProtocol;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.MailParameters;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.testing.TestCerts;
import org.smtpexplorer.transport.SecurityMode;

/**
 * STARTTLS response injection (CVE-2011-0411 class; "NO STARTTLS", Poddebniak et al., USENIX Security 2021):
 * bytes after the 220 are never read as SMTP, whether they come with it (refused before the handshake, with their
 * count) or after the client began the handshake (they break it). And the capabilities of the plain-text EHLO
 * are never used after TLS (RFC 3207 §4.2). Dialogue files cover 454, 502, 421, stripping and stale AUTH.
 */
class StartTlsTest {
    private static final TestCerts.Issued CA = TestCerts.ca("StartTls Test CA");
    private static final TestCerts.Issued CERT = TestCerts.server(CA, "localhost", "127.0.0.1");
    private static final String UNTIL_STARTTLS = """
            S: 220 mx.example ESMTP
            C: EHLO localhost
            S: 250-mx.example
            S: 250-AUTH PLAIN
            S: 250 STARTTLS
            C: STARTTLS
            """;

    @TempDir
    Path tmp;

    private Smtpx.Run run(String script) throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(UNTIL_STARTTLS + script),
                ScriptedServer.Mode.WHOLE, CERT.serverContext())) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "starttls", "--timeout", "5", "--trust-cert",
                    CA.writePem(tmp, "ca.pem").toString(), "--auth", "PLAIN", "--user", "alice", "--password-file",
                    Files.writeString(tmp.resolve("pw"), "secret").toString(), "--from",
                    "a@example.com", "--to", "b@example.com", "--eml", Messages.small(tmp).toString());
            assertThat(server.await()).as(run.describe()).isEmpty();
            return run;
        }
    }

    private static void assertNothingTrusted(Smtpx.Run run) {
        assertThat(run.exit()).as(run.describe()).isEqualTo(4);
        assertThat(run.out()).doesNotContain("* TLS established").doesNotContain("C: AUTH");
        assertThat(run.out().split("C: EHLO", -1)).hasSize(2);
    }

    @Test
    void wholeLinesInjectedWithThe220AreCountedAndRefused() throws Exception {
        Smtpx.Run run = run("S~ 220 Ready to start TLS\\r\\n250-mx.example\\r\\n250 AUTH PLAIN LOGIN\\r\\n\n!drain");
        assertNothingTrusted(run);
        assertThat(run.err()).isEqualTo("smtpx send: TLS failure: STARTTLS response injection: the server (or"
                + " something on the path) sent 38 byte(s) after its 220 reply and before the TLS handshake; session"
                + " aborted before trusting anything\n");
        assertThat(run.out()).contains("! Response injection: 38 byte(s) arrived after the 220 to STARTTLS");
    }

    @Test
    void aPartialLineInjectedWithThe220IsRefused() throws Exception {
        Smtpx.Run run = run("S~ 220 Ready to start TLS\\r\\n250 AU\n!drain");
        assertNothingTrusted(run);
        assertThat(run.err()).contains("STARTTLS response injection").contains("sent 6 byte(s) after its 220 reply");
    }

    /** Injected after the client sent its ClientHello: the TLS layer gets plain text and the handshake fails. */
    @Test
    void bytesInjectedDuringTheHandshakeBreakIt() throws Exception {
        Smtpx.Run run = run("""
                S: 220 Ready to start TLS
                !read-tls-record
                S: 250 AUTH PLAIN LOGIN
                !drain
                """);
        assertNothingTrusted(run);
        assertThat(run.err()).contains("TLS handshake with 127.0.0.1 failed: the server answered in plain text");
    }

    /** A 220 split over two packets is one reply, not an injection. */
    @Test
    void aMultiLine220IsNotAnInjection() throws Exception {
        Smtpx.Run run = run("""
                S: 220-Ready
                S: 220 to start TLS
                !starttls
                C: EHLO localhost
                S: 250-mx.example
                S: 250 AUTH PLAIN
                C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
                S: 235 ok
                C: MAIL FROM:<a@example.com>
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                C: DATA
                S: 354 go
                C: Subject: abcdefghij
                C:
                C: 0123456789
                C: .
                S: 250 ok
                C: QUIT
                S: 221 bye
                """);
        assertThat(run.exit()).as(run.describe()).isZero();
        assertThat(run.out()).contains("C: AUTH PLAIN <redacted>");
    }

    /** The engine side of RFC 3207 §4.2: after TLS nothing learnt before it counts, and EHLO must come first. */
    @Test
    void afterTlsTheEngineForgetsEveryPlainTextCapability() {
        ClientProtocol p = new ClientProtocol();
        p.connectionOpened(false);
        p.receive(bytes("220 mx\r\n"));
        p.send(SmtpCommand.ehlo("c"));
        p.receive(bytes("250-mx\r\n250-AUTH PLAIN\r\n250-PIPELINING\r\n250-SIZE 10\r\n250-CHUNKING\r\n"
                + "250 STARTTLS\r\n"));
        p.send(SmtpCommand.starttls());
        p.receive(bytes("220 go\r\n"));
        p.tlsEstablished();
        assertThat(p.state()).isEqualTo(SessionState.GREETED);
        assertThat(p.capabilities().keywords()).isEmpty();
        assertThatThrownBy(() -> p.send(SmtpCommand.auth("PLAIN", "AGFsaWNlAHNlY3JldA==")))
                .hasMessageContaining("AUTH is not legal now");
        assertThatThrownBy(() -> p.send(SmtpCommand.mail("a@x.example"))).hasMessageContaining("MAIL is not legal now");
        p.send(SmtpCommand.ehlo("c"));
        p.receive(bytes("250-mx\r\n250 AUTH CRAM-MD5\r\n"));
        assertThatThrownBy(() -> p.send(SmtpCommand.auth("PLAIN", "AGFsaWNlAHNlY3JldA==")))
                .hasMessageContaining("the server did not advertise AUTH PLAIN (it offers CRAM-MD5)");
        assertThatThrownBy(() -> p.sendFlight(List.of(SmtpCommand.mail("a@x.example"),
                SmtpCommand.rcpt("b@x.example")), false)).hasMessageContaining("did not advertise PIPELINING");
        assertThatThrownBy(() -> p.send(SmtpCommand.mail("a@x.example", MailParameters.builder().size(100).build())))
                .hasMessageContaining("SIZE needs the SIZE extension");
        assertThatThrownBy(() -> p.send(SmtpCommand.starttls())).hasMessageContaining("TLS is already active");
        assertThat(p.capabilityHistory()).extracting(CapabilitySnapshot::phase)
                .containsExactly("before TLS", "after TLS");
    }

    /** Bytes left in the parser when TLS starts fail the session at the engine level too. */
    @Test
    void theEngineRefusesTlsWithBytesPending() {
        ClientProtocol p = new ClientProtocol();
        p.connectionOpened(false);
        p.receive(bytes("220 mx\r\n"));
        p.send(SmtpCommand.ehlo("c"));
        p.receive(bytes("250-mx\r\n250 STARTTLS\r\n"));
        p.send(SmtpCommand.starttls());
        p.receive(bytes("220 go\r\n250-AU"));
        assertThatThrownBy(p::tlsEstablished).isInstanceOf(SmtpException.class)
                .extracting(e -> ((SmtpException) e).failureClass()).isEqualTo(FailureClass.PROTOCOL);
        assertThat(p.state()).isEqualTo(SessionState.ERROR);
        assertThat(p.isTls()).isFalse();
    }

    /** RFC 8314 §3.3: implicit TLS on 465; on 587 STARTTLS is required, never opportunistic (no stripping). */
    @Test
    void autoSecurityIsImplicitOn465AndRequiredStartTlsOn587() {
        assertThat(SecurityMode.parse("auto", 465)).isEqualTo(SecurityMode.IMPLICIT);
        assertThat(SecurityMode.parse("auto", 587)).isEqualTo(SecurityMode.STARTTLS);
        assertThat(SecurityMode.parse("auto", 25)).isEqualTo(SecurityMode.STARTTLS_IF_AVAILABLE);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
