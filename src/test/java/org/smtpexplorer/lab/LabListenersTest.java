package org.smtpexplorer.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.Smtpx;

/** The lab's two listeners (STARTTLS and implicit TLS), each on 127.0.0.1 and ::1. */
class LabListenersTest {
    @TempDir
    Path dir;

    @Test
    void theImplicitTlsPortHandshakesBeforeTheGreetingAndServesTheSameSessions() throws Exception {
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir).build())) {
            assertThat(lab.tlsPort()).isPositive().isNotEqualTo(lab.port());
            try (LabClient c = LabClient.implicitTls(lab, LoopbackBinder.IPV4, "localhost")) {
                assertThat(c.sslSocket().getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
                assertThat(c.reply()).isEqualTo("220 lab.example ESMTP SMTP Explorer lab, scenario modern\r\n");
                String ehlo = c.cmd("EHLO client.example");
                assertThat(ehlo).contains("250-AUTH PLAIN LOGIN CRAM-MD5", "250-REQUIRETLS")
                        .doesNotContain("STARTTLS");
                assertThat(c.cmd("STARTTLS")).startsWith("503 5.5.1 TLS already active");
                assertThat(c.cmd("MAIL FROM:<a@example.com>")).startsWith("250");
            }
            assertThat(lab.serverLog().sessions().get(0).lines()).extracting(LogLine::text)
                    .anyMatch(t -> t.endsWith("on the implicit-TLS port; scenario modern"))
                    .anyMatch(t -> t.startsWith("TLS established before the greeting (implicit TLS): TLSv1."));
        }
    }

    @Test
    void aPlainClientOnTheImplicitTlsPortFailsTheHandshakeAndIsLogged() throws Exception {
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir).build());
             Socket s = new Socket(LoopbackBinder.IPV4, lab.tlsPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("EHLO plain.example\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = s.getInputStream().readAllBytes();
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("220");
            waitFor(() -> lab.serverLog().lines().stream().anyMatch(l -> l.text().startsWith("TLS handshake failed")));
        }
    }

    @Test
    void bothListenersAnswerOnIpv6LoopbackWhenThereIsOne() throws Exception {
        assumeTrue(LoopbackBinder.ipv6Available(), "this machine has no IPv6 loopback");
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir).build())) {
            assertThat(lab.listeningOn()).isEqualTo("127.0.0.1 and ::1");
            assertThat(lab.notes()).isEmpty();
            try (Socket s = new Socket(LoopbackBinder.IPV6, lab.port())) {
                s.setSoTimeout(5000);
                assertThat(new String(s.getInputStream().readNBytes(20), StandardCharsets.US_ASCII))
                        .isEqualTo("220 lab.example ESMT");
            }
            try (LabClient c = LabClient.implicitTls(lab, LoopbackBinder.IPV6, "::1")) {
                assertThat(c.reply()).startsWith("220 lab.example");
            }
            assertThat(lab.serverLog().sessions()).extracting(ServerLog.SessionLog::client)
                    .anyMatch(client -> client.startsWith("0:0:0:0:0:0:0:1:"));
        }
    }

    @Test
    void withoutIpv6TheLabListensOn127001AloneAndSaysSo() throws Exception {
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir).build(), false)) {
            assertThat(lab.listeningOn()).isEqualTo("127.0.0.1");
            assertThat(lab.notes()).containsExactly(
                    "::1 is not available (IPv6 is off on this machine): listening on 127.0.0.1 only");
            try (LabClient c = LabClient.greeted(lab)) {
                assertThat(c.cmd("NOOP")).startsWith("250");
            }
        }
    }

    @Test
    void aPortTakenOnIpv6LoopbackOnlyIsAClearError() throws Exception {
        assumeTrue(LoopbackBinder.ipv6Available(), "this machine has no IPv6 loopback");
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new java.net.InetSocketAddress(LoopbackBinder.IPV6, 0));
            int port = squatter.getLocalPort();
            assertThatThrownBy(() -> LabServer.start(LabConfig.builder().dataDir(dir).port(port).build()))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot listen on ::1 port " + port + " (the STARTTLS port)");
            // Nothing stays bound on 127.0.0.1 after the failure.
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new java.net.InetSocketAddress(LoopbackBinder.IPV4, port));
            }
        }
    }

    @Test
    void aSessionOverTheCapOnTheImplicitTlsPortIsRefusedInTheLogToo() throws Exception {
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir).maxSessions(1).build());
             LabClient first = LabClient.greeted(lab)) {
            assertThatThrownBy(() -> LabClient.implicitTls(lab, LoopbackBinder.IPV4, "localhost"))
                    .isInstanceOf(SSLException.class);
            waitFor(() -> lab.serverLog().lines().stream().anyMatch(l -> l.text().contains(
                    "on port " + lab.tlsPort() + " refused: all 1 session slots are in use")));
            assertThat(first.cmd("NOOP")).startsWith("250");
        }
    }

    @Test
    void smtpxSendWithImplicitTlsDeliversThroughTheLab() throws Exception {
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir).build())) {
            Path eml = Files.writeString(dir.resolve("m.eml"), "Subject: implicit\r\n\r\nover TLS from the start\r\n");
            Path password = Files.writeString(dir.resolve("pw.txt"), "wonderland");
            Smtpx.Run run = Smtpx.run(List.of("send", "--server", "localhost:" + lab.tlsPort(), "--security",
                    "implicit", "--trust-cert", lab.certificatePath().toString(), "--auth", "auto", "--user", "alice",
                    "--password-file", password.toString(), "--from", "alice@lab.example", "--to",
                    "bob@lab.example", "--eml", eml.toString(), "--timeout", "20"));
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("certificate verified").doesNotContain("wonderland");
            assertThat(lab.messages()).singleElement().satisfies(m -> {
                assertThat(m.session().tls()).isTrue();
                assertThat(m.session().authUser()).isEqualTo("alice");
                assertThat(m.contentAsString()).endsWith("over TLS from the start\r\n");
            });
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(25);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 5 s").isTrue();
    }
}
