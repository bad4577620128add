package org.smtpexplorer.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.testing.TestCerts;

/**
 * Every certificate fault ends a STARTTLS session with exit 4 and a verdict that names the fault, before anything
 * is sent over the connection; --insecure connects but says NOT verified and why; --trust-cert trusts exactly the
 * certificate it names, and never a name the certificate does not carry.
 */
class CertificateTest {
    private static final List<String> NAMES = List.of("localhost", "127.0.0.1");
    private static final TestCerts.Issued CA = TestCerts.ca("Trusted Test CA");
    private static final String STARTTLS = """
            S: 220 mx.example ESMTP
            C: EHLO localhost
            S: 250-mx.example
            S: 250 STARTTLS
            C: STARTTLS
            S: 220 Ready to start TLS
            !tls-accept
            """;
    private static final String AFTER_TLS = """
            C: EHLO localhost
            S: 250 mx.example
            C: QUIT
            S: 221 bye
            """;

    @TempDir
    Path tmp;

    /** `smtpx send` through STARTTLS to a server presenting {@code cert}, trusting the test CA. */
    private Smtpx.Run starttls(TestCerts.Issued cert, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--trust-cert", CA.writePem(tmp, "ca.pem").toString()));
        args.addAll(List.of(extra));
        return pinned(cert, args.toArray(String[]::new));
    }

    /** The same with only the trust given in {@code extra}. */
    private static Smtpx.Run pinned(TestCerts.Issued cert, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--security", "starttls", "--quit-after", "tls"));
        args.addAll(List.of(extra));
        return run(cert, STARTTLS + AFTER_TLS, args.toArray(String[]::new));
    }

