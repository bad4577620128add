package org.smtpexplorer.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpReply;

class LabServerBasicsTest {
    @TempDir
    Path dir;
    LabServer lab;

    @BeforeEach
    void start() throws IOException {
        lab = LabServer.start(LabConfig.builder().dataDir(dir).build());
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private static Capabilities capabilities(String ehloReply) {
        List<SmtpReply> replies = new ReplyParser().feed(ehloReply.getBytes(StandardCharsets.UTF_8));
        assertThat(replies).hasSize(1);
        return Capabilities.parse(replies.get(0));
    }

    @Test
    void bindsTheLoopbackInterfaceOnly() {
        assertThat(lab.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(lab.port()).isPositive();
    }

    @Test
    void greetsWith220AndItsName() throws IOException {
        try (LabClient c = LabClient.connect(lab)) {
            assertThat(c.reply()).isEqualTo("220 lab.example ESMTP SMTP Explorer lab, scenario modern\r\n");
        }
    }

    @Test
    void ehloBeforeTlsOffersStartTlsButNoAuth() throws IOException {
        try (LabClient c = LabClient.greeted(lab)) {
            String reply = c.cmd("EHLO client.example");
            assertThat(reply).isEqualTo("250-lab.example Hello client.example [127.0.0.1]\r\n"
                    + "250-PIPELINING\r\n"
                    + "250-SIZE 10485760\r\n"
                    + "250-STARTTLS\r\n"
                    + "250-8BITMIME\r\n"
                    + "250-BINARYMIME\r\n"
                    + "250-CHUNKING\r\n"
                    + "250-SMTPUTF8\r\n"
                    + "250-DSN\r\n"
                    + "250-ENHANCEDSTATUSCODES\r\n"
                    + "250-LIMITS RCPTMAX=100 MAILMAX=1000\r\n"
                    + "250-VRFY\r\n"
                    + "250 HELP\r\n");
            Capabilities caps = capabilities(reply);
            assertThat(caps.warnings()).isEmpty();
            assertThat(caps.startTls()).isTrue();
            assertThat(caps.authMechanisms()).isEmpty();
            assertThat(caps.requireTls()).isFalse();
            assertThat(caps.sizeLimit()).hasValue(10485760);
            assertThat(caps.limits().rcptMax()).hasValue(100);
            assertThat(caps.limits().mailMax()).hasValue(1000);
        }
    }

    @Test
    void ehloAfterTlsOffersAuthAndRequireTlsButNoStartTls() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            assertThat(c.startTls(lab)).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
            assertThat(c.sslSocket().getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            Capabilities caps = capabilities(c.cmd("EHLO client.example"));
            assertThat(caps.startTls()).isFalse();
            assertThat(caps.requireTls()).isTrue();
            assertThat(caps.authMechanisms())
                    .containsExactly("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256");
            assertThat(caps.chunking()).isTrue();
            assertThat(caps.pipelining()).isTrue();
            assertThat(caps.smtpUtf8()).isTrue();
            assertThat(caps.dsn()).isTrue();
            assertThat(caps.enhancedStatusCodes()).isTrue();
            assertThat(caps.eightBitMime()).isTrue();
            assertThat(caps.binaryMime()).isTrue();
        }
    }

    @Test
    void startTlsResetsTheSessionSoMailNeedsANewEhlo() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            c.startTls(lab);
            assertThat(c.cmd("MAIL FROM:<a@example.com>"))
                    .isEqualTo("503 5.5.1 Send EHLO again first: STARTTLS reset the session (RFC 3207 §4.2)\r\n");
            assertThat(c.cmd("STARTTLS")).startsWith("503 5.5.1 TLS already active");
            c.cmd("EHLO client.example");
            assertThat(c.cmd("MAIL FROM:<a@example.com>")).isEqualTo("250 2.1.0 Sender <a@example.com> OK\r\n");
        }
    }

    @Test
    void startTlsDiscardsCommandsPipelinedBehindIt() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            c.sendRaw("STARTTLS\r\nMAIL FROM:<smuggled@example.com>\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.reply()).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
            c.handshake(lab);
            c.cmd("EHLO client.example");
            assertThat(c.cmd("RCPT TO:<alice@lab.example>")).startsWith("503 5.5.1 Need MAIL before RCPT");
        }
        assertThat(lab.serverLog().lines()).anyMatch(l -> l.text().startsWith("discarded 34 bytes"));
    }

    @Test
    void repeatedStartTlsHandshakesNeverLoseTheClientHello() throws IOException {
        // The client sends its ClientHello as soon as it reads the 220; the server once dropped input after
        // sending the 220 and so sometimes swallowed the ClientHello, leaving both sides waiting.
        for (int i = 0; i < 40; i++) {
            try (LabClient c = LabClient.ehlo(lab)) {
                c.startTls(lab);
                assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 OK\r\n");
            }
        }
    }

    @Test
    void heloGivesNoExtensionsAndRefusesParameters() throws IOException {
        try (LabClient c = LabClient.greeted(lab)) {
            assertThat(c.cmd("HELO client.example")).isEqualTo("250 lab.example Hello client.example\r\n");
            assertThat(c.cmd("MAIL FROM:<a@example.com> SIZE=10"))
                    .isEqualTo("555 5.5.4 MAIL parameters need EHLO; this session said HELO\r\n");
            assertThat(c.cmd("MAIL FROM:<a@example.com>")).startsWith("250 2.1.0");
        }
    }

    @Test
    void strictSyntaxGetsTheRightCodes() throws IOException {
        try (LabClient c = LabClient.greeted(lab)) {
            assertThat(c.cmd("MAIL FROM:<a@example.com>")).isEqualTo("503 5.5.1 Send HELO or EHLO first\r\n");
            assertThat(c.cmd("EHLO")).startsWith("501 5.5.4 Syntax: EHLO domain");
            assertThat(c.cmd("FROB")).isEqualTo("500 5.5.2 Command unrecognized: FROB\r\n");
            c.cmd("EHLO client.example");
            assertThat(c.cmd("RCPT TO:<alice@lab.example>")).isEqualTo("503 5.5.1 Need MAIL before RCPT\r\n");
            assertThat(c.cmd("DATA")).isEqualTo("503 5.5.1 Need MAIL and RCPT before DATA\r\n");
            assertThat(c.cmd("MAIL FROM: <a@example.com>")).startsWith("501 5.5.4 Syntax: MAIL FROM:<address>");
            assertThat(c.cmd("MAIL TO:<a@example.com>")).startsWith("501 5.5.4 Syntax: MAIL FROM:<address>");
            assertThat(c.cmd("MAIL FROM:a@example.com")).startsWith("501 5.1.7 Syntax error");
            assertThat(c.cmd("MAIL FROM:<a@@example.com>")).startsWith("501 5.1.7 Syntax error");
            assertThat(c.cmd("MAIL FROM:<a@example.com> FOO=1"))
                    .isEqualTo("555 5.5.4 MAIL parameter FOO not recognized\r\n");
            assertThat(c.cmd("MAIL FROM:<a@example.com> SIZE=x")).startsWith("501 5.5.4 SIZE must be a number");
            assertThat(c.cmd("MAIL FROM:<a@example.com> BODY=9BIT")).startsWith("501 5.5.4 BODY must be");
            assertThat(c.cmd("MAIL FROM:<a@example.com> RET=ALL")).startsWith("501 5.5.4 RET must be FULL or HDRS");
            assertThat(c.cmd("MAIL FROM:<a@example.com> SIZE=1 SIZE=2")).startsWith("501 5.5.4 Parameter SIZE given twice");
            assertThat(c.cmd("MAIL FROM:<> ")).startsWith("250 2.1.0 Sender <> OK");
            assertThat(c.cmd("MAIL FROM:<b@example.com>")).startsWith("503 5.5.1 Sender already given");
            assertThat(c.cmd("RCPT TO:<>")).startsWith("501 5.1.3 Syntax error");
            assertThat(c.cmd("RCPT TO:<alice@lab.example> NOTIFY=SOMETIMES")).startsWith("501 5.5.4 NOTIFY takes");
            assertThat(c.cmd("RCPT TO:<alice@lab.example> XYZ")).isEqualTo("555 5.5.4 RCPT parameter XYZ not recognized\r\n");
            assertThat(c.cmd("DATA")).isEqualTo("554 5.5.1 No valid recipients\r\n");
            assertThat(c.cmd("DATA now")).isEqualTo("501 5.5.4 Syntax: DATA (no arguments)\r\n");
            assertThat(c.cmd("AUTH")).startsWith("503 5.5.1 AUTH not allowed during a mail transaction");
            assertThat(c.cmd("RSET")).isEqualTo("250 2.0.0 Reset OK\r\n");
            assertThat(c.cmd("AUTH FOO")).isEqualTo("504 5.5.4 Unrecognized authentication type FOO\r\n");
            assertThat(c.cmd("AUTH PLAIN")).isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism\r\n");
            assertThat(c.cmd("HELP FROB")).isEqualTo("504 5.5.4 No help for \"FROB\"\r\n");
            assertThat(c.cmd("EXPN staff")).startsWith("502 5.5.1");
            assertThat(c.cmd("STARTTLS now")).isEqualTo("501 5.5.4 Syntax: STARTTLS (no arguments)\r\n");
        }
    }

    @Test
    void overLongLinesAreRefusedAndTheNextLineStillWorks() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            assertThat(c.cmd("NOOP " + "x".repeat(5000))).isEqualTo("500 5.5.2 Line too long; the limit is 4096 octets\r\n");
            assertThat(c.cmd("NOOP " + "y".repeat(20000))).isEqualTo("500 5.5.2 Line too long; the limit is 4096 octets\r\n");
            assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 OK\r\n");
        }
    }

    @Test
    void vrfyNoopHelpAndQuit() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            assertThat(c.cmd("VRFY alice")).isEqualTo("250 2.1.5 alice <alice@lab.example>\r\n");
            assertThat(c.cmd("VRFY carol@example.com"))
                    .isEqualTo("252 2.1.5 Cannot VRFY <carol@example.com>, but will accept mail for it\r\n");
            assertThat(c.cmd("VRFY nobody42@lab.example")).isEqualTo("550 5.1.1 <nobody42@lab.example>: User unknown\r\n");
            assertThat(c.cmd("VRFY")).isEqualTo("501 5.5.4 Syntax: VRFY user-or-address\r\n");
            assertThat(c.cmd("NOOP hello")).isEqualTo("250 2.0.0 OK\r\n");
            String help = c.cmd("HELP");
            assertThat(help).startsWith("214-2.0.0 SMTP Explorer lab server, scenario modern").endsWith("214 2.0.0 End of HELP info\r\n");
            assertThat(c.cmd("HELP bdat")).isEqualTo("214 2.0.0 BDAT <size> [LAST]: then exactly <size> bytes of the message\r\n");
            assertThat(c.cmd("QUIT")).isEqualTo("221 2.0.0 lab.example closing connection\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void closeEndsOpenSessionsWithA421() throws IOException {
        try (LabClient idle = LabClient.ehlo(lab); LabClient fresh = LabClient.connect(lab)) {
            assertThat(fresh.reply()).startsWith("220 ");
            long t0 = System.nanoTime();
            lab.close();
            assertThat(System.nanoTime() - t0).isLessThan(3_000_000_000L);
            assertThat(idle.reply()).isEqualTo("421 4.3.2 lab.example Service shutting down, closing connection\r\n");
            assertThat(idle.closedByServer()).isTrue();
            assertThat(fresh.reply()).startsWith("421 4.3.2");
            assertThat(lab.activeSessions()).isZero();
        }
        assertThat(catchConnect()).isInstanceOf(IOException.class);
    }

    @Test
    void closeFromAnInterruptedThreadStillStopsAcceptingBeforeItReturns() throws IOException {
        // The CLI closes the server from its interrupted main thread; close() once skipped its waits then and a
        // connection could still be accepted (and dropped) after it returned.
        for (int i = 0; i < 30; i++) {
            LabServer server = LabServer.start(LabConfig.builder().dataDir(dir).build());
            try (LabClient c = LabClient.greeted(server)) {
                Thread.currentThread().interrupt();
                server.close();
                assertThat(Thread.interrupted()).isTrue();
                assertThat(c.reply()).startsWith("421 4.3.2");
            }
            LabServer closed = server;
            assertThat(catchConnect(closed)).isInstanceOf(IOException.class);
        }
    }

    private Exception catchConnect() {
        return catchConnect(lab);
    }

    private static Exception catchConnect(LabServer lab) {
        try (LabClient c = LabClient.connect(lab)) {
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    @Test
    void closeEndsSessionsInsideTlsToo() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            c.startTls(lab);
            // A TLS 1.3 client is done with the handshake before the server has read its Finished: one exchange
            // inside TLS makes sure the server's side is up too, before the lab is closed under it.
            assertThat(c.cmd("NOOP")).startsWith("250");
            lab.close();
            assertThat(lab.activeSessions()).isZero();
            assertThat(c.reply()).isEqualTo("421 4.3.2 lab.example Service shutting down, closing connection\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void anIdleSessionGets421AfterTheTimeout(@TempDir Path other) throws IOException {
        try (LabServer quick = LabServer.start(LabConfig.builder().dataDir(other)
                .idleTimeout(Duration.ofMillis(300)).build());
             LabClient c = LabClient.ehlo(quick)) {
            assertThat(c.reply()).isEqualTo("421 4.4.2 lab.example Idle timeout, closing connection\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void listenersHearLogLinesAndMessages() throws IOException {
        List<LogLine> lines = new CopyOnWriteArrayList<>();
        List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
        LabListener listener = new LabListener() {
            @Override
            public void messageReceived(ReceivedMessage message) {
                messages.add(message);
            }

            @Override
            public void logged(LogLine line) {
                lines.add(line);
                throw new IllegalStateException("a failing listener must not break the session");
            }
        };
        lab.addListener(listener);
        try (LabClient c = LabClient.ehlo(lab)) {
            c.cmd("MAIL FROM:<a@example.com>");
            c.cmd("RCPT TO:<b@lab.example>");
            c.cmd("DATA");
            assertThat(c.cmd("x\r\n.")).startsWith("250 2.0.0");
            lab.removeListener(listener);
            c.cmd("NOOP");
        }
        assertThat(messages).hasSize(1).isEqualTo(lab.messages());
        assertThat(lines).extracting(LogLine::text).contains("EHLO client.example", "stored as message 1 (3 bytes, DATA)")
                .doesNotContain("NOOP");
    }

    @Test
    void serverLogHasBothSidesWithTimestamps() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            c.cmd("NOOP");
        }
        List<LogLine> lines = lab.serverLog().sessions().get(0).lines();
        assertThat(lines).extracting(l -> l.direction().prefix() + " " + l.text())
                .contains("S: 220 lab.example ESMTP SMTP Explorer lab, scenario modern",
                        "C: EHLO client.example", "S: 250-PIPELINING", "S: 250 HELP", "C: NOOP", "S: 250 2.0.0 OK");
        assertThat(lines).allMatch(l -> l.at() != null && l.session() == 1);
    }
}
