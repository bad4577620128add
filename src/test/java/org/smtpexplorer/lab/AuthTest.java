package org.smtpexplorer.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.exception.ScramException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.engine.Redaction;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.engine.auth.Mechanisms;
import org.smtpexplorer.engine.auth.SaslMechanism;

class AuthTest {
    @TempDir
    Path dir;
    LabServer lab;

    @BeforeEach
    void start() throws IOException {
        lab = LabServer.start(LabConfig.builder().dataDir(dir).user("carol", "s3cret:with colon").build());
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private LabClient tlsSession() throws IOException {
        LabClient c = LabClient.ehlo(lab);
        c.startTls(lab);
        c.cmd("EHLO client.example");
        return c;
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] challenge(String reply) {
        assertThat(reply).startsWith("334 ").endsWith("\r\n");
        return Base64.getDecoder().decode(reply.substring(4).strip());
    }

    /** Runs a whole exchange with the engine's own client side of {@code mechanism}; returns the final reply. */
    private static String authenticate(LabClient c, SaslMechanism m) throws IOException {
        byte[] ir = m.initialResponse();
        String reply = c.cmd("AUTH " + m.name() + (ir == null ? "" : " " + (ir.length == 0 ? "=" : b64(ir))));
        while (reply.startsWith("334 ")) {
            reply = c.cmd(b64(m.respond(challenge(reply))));
        }
        if (reply.startsWith("235")) {
            m.succeeded();
        }
        return reply;
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"})
    void everyMechanismAcceptsTheRightPassword(String mechanism) throws IOException {
        try (LabClient c = tlsSession()) {
            SaslMechanism m = Mechanisms.create(mechanism, new Credentials("alice", "wonderland".toCharArray()),
                    "127.0.0.1", lab.port());
            assertThat(authenticate(c, m)).isEqualTo("235 2.7.0 Authentication successful\r\n");
            assertThat(c.cmd("AUTH PLAIN")).isEqualTo("503 5.5.1 Already authenticated\r\n");
        }
        assertThat(lab.serverLog().lines()).anyMatch(l -> l.text().equals("authenticated as alice with " + mechanism));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"})
    void everyMechanismRefusesAWrongPasswordWith535(String mechanism) throws IOException {
        try (LabClient c = tlsSession()) {
            SaslMechanism m = Mechanisms.create(mechanism, new Credentials("alice", "looking-glass".toCharArray()),
                    "127.0.0.1", lab.port());
            assertThat(authenticate(c, m)).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
            SaslMechanism unknown = Mechanisms.create(mechanism, new Credentials("mallory", "x".toCharArray()),
                    "127.0.0.1", lab.port());
            assertThat(authenticate(c, unknown)).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
            SaslMechanism right = Mechanisms.create(mechanism, new Credentials("bob", "builder".toCharArray()),
                    "127.0.0.1", lab.port());
            assertThat(authenticate(c, right)).startsWith("235 2.7.0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-1", "SCRAM-SHA-256"})
    void scramWorksWithTheOngresClientAndTheServerProvesItKnowsThePassword(String mechanism) throws Exception {
        try (LabClient c = tlsSession()) {
            ScramClient scram = ScramClient.builder().advertisedMechanisms(List.of(mechanism))
                    .username("carol").password("s3cret:with colon".toCharArray()).build();
            String serverFirst = new String(challenge(c.cmd("AUTH " + mechanism + " "
                    + b64(scram.clientFirstMessage().toString()))), StandardCharsets.UTF_8);
            assertThat(serverFirst).matches("r=.+,s=.+,i=4096");
            scram.serverFirstMessage(serverFirst);
            String serverFinal = new String(challenge(c.cmd(b64(scram.clientFinalMessage().toString()))),
                    StandardCharsets.UTF_8);
            assertThat(serverFinal).startsWith("v=");
            scram.serverFinalMessage(serverFinal);
            assertThat(c.cmd("")).isEqualTo("235 2.7.0 Authentication successful\r\n");
        }
    }

    @Test
    void scramWithTheWrongPasswordFailsAtTheClientProof() throws Exception {
        try (LabClient c = tlsSession()) {
            ScramClient scram = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256"))
                    .username("alice").password("not-it".toCharArray()).build();
            scram.serverFirstMessage(new String(challenge(c.cmd("AUTH SCRAM-SHA-256 "
                    + b64(scram.clientFirstMessage().toString()))), StandardCharsets.UTF_8));
            assertThat(c.cmd(b64(scram.clientFinalMessage().toString())))
                    .isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
        }
    }

    @Test
    void aScramClientNoticesAForgedServerSignature() throws Exception {
        ScramClient scram = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256"))
                .username("alice").password("wonderland".toCharArray()).build();
        try (LabClient c = tlsSession()) {
            scram.serverFirstMessage(new String(challenge(c.cmd("AUTH SCRAM-SHA-256 "
                    + b64(scram.clientFirstMessage().toString()))), StandardCharsets.UTF_8));
            challenge(c.cmd(b64(scram.clientFinalMessage().toString())));
        }
        // Sanity check of the test itself: the client library does verify what the lab sends as server-final.
        assertThatThrownBy(() -> scram.serverFinalMessage("v=" + b64(new byte[32])))
                .isInstanceOf(ScramException.class);
    }

    @Test
    void plainWithoutInitialResponseGetsAnEmptyChallenge() throws IOException {
        try (LabClient c = tlsSession()) {
            assertThat(c.cmd("AUTH PLAIN")).isEqualTo("334 \r\n");
            assertThat(c.cmd(b64("\0alice\0wonderland"))).startsWith("235 2.7.0");
        }
    }

    @Test
    void plainWithTheEmptyInitialResponseFails() throws IOException {
        try (LabClient c = tlsSession()) {
            assertThat(c.cmd("AUTH PLAIN =")).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
            assertThat(c.cmd("AUTH PLAIN " + b64("alice\0alice\0wonderland"))).startsWith("235 2.7.0");
        }
        assertThat(lab.serverLog().lines()).anyMatch(l -> l.text().startsWith("PLAIN failed: PLAIN message is not"));
    }

    @Test
    void plainRefusesActingAsSomeoneElse() throws IOException {
        try (LabClient c = tlsSession()) {
            assertThat(c.cmd("AUTH PLAIN " + b64("bob\0alice\0wonderland"))).startsWith("535 5.7.8");
        }
    }

    @Test
    void loginAcceptsTheUserNameAsInitialResponse() throws IOException {
        try (LabClient c = tlsSession()) {
            assertThat(challenge(c.cmd("AUTH LOGIN " + b64("bob")))).asString().isEqualTo("Password:");
            assertThat(c.cmd(b64("builder"))).startsWith("235 2.7.0");
        }
    }

    @Test
    void cancelAndUndecodableResponses() throws IOException {
        try (LabClient c = tlsSession()) {
            assertThat(challenge(c.cmd("AUTH LOGIN"))).asString().isEqualTo("Username:");
            assertThat(c.cmd("*")).isEqualTo("501 5.7.0 Authentication cancelled\r\n");
            c.cmd("AUTH LOGIN");
            assertThat(c.cmd("not base64!")).isEqualTo("501 5.5.2 Cannot decode the response: it is not base64\r\n");
            assertThat(c.cmd("AUTH PLAIN %%%")).isEqualTo("501 5.5.2 Cannot decode the response: it is not base64\r\n");
            assertThat(c.cmd("AUTH CRAM-MD5 " + b64("x"))).startsWith("501 5.5.2 CRAM-MD5 does not take");
            assertThat(c.cmd("AUTH PLAIN a b")).isEqualTo("501 5.5.4 Syntax: AUTH mechanism [initial-response]\r\n");
            assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 OK\r\n");
        }
    }

    @Test
    void authLinesMayBeLongerThanCommandLinesUpTo12288Octets() throws IOException {
        try (LabClient c = tlsSession()) {
            String longIr = b64("\0alice\0" + "w".repeat(6000));
            assertThat(c.cmd("AUTH PLAIN " + longIr)).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
            assertThat(c.cmd("AUTH PLAIN " + "A".repeat(13000)))
                    .isEqualTo("500 5.5.6 Authentication exchange line is too long\r\n");
            c.cmd("AUTH LOGIN");
            assertThat(c.cmd("A".repeat(13000))).isEqualTo("500 5.5.6 Authentication exchange line is too long\r\n");
            assertThat(c.cmd("NOOP")).isEqualTo("250 2.0.0 OK\r\n");
        }
    }

    @Test
    void authNeedsEhloAndIsRefusedWithoutTlsByDefault() throws IOException {
        try (LabClient c = LabClient.greeted(lab)) {
            assertThat(c.cmd("AUTH PLAIN " + b64("\0alice\0wonderland"))).isEqualTo("503 5.5.1 Send EHLO first\r\n");
            c.cmd("HELO client.example");
            assertThat(c.cmd("AUTH PLAIN " + b64("\0alice\0wonderland"))).isEqualTo("503 5.5.1 Send EHLO first\r\n");
            c.cmd("EHLO client.example");
            assertThat(c.cmd("AUTH SCRAM-SHA-256"))
                    .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism\r\n");
        }
    }

    @Test
    void authBeforeTlsWhenConfigured(@TempDir Path other) throws IOException {
        try (LabServer open = LabServer.start(LabConfig.builder().dataDir(other).authBeforeTls(true).build());
             LabClient c = LabClient.greeted(open)) {
            assertThat(c.cmd("EHLO client.example")).contains("250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-1 SCRAM-SHA-256\r\n");
            assertThat(c.cmd("AUTH PLAIN " + b64("\0alice\0wonderland"))).startsWith("235 2.7.0");
        }
    }

    @Test
    void reusableSecretsAreMaskedInTheServerLog() throws IOException {
        String ir = b64("\0alice\0wonderland");
        try (LabClient c = tlsSession()) {
            c.cmd("AUTH PLAIN " + ir);
        }
        try (LabClient c = tlsSession()) {
            c.cmd("AUTH LOGIN");
            c.cmd(b64("alice"));
            c.cmd(b64("wonderland"));
        }
        assertThat(lab.serverLog().lines()).extracting(LogLine::text)
                .contains("AUTH PLAIN " + Redaction.MARK, "AUTH LOGIN", Redaction.MARK)
                .noneMatch(t -> t.contains(ir) || t.contains(b64("wonderland")));
    }

    /**
     * The challenge-response mechanisms send no password, but their responses are still secrets to keep out of the
     * log: a CRAM-MD5 digest can be cracked offline against the challenge beside it, and a SCRAM client proof with
     * its nonce likewise. Every response line the client sent is replaced by the marker.
     */
    @ParameterizedTest
    @ValueSource(strings = {"CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"})
    void challengeResponseAnswersAreMaskedInTheServerLogToo(String mechanism) throws IOException {
        List<String> sent = new java.util.ArrayList<>();
        int lines = 0;
        try (LabClient c = tlsSession()) {
            SaslMechanism m = Mechanisms.create(mechanism, new Credentials("alice", "wonderland".toCharArray()),
                    "127.0.0.1", lab.port());
            byte[] ir = m.initialResponse();
            String first = "AUTH " + m.name() + (ir == null ? "" : " " + b64(ir));
            String reply = c.cmd(first);
            while (reply.startsWith("334 ")) {
                String response = b64(m.respond(challenge(reply)));
                lines++;
                if (!response.isEmpty()) {
                    // SCRAM's last answer is empty: nothing to hide, but it is masked like every answer.
                    sent.add(response);
                }
                reply = c.cmd(response);
            }
            assertThat(reply).startsWith("235 2.7.0");
            if (ir != null) {
                sent.add(b64(ir));
                lines++;
            }
        }
        assertThat(sent).isNotEmpty();
        List<String> logged = lab.serverLog().lines().stream().map(LogLine::text).toList();
        assertThat(logged).contains("authenticated as alice with " + mechanism);
        for (String secret : sent) {
            assertThat(logged).noneMatch(t -> t.contains(secret));
        }
        long masked = logged.stream().filter(t -> t.equals(Redaction.MARK) || t.endsWith(" " + Redaction.MARK))
                .count();
        assertThat(masked).as("one marker per response line").isEqualTo(lines);
    }

    @Test
    void anAuthenticatedSessionMayMailAnyDomainAndTheUserIsRecorded() throws IOException {
        try (LabClient c = tlsSession()) {
            assertThat(c.cmd("MAIL FROM:<alice@lab.example>")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<someone@elsewhere.test>")).startsWith("554 5.7.1 <someone@elsewhere.test>: Relay access denied");
            c.cmd("RSET");
            c.cmd("AUTH PLAIN " + b64("\0alice\0wonderland"));
            c.cmd("MAIL FROM:<alice@lab.example> AUTH=alice@lab.example");
            assertThat(c.cmd("RCPT TO:<someone@elsewhere.test>")).startsWith("250 2.1.5");
            c.cmd("DATA");
            assertThat(c.cmd("Subject: hi\r\n\r\nhello\r\n.")).startsWith("250 2.0.0 Message accepted as 1");
        }
        ReceivedMessage m = lab.messages().get(0);
        assertThat(m.session().authUser()).isEqualTo("alice");
        assertThat(m.session().tls()).isTrue();
        assertThat(m.session().tlsProtocol()).startsWith("TLSv1.");
        assertThat(m.envelope().auth()).isEqualTo("alice@lab.example");
    }
}