    private static Smtpx.Run run(TestCerts.Issued cert, String script, String... extra) throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(script), ScriptedServer.Mode.WHOLE,
                cert.serverContext())) {
            List<String> args = new ArrayList<>(List.of("--timeout", "5"));
            args.addAll(List.of(extra));
            Smtpx.Run run = Smtpx.send(server.port(), args.toArray(String[]::new));
            assertThat(server.await()).as(run.describe()).isEmpty();
            return run;
        }
    }

    private static void assertRefused(Smtpx.Run run, String verdict) {
        assertThat(run.exit()).as(run.describe()).isEqualTo(4);
        assertThat(run.err()).as(run.describe()).startsWith("smtpx send: TLS failure: TLS handshake with 127.0.0.1"
                + " failed: certificate not trusted: " + verdict);
        assertThat(run.out()).contains("! TLS handshake failed: certificate not trusted: " + verdict)
                .doesNotContain("* TLS established");
        assertThat(run.out().split("C: EHLO", -1)).as("only the EHLO before TLS").hasSize(2);
    }

    private static void assertInsecureButSaysWhy(Smtpx.Run run, String verdict) {
        assertThat(run.exit()).as(run.describe()).isZero();
        assertThat(run.out()).contains("certificate NOT verified (insecure mode); NOT verified: " + verdict);
    }

    private static TestCerts.Issued valid(Duration startsIn, Duration endsIn) {
        Instant now = Instant.now();
        return TestCerts.server(CA, NAMES, now.plus(startsIn), now.plus(endsIn));
    }

    @Test
    void selfSignedIsRefusedAndNamedAsSuch() throws Exception {
        TestCerts.Issued self = TestCerts.selfSigned("localhost", "127.0.0.1");
        String verdict = "the certificate is self-signed (CN=localhost), not issued by a trusted root";
        assertRefused(starttls(self), verdict);
        assertInsecureButSaysWhy(starttls(self, "--insecure"), verdict);
    }

    @Test
    void untrustedRootIsRefusedAndNamed() throws Exception {
        TestCerts.Issued unknown = TestCerts.server(TestCerts.ca("Unknown Root CA"), "localhost", "127.0.0.1");
        String verdict = "the chain ends at CN=Unknown Root CA, which is not a trusted root";
        assertRefused(starttls(unknown), verdict);
        assertInsecureButSaysWhy(starttls(unknown, "--insecure"), verdict);
    }

    @Test
    void expiredIsRefusedWithItsEndDate() throws Exception {
        TestCerts.Issued expired = valid(Duration.ofDays(-30), Duration.ofDays(-1));
        String verdict = "the certificate CN=localhost expired on " + expired.cert().getNotAfter().toInstant();
        assertRefused(starttls(expired), verdict);
        assertInsecureButSaysWhy(starttls(expired, "--insecure"), verdict);
    }

    @Test
    void notYetValidIsRefusedWithItsStartDate() throws Exception {
        TestCerts.Issued early = valid(Duration.ofDays(1), Duration.ofDays(30));
        String verdict = "the certificate CN=localhost is not valid until " + early.cert().getNotBefore().toInstant();
        assertRefused(starttls(early), verdict);
        assertInsecureButSaysWhy(starttls(early, "--insecure"), verdict);
    }

    @Test
    void wrongNameIsRefusedEvenFromATrustedCa() throws Exception {
        TestCerts.Issued other = TestCerts.server(CA, "mail.other.example");
        String verdict = "the certificate does not name this host: No subject alternative names matching IP address"
                + " 127.0.0.1 found";
        assertRefused(starttls(other), verdict);
        assertInsecureButSaysWhy(starttls(other, "--insecure"), verdict);
    }

    @Test
    void aVerifiedChainSaysSo() throws Exception {
        Smtpx.Run run = starttls(TestCerts.server(CA, "localhost", "127.0.0.1"));
        assertThat(run.exit()).as(run.describe()).isZero();
        assertThat(run.out()).contains("certificate verified; trusted chain, and the certificate names 127.0.0.1")
                .doesNotContain("NOT verified");
    }

    /** "Trust this certificate": a self-signed certificate given with --trust-cert is trusted, and only it. */
    @Test
    void trustingASelfSignedCertificatePinsExactlyThatCertificate() throws Exception {
        TestCerts.Issued pinned = TestCerts.selfSigned("localhost", "127.0.0.1");
        Path pem = pinned.writePem(tmp, "pinned.pem");
        Smtpx.Run trusted = pinned(pinned, "--trust-cert", pem.toString());
        assertThat(trusted.exit()).as(trusted.describe()).isZero();
        assertThat(trusted.out()).contains("certificate verified");

        TestCerts.Issued impostor = TestCerts.selfSigned("localhost", "127.0.0.1");
        Smtpx.Run refused = pinned(impostor, "--trust-cert", pem.toString());
        assertThat(refused.exit()).as(refused.describe()).isEqualTo(4);
        assertThat(refused.err()).contains("certificate not trusted: the certificate names CN=localhost as its"
                + " issuer, but a trusted certificate of that name did not sign it");
        assertThat(refused.out()).doesNotContain("* TLS established");
    }

    @Test
    void aPinnedCertificateStillHasToNameTheHost() throws Exception {
        TestCerts.Issued pinned = TestCerts.selfSigned("localhost");
        Smtpx.Run run = pinned(pinned, "--trust-cert", pinned.writePem(tmp, "p.pem").toString());
        assertThat(run.exit()).as(run.describe()).isEqualTo(4);
        assertThat(run.err()).contains("the certificate does not name this host");
    }

    /** Opportunistic TLS does not fall back to plain text after a failed handshake: the connection is gone. */
    @Test
    void opportunisticTlsDoesNotFallBackAfterABadCertificate() throws Exception {
        Smtpx.Run run = run(TestCerts.selfSigned("localhost", "127.0.0.1"), STARTTLS,
                "--security", "starttls-if-available", "--quit-after", "rcpt",
                "--from", "a@example.com", "--to", "b@example.com");
        assertThat(run.exit()).as(run.describe()).isEqualTo(4);
        assertThat(run.out()).contains("! TLS handshake failed: certificate not trusted")
                .doesNotContain("continuing without TLS").doesNotContain("C: MAIL");
    }

    @Test
    void implicitTlsRefusesAnUntrustedCertificateBeforeTheGreeting() throws Exception {
        Smtpx.Run run = run(TestCerts.selfSigned("localhost", "127.0.0.1"), "!tls-accept\nS: 220 mx.example ESMTP",
                "--security", "implicit", "--quit-after", "greeting");
        assertThat(run.exit()).as(run.describe()).isEqualTo(4);
        assertThat(run.err()).contains("certificate not trusted: the certificate is self-signed");
        assertThat(run.out()).doesNotContain("S: 220").doesNotContain("C: EHLO");
    }

    private static void assertAlertReported(Smtpx.Run run) {
        assertThat(run.exit()).as(run.describe()).isEqualTo(4);
        assertThat(run.err()).as(run.describe()).isEqualTo("smtpx send: TLS failure: TLS handshake with 127.0.0.1"
                + " failed: the server sent a fatal TLS alert: internal_error\n");
        assertThat(run.out()).contains("! TLS handshake failed: the server sent a fatal TLS alert: internal_error")
                .doesNotContain("not trusted").doesNotContain("* TLS established");
    }

    /** A server that answers the ClientHello with a fatal alert: the alert is what the user is told about. */
    @Test
    void aFatalAlertInsteadOfTheServerHelloIsReported() throws Exception {
        String script = """
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 STARTTLS
                C: STARTTLS
                S: 220 Ready to start TLS
                !read-tls-record
                S~ \\x15\\x03\\x03\\x00\\x02\\x02\\x50
                !close
                """;
        TestCerts.Issued cert = TestCerts.server(CA, "localhost", "127.0.0.1");
        assertAlertReported(run(cert, script, "--security", "starttls", "--quit-after", "tls", "--insecure"));
        assertAlertReported(run(cert, script, "--security", "starttls", "--quit-after", "tls", "--trust-cert",
                CA.writePem(tmp, "ca.pem").toString()));
    }

    /**
     * OpenSMTPD on OpenSSL 3 sends internal_error after its certificate: with --insecure, the certificate the user
     * chose to accept is not what ended the handshake, and must not be blamed; with a trusted certificate neither.
     */
    @Test
    void aFatalAlertAfterTheCertificateIsNotBlamedOnTheCertificate() throws Exception {
        String script = """
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 STARTTLS
                C: STARTTLS
                S: 220 Ready to start TLS
                !tls12-alert-after-certificate
                !drain
                """;
        assertAlertReported(run(TestCerts.selfSigned("localhost", "127.0.0.1"), script, "--security", "starttls",
                "--quit-after", "tls", "--insecure"));
        assertAlertReported(run(TestCerts.server(CA, "localhost", "127.0.0.1"), script, "--security", "starttls",
                "--quit-after", "tls", "--trust-cert", CA.writePem(tmp, "ca.pem").toString()));
    }

    @Test
    void implicitTlsReportsAFatalAlertToo() throws Exception {
        assertThat(run(TestCerts.selfSigned("localhost", "127.0.0.1"), "!tls12-alert-after-certificate\n!drain",
                "--security", "implicit", "--quit-after", "greeting", "--insecure").err())
                .endsWith("failed: the server sent a fatal TLS alert: internal_error\n");
    }
}
