package org.smtpexplorer.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpException;

class ScenarioTest {
    @TempDir
    Path dir;
    LabServer lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private LabServer start(Scenario scenario) throws IOException {
        return start(scenario, b -> b);
    }

    private LabServer start(Scenario scenario, UnaryOperator<LabConfig.Builder> tweak) throws IOException {
        lab = LabServer.start(tweak.apply(LabConfig.builder().dataDir(dir).scenario(scenario)).build());
        return lab;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyScenarioHasAnIdATitleAndAnExplanation() {
        assertThat(Scenario.values()).hasSize(16).allSatisfy(s -> {
            assertThat(Scenario.fromId(s.id())).isSameAs(s);
            assertThat(Scenario.fromId(s.name())).isSameAs(s);
            assertThat(s.title()).isNotBlank();
            assertThat(s.explanation()).hasSizeGreaterThan(150);
        });
        assertThat(Scenario.STARTTLS_INJECTION.id()).isEqualTo("starttls-injection");
        assertThatThrownBy(() -> Scenario.fromId("nope")).hasMessageContaining("known: modern, legacy");
    }

    @Test
    void setScenarioChangesNewSessionsOnly() throws IOException {
        start(Scenario.MODERN);
        try (LabClient before = LabClient.greeted(lab)) {
            lab.setScenario(Scenario.LEGACY);
            assertThat(lab.scenario()).isEqualTo(Scenario.LEGACY);
            assertThat(before.cmd("EHLO client.example")).startsWith("250-lab.example");
            try (LabClient after = LabClient.connect(lab)) {
                assertThat(after.reply()).isEqualTo("220 lab.example SMTP Explorer lab, scenario legacy\r\n");
                assertThat(after.cmd("EHLO client.example")).isEqualTo("500 Command unrecognized: EHLO\r\n");
            }
        }
    }

    @Test
    void legacySpeaksHeloOnlyAndHasNoEnhancedCodes() throws IOException {
        start(Scenario.LEGACY);
        try (LabClient c = LabClient.connect(lab)) {
            assertThat(c.reply()).doesNotContain("ESMTP");
            assertThat(c.cmd("EHLO client.example")).isEqualTo("500 Command unrecognized: EHLO\r\n");
            assertThat(c.cmd("HELO client.example")).isEqualTo("250 lab.example Hello client.example\r\n");
            assertThat(c.cmd("STARTTLS")).isEqualTo("500 Command unrecognized: STARTTLS\r\n");
            assertThat(c.cmd("AUTH PLAIN")).isEqualTo("500 Command unrecognized: AUTH\r\n");
            assertThat(c.cmd("MAIL FROM:<a@example.com> BODY=8BITMIME"))
                    .isEqualTo("555 MAIL parameters need EHLO; this session said HELO\r\n");
            assertThat(c.cmd("MAIL FROM:<a@example.com>")).isEqualTo("250 Sender <a@example.com> OK\r\n");
            assertThat(c.cmd("RCPT TO:<b@lab.example>")).isEqualTo("250 Recipient <b@lab.example> OK\r\n");
            assertThat(c.cmd("BDAT 3 LAST")).isEqualTo("500 Command unrecognized: BDAT\r\n");
            c.cmd("DATA");
            assertThat(c.cmd("old school\r\n.")).isEqualTo("250 Message accepted as 1\r\n");
        }
    }

    @Test
    void noTlsOffersNeitherStartTlsNorAuth() throws IOException {
        start(Scenario.NO_TLS);
        try (LabClient c = LabClient.greeted(lab)) {
            String ehlo = c.cmd("EHLO client.example");
            assertThat(ehlo).contains("250-PIPELINING").doesNotContain("STARTTLS").doesNotContain("AUTH");
            assertThat(c.cmd("STARTTLS")).isEqualTo("502 5.5.1 STARTTLS not available on this server\r\n");
            assertThat(c.cmd("AUTH LOGIN")).startsWith("538 5.7.11");
        }
    }

    @Test
    void tlsBrokenAdvertisesStartTlsAndAnswers454() throws IOException {
        start(Scenario.TLS_BROKEN);
        try (LabClient c = LabClient.greeted(lab)) {
            assertThat(c.cmd("EHLO client.example")).contains("250-STARTTLS\r\n");
            assertThat(c.cmd("STARTTLS")).isEqualTo("454 4.7.0 TLS not available due to temporary reason\r\n");
            assertThat(c.cmd("MAIL FROM:<a@example.com>")).startsWith("250");
        }
    }

    @Test
    void starttlsInjectionSendsExtraLinesInTheSameReadAsThe220() throws IOException {
        start(Scenario.STARTTLS_INJECTION);
        try (LabClient c = LabClient.ehlo(lab)) {
            c.send("STARTTLS");
            assertThat(new String(c.readOnce(), StandardCharsets.US_ASCII))
                    .isEqualTo("220 2.0.0 Ready to start TLS\r\n250-PIPELINING\r\n250 AUTH PLAIN\r\n");
            c.handshake(lab);
            assertThat(c.cmd("EHLO client.example")).startsWith("250-lab.example Hello").contains("250-REQUIRETLS");
        }
    }

    @Test
    void authBeforeTlsOffersPlainAndLoginInClearText() throws IOException {
        start(Scenario.AUTH_BEFORE_TLS);
        try (LabClient c = LabClient.greeted(lab)) {
            assertThat(c.cmd("EHLO client.example")).contains("250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n");
            assertThat(c.cmd("AUTH CRAM-MD5")).startsWith("538 5.7.11");
            assertThat(c.cmd("AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=")).isEqualTo("235 2.7.0 Authentication successful\r\n");
        }
        try (LabClient c = LabClient.ehlo(lab)) {
            c.startTls(lab);
            assertThat(c.cmd("EHLO client.example")).contains("250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-1 SCRAM-SHA-256\r\n");
        }
    }

    @Test
    void sizeLimitAnnounces10KiBAndRefusesBiggerMessages() throws IOException {
        start(Scenario.SIZE_LIMIT);
        try (LabClient c = LabClient.greeted(lab)) {
            assertThat(c.cmd("EHLO client.example")).contains("250-SIZE 10240\r\n");
            assertThat(c.cmd("MAIL FROM:<a@example.com> SIZE=10241"))
                    .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size (10240 octets)\r\n");
            c.cmd("MAIL FROM:<a@example.com> SIZE=10240");
            c.cmd("RCPT TO:<b@lab.example>");
            c.cmd("DATA");
            assertThat(c.cmd("y".repeat(20000) + "\r\n.")).startsWith("552 5.3.4");
        }
        assertThat(lab.messages()).isEmpty();
    }

    @Test
    void greylistDefersTheFirstAttemptOfEachPair() throws IOException {
        start(Scenario.GREYLIST);
        try (LabClient c = LabClient.ehlo(lab)) {
            c.cmd("MAIL FROM:<a@example.com>");
            assertThat(c.cmd("RCPT TO:<b@lab.example>"))
                    .isEqualTo("451 4.7.1 <b@lab.example>: Greylisted, please try again later\r\n");
            assertThat(c.cmd("RCPT TO:<b@lab.example>")).startsWith("250 2.1.5");
            assertThat(c.cmd("RCPT TO:<c@lab.example>")).startsWith("451 4.7.1");
        }
        try (LabClient c = LabClient.ehlo(lab)) {
            c.cmd("MAIL FROM:<A@example.com>");
            assertThat(c.cmd("RCPT TO:<c@lab.example>")).startsWith("250 2.1.5");
            c.cmd("RSET");
            c.cmd("MAIL FROM:<other@example.com>");
            assertThat(c.cmd("RCPT TO:<c@lab.example>")).startsWith("451 4.7.1");
        }
    }

    @Test
    void slowPausesBeforeEachReply() throws IOException {
        start(Scenario.SLOW, b -> b.slowDelay(Duration.ofMillis(200)));
        try (LabClient c = LabClient.greeted(lab)) {
            long t0 = System.nanoTime();
            assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 OK\r\n");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        }
    }

    @Test
    void trickleSendsOneByteAtATime() throws IOException {
        start(Scenario.TRICKLE, b -> b.trickleDelay(Duration.ofMillis(3)));
        try (LabClient c = LabClient.connect(lab)) {
            byte[] first = c.readOnce();
            assertThat(first).containsExactly('2');
            assertThat("2" + c.reply()).isEqualTo("220 lab.example ESMTP SMTP Explorer lab, scenario trickle\r\n");
            assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 OK\r\n");
        }
    }

    @Test
    void dropMidDataClosesTheConnectionWithoutAReply() throws IOException {
        start(Scenario.DROP_MID_DATA, b -> b.dropAfterBytes(10));
        try (LabClient c = LabClient.ehlo(lab)) {
            c.cmd("MAIL FROM:<a@example.com>");
            c.cmd("RCPT TO:<b@lab.example>");
            assertThat(c.cmd("DATA")).startsWith("354");
            c.sendRaw(bytes("Subject: this will not arrive\r\n\r\nbody\r\n.\r\n"));
            assertThat(c.closedByServer()).isTrue();
        }
        try (LabClient c = LabClient.ehlo(lab)) {
            c.cmd("MAIL FROM:<a@example.com>");
            c.cmd("RCPT TO:<b@lab.example>");
            c.sendRaw(bytes("BDAT 6\r\nabcdefBDAT 6 LAST\r\nghijkl"));
            assertThat(c.reply()).isEqualTo("250 2.0.0 6 octets received\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(lab.messages()).isEmpty();
        assertThat(lab.serverLog().lines()).filteredOn(l -> l.text().startsWith("drop-mid-data")).hasSize(2);
    }

    @Test
    void noPipeliningRefusesCommandsSentAheadOfTheirReply() throws IOException {
        start(Scenario.NO_PIPELINING);
        try (LabClient c = LabClient.greeted(lab)) {
            assertThat(c.cmd("EHLO client.example")).doesNotContain("PIPELINING");
            c.sendRaw(bytes("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@lab.example>\r\n"));
            assertThat(c.replies(2)).containsExactly("503 5.5.0 Improper use of SMTP command pipelining\r\n",
                    "503 5.5.1 Need MAIL before RCPT\r\n");
            assertThat(c.cmd("MAIL FROM:<a@example.com>")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<b@lab.example>")).startsWith("250");
            // The chunk that follows a BDAT line in the same write is its payload, not a command sent ahead.
            c.sendRaw(bytes("BDAT 4 LAST\r\nhi\r\n"));
            assertThat(c.replies(1).get(0)).startsWith("250");
        }
    }

    @Test
    void noChunkingAnswers502AndReadsTheChunkAsCommands() throws IOException {
        start(Scenario.NO_CHUNKING);
        try (LabClient c = LabClient.ehlo(lab)) {
            c.cmd("MAIL FROM:<a@example.com>");
            assertThat(c.cmd("MAIL FROM:<a@example.com> BODY=BINARYMIME")).startsWith("503");
            c.cmd("RCPT TO:<b@lab.example>");
            c.sendRaw(bytes("BDAT 6 LAST\r\nNOOP\r\n"));
            assertThat(c.replies(2)).containsExactly("502 5.5.1 BDAT not implemented: CHUNKING was not offered\r\n",
                    "250 2.0.0 OK\r\n");
            c.cmd("DATA");
            assertThat(c.cmd("plain old DATA\r\n.")).startsWith("250 2.0.0 Message accepted");
        }
        try (LabClient c = LabClient.greeted(lab)) {
            assertThat(c.cmd("EHLO client.example")).doesNotContain("CHUNKING").doesNotContain("BINARYMIME");
        }
    }

    private static final String SMUGGLING = "Subject: x\r\n\r\nhello\n.\nMAIL FROM:<smuggled@evil.test>\r\n"
            + "RCPT TO:<victim@lab.example>\r\nDATA\r\nsmuggled\r\n.\r\n";

    private List<String> smuggle() throws IOException {
        try (LabClient c = LabClient.ehlo(lab)) {
            c.cmd("MAIL FROM:<a@example.com>");
            c.cmd("RCPT TO:<b@lab.example>");
            c.cmd("DATA");
            c.sendRaw(bytes(SMUGGLING));
            List<String> replies = lab.scenario() == Scenario.LF_TOLERANT ? c.replies(5) : c.replies(1);
            c.cmd("QUIT");
            return replies;
        }
    }

    @Test
    void lfTolerantEndsDataAtBareLfDotBareLfSoTheRestIsSmuggled() throws IOException {
        start(Scenario.LF_TOLERANT);
        assertThat(smuggle()).containsExactly("250 2.0.0 Message accepted as 1\r\n",
                "250 2.1.0 Sender <smuggled@evil.test> OK\r\n", "250 2.1.5 Recipient <victim@lab.example> OK\r\n",
                "354 End data with <CR><LF>.<CR><LF>\r\n", "250 2.0.0 Message accepted as 2\r\n");
        assertThat(lab.messages()).extracting(ReceivedMessage::contentAsString)
                .containsExactly("Subject: x\r\n\r\nhello\n", "smuggled\r\n");
    }

    @Test
    void modernKeepsBareLfAsContent() throws IOException {
        start(Scenario.MODERN);
        assertThat(smuggle()).containsExactly("250 2.0.0 Message accepted as 1\r\n");
        assertThat(lab.messages()).singleElement().satisfies(m -> assertThat(m.contentAsString())
                .isEqualTo("Subject: x\r\n\r\nhello\n.\nMAIL FROM:<smuggled@evil.test>\r\n"
                        + "RCPT TO:<victim@lab.example>\r\nDATA\r\nsmuggled\r\n"));
    }

    @Test
    void strictCrlfRefusesBareLineEnds() throws IOException {
        start(Scenario.STRICT_CRLF);
        assertThat(smuggle()).containsExactly(
                "554 5.6.0 Message refused: bare LF at offset 19; lines must end in CRLF (RFC 5321 §2.3.8)\r\n");
        assertThat(lab.messages()).isEmpty();
        try (LabClient c = LabClient.ehlo(lab)) {
            c.sendRaw(bytes("NOOP\n"));
            assertThat(c.reply()).isEqualTo(
                    "500 5.5.2 Command line ended in a bare LF; SMTP lines end in CRLF (RFC 5321 §2.3.8)\r\n");
            c.cmd("MAIL FROM:<a@example.com>");
            c.cmd("RCPT TO:<b@lab.example>");
            c.cmd("DATA");
            assertThat(c.cmd("bare CR\rhere\r\n.")).startsWith("554 5.6.0 Message refused: bare CR at offset 7");
        }
    }

    @Test
    void garbageBreaksTheReplyGrammar() throws IOException {
        start(Scenario.GARBAGE, b -> b.garbageLines(3000));
        try (LabClient c = LabClient.greeted(lab)) {
            c.send("EHLO client.example");
            assertThat(c.line()).isEqualTo("250-lab.example Hello client.example\r\n");
            assertThat(c.line()).isEqualTo("25O-8BITMIME\r\n");
            int lines = 0;
            String line;
            while ((line = c.line()) != null) {
                assertThat(line).startsWith("250-X-GARBAGE-");
                lines++;
            }
            assertThat(lines).isEqualTo(3000);
        }
        try (LabClient c = LabClient.greeted(lab)) {
            byte[] helo = bytes(c.cmd("HELO client.example"));
            assertThat(helo).isEqualTo(bytes("250lab.example Hello\r\n"));
            assertThatThrownBy(() -> new ReplyParser().feed(helo)).isInstanceOf(SmtpException.class)
                    .hasMessageContaining("after the code");
            c.send("NOOP");
            byte[] noop = bytes(c.line() + c.line());
            assertThat(noop).isEqualTo(bytes("250-Working on it\r\n550 5.0.0 Changed my mind\r\n"));
            assertThatThrownBy(() -> new ReplyParser().feed(noop)).isInstanceOf(SmtpException.class)
                    .hasMessageContaining("changes its code");
        }
    }

    @Test
    void garbageEhloCannotBeParsed() throws IOException {
        start(Scenario.GARBAGE, b -> b.garbageLines(10));
        try (LabClient c = LabClient.greeted(lab)) {
            c.send("EHLO client.example");
            byte[] head = bytes(c.line() + c.line());
            assertThat(Arrays.asList(new String(head, StandardCharsets.US_ASCII).split("\r\n")))
                    .containsExactly("250-lab.example Hello client.example", "25O-8BITMIME");
            assertThatThrownBy(() -> new ReplyParser().feed(head)).isInstanceOf(SmtpException.class)
                    .hasMessageContaining("does not start with a code");
        }
    }
}
