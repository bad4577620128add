package org.smtpexplorer.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.auth.AuthExchange;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.engine.auth.Mechanisms;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.testing.TestCerts;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptExport;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.TlsSettings;

/**
 * AUTH and secrets (RFC 4954 §4, §14): a password or token never appears in anything that leaves the process:
 * standard output and error, the --transcript and --json files (the JSON's base64 "raw" fields decoded too), the
 * exported transcript and the failure's exception chain. Searched for: the secret, its base64 at every alignment,
 * and each SASL message that carries it.
 */
class SecretTest {
    private static final String USER = "alice";
    private static final String SECRET = "S3cr3t-Pa55w0rd!";
    private static final TestCerts.Issued CA = TestCerts.ca("Secret Test CA");
    private static final TestCerts.Issued CERT = TestCerts.server(CA, "localhost", "127.0.0.1");
    private static final String TLS = """
            S: 220 mx.example ESMTP
            C: EHLO localhost
            S: 250-mx.example
            S: 250 STARTTLS
            C: STARTTLS
            S: 220 Ready
            !starttls
            C: EHLO localhost
            """;

    @TempDir
    Path tmp;

    /** Every string whose presence would reveal the secret. */
    private static List<String> needles() {
        List<String> out = new ArrayList<>(List.of(SECRET, b64("\0" + USER + "\0" + SECRET),
                b64("user=" + USER + "\u0001auth=Bearer " + SECRET + "\u0001\u0001")));
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        for (int shift = 0; shift < 3; shift++) {
            // The base64 groups that hold only secret bytes, whatever precedes the secret in the encoded message.
            String encoded = b64("x".repeat(shift) + SECRET);
            out.add(encoded.substring(4 * ((shift + 2) / 3), 4 * ((shift + secret.length) / 3)));
        }
        return out;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertNoSecret(String where, String text) {
        for (String needle : needles()) {
            assertThat(text).as("%s must not contain \"%s\"", where, needle).doesNotContain(needle);
        }
    }

    /** Runs smtpx with AUTH against {@code script}, then searches every output. */
    private Smtpx.Run authRun(String script, String... args) throws Exception {
        Path transcript = tmp.resolve("t.txt");
        Path json = tmp.resolve("t.json");
        Path password = Files.writeString(tmp.resolve("pw"), SECRET);
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(script), ScriptedServer.Mode.WHOLE,
                CERT.serverContext())) {
            List<String> all = new ArrayList<>(List.of("--timeout", "5", "--trust-cert",
                    CA.writePem(tmp, "ca.pem").toString(), "--user", USER, "--password-file", password.toString(),
                    "--transcript", transcript.toString(), "--json", json.toString(), "--quit-after", "auth"));
            all.addAll(List.of(args));
            Smtpx.Run run = Smtpx.send(server.port(), all.toArray(String[]::new));
            assertThat(server.await()).as(run.describe()).isEmpty();
            assertNoSecret("stdout", run.out());
            assertNoSecret("stderr", run.err());
            assertNoSecret("--transcript file", Files.readString(transcript));
            String jsonText = Files.readString(json);
            assertNoSecret("--json file", jsonText);
            for (JsonNode entry : new ObjectMapper().readTree(jsonText).get("entries")) {
                if (entry.has("raw")) {
                    assertNoSecret("decoded raw of JSON entry " + entry.get("seq"),
                            new String(entry.get("raw").binaryValue(), StandardCharsets.UTF_8));
                }
            }
            assertThat(run.out()).contains("<redacted>");
            return run;
        }
    }

    @Test
    void plainOverTlsSucceedsAndIsRedactedEverywhere() throws Exception {
        Smtpx.Run run = authRun(TLS + """
                S: 250-mx.example
                S: 250 AUTH PLAIN
                C: AUTH PLAIN %s
                S: 235 2.7.0 ok
                C: QUIT
                S: 221 bye
                """.formatted(b64("\0" + USER + "\0" + SECRET)), "--security", "starttls", "--auth", "PLAIN");
        assertThat(run.exit()).as(run.describe()).isZero();
        assertThat(run.out()).contains("C: AUTH PLAIN <redacted>").contains("* Authenticated as alice with PLAIN");
    }

    /** A server asking again with an empty 334 gets the secret again: that line is redacted too. */
    @Test
    void plainSentTwiceAfterAnEmptyChallengeIsRedactedBothTimes() throws Exception {
        Smtpx.Run run = authRun(TLS + """
                S: 250-mx.example
                S: 250 AUTH PLAIN
                C: AUTH PLAIN %1$s
                S: 334
                C: %1$s
                S: 535 5.7.8 Authentication credentials invalid
                C: QUIT
                S: 221 bye
                """.formatted(b64("\0" + USER + "\0" + SECRET)), "--security", "starttls", "--auth", "PLAIN");
        assertThat(run.exit()).as(run.describe()).isEqualTo(5);
        assertThat(run.out()).contains("C: AUTH PLAIN <redacted>\nS: 334\nC: <redacted>");
    }

    /** LOGIN refused with 535: no other mechanism is tried, and neither user name nor password shows. */
    @Test
    void login535DoesNotFallBackAndLeaksNothing() throws Exception {
        Smtpx.Run run = authRun(TLS + """
                S: 250-mx.example
                S: 250 AUTH LOGIN PLAIN CRAM-MD5
                C: AUTH LOGIN
                S: 334 VXNlcm5hbWU6
                C: %s
                S: 334 UGFzc3dvcmQ6
                C: %s
                S: 535 5.7.8 Authentication credentials invalid
                C: QUIT
                S: 221 bye
                """.formatted(b64(USER), b64(SECRET)), "--security", "starttls", "--auth", "LOGIN");
        assertThat(run.exit()).as(run.describe()).isEqualTo(5);
        assertThat(run.err()).isEqualTo("smtpx send: authentication failed: AUTH LOGIN failed: 535 5.7.8"
                + " Authentication credentials invalid\n");
        assertThat(run.out().split("C: AUTH", -1)).hasSize(2);
    }

    /** --auth auto picks the strongest offered; after its 535 the weaker PLAIN is not tried. */
    @Test
    void autoDoesNotFallBackToAWeakerMechanismAfter535() throws Exception {
        Smtpx.Run run = authRun(TLS + """
                S: 250-mx.example
                S: 250 AUTH PLAIN LOGIN CRAM-MD5
                C: AUTH CRAM-MD5
                S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UuZXhhbXBsZS5uZXQ+
                C: %s
                S: 535 5.7.8 Authentication credentials invalid
                C: QUIT
                S: 221 bye
                """.formatted(cramMd5("<1896.697170952@postoffice.example.net>")), "--security", "starttls",
                "--auth", "auto");
        assertThat(run.exit()).as(run.describe()).isEqualTo(5);
        assertThat(run.out()).contains("* AUTH auto: chose CRAM-MD5 from PLAIN LOGIN CRAM-MD5")
                .doesNotContain("C: AUTH PLAIN").doesNotContain("C: AUTH LOGIN");
    }

    @Test
    void xoauth2TokenNeverShowsEvenWhenTheServerReportsAnError() throws Exception {
        Smtpx.Run run = authRun(TLS + """
                S: 250-mx.example
                S: 250 AUTH XOAUTH2
                C: AUTH XOAUTH2 %s
                S: 334 eyJzdGF0dXMiOiI0MDEifQ==
                C:
                S: 535 5.7.8 Username and Password not accepted
                C: QUIT
                S: 221 bye
                """.formatted(b64("user=" + USER + "\u0001auth=Bearer " + SECRET + "\u0001\u0001")),
                "--security", "starttls", "--auth", "XOAUTH2");
        assertThat(run.exit()).as(run.describe()).isEqualTo(5);
        assertThat(run.err()).contains("(server said: {\"status\":\"401\"})");
    }

    /** A SCRAM server-first message with a foreign nonce: refused with the library's reason, and no proof is sent. */
    @Test
    void scramWithAForeignNonceFailsWithoutSendingAProof() throws Exception {
        Smtpx.Run run = authRun(TLS + """
                S: 250-mx.example
                S: 250 AUTH SCRAM-SHA-256
                C^ AUTH SCRAM-SHA-256 biwsbj1hbGljZSxy
                S: 334 %s
                !expect-eof
                """.formatted(b64("r=not-the-client-nonce,s=QSXCR+Q6sek8bf92,i=4096")),
                "--security", "starttls", "--auth", "SCRAM-SHA-256");
        assertThat(run.exit()).as(run.describe()).isEqualTo(5);
        assertThat(run.err()).startsWith("smtpx send: authentication failed: SCRAM-SHA-256 failed: ");
        assertThat(run.out().split("C: ", -1)).as("EHLO, STARTTLS, EHLO and AUTH only").hasSize(5);
    }

    /**
     * RFC 5802 §9: an iteration count of two billion would keep the client deriving a key for minutes, far past
     * --timeout, since the derivation cannot be interrupted. It is refused at once, naming the count; no proof is sent.
     */
    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void scramWithAHugeIterationCountFailsAtOnceWithoutSendingAProof() throws Exception {
        Smtpx.Run run = authRun(TLS + """
                S: 250-mx.example
                S: 250 AUTH SCRAM-SHA-256
                C^ AUTH SCRAM-SHA-256 biwsbj1hbGljZSxy
                !scram-server-first QSXCR+Q6sek8bf92 2000000000
                !expect-eof
                """, "--security", "starttls", "--auth", "SCRAM-SHA-256");
        assertThat(run.exit()).as(run.describe()).isEqualTo(5);
        assertThat(run.err()).isEqualTo("smtpx send: authentication failed: SCRAM-SHA-256 failed: the server asks"
                + " for 2000000000 iterations, and more than 1000000 are refused: a hostile server could keep this"
                + " client computing for minutes (RFC 5802 §9)\n");
        assertThat(run.out().split("C: ", -1)).as("EHLO, STARTTLS, EHLO and AUTH only").hasSize(5);
        assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(5));
    }

    /** RFC 7677 §4 asks for at least 4096 iterations: one still works with old servers, but the output says so. */
    @Test
    void scramWithALowIterationCountGoesOnWithAVisibleWarning() throws Exception {
        Smtpx.Run run = authRun(TLS + """
                S: 250-mx.example
                S: 250 AUTH SCRAM-SHA-256
                C^ AUTH SCRAM-SHA-256 biwsbj1hbGljZSxy
                !scram-server-first QSXCR+Q6sek8bf92 1
                C^ Yz1iaXdzLHI9
                S: 535 5.7.8 Authentication credentials invalid
                C: QUIT
                S: 221 bye
                """, "--security", "starttls", "--auth", "SCRAM-SHA-256");
        assertThat(run.exit()).as(run.describe()).isEqualTo(5);
        assertThat(run.out()).contains("\n* Warning: the server asks for only 1 SCRAM iteration; RFC 7677 §4 asks for"
                + " at least 4096. The proof this client sends is that much cheaper to attack offline, by anyone who"
                + " records it\nC: <redacted>\nS: 535");
    }

    /** The Java API: the failure, its causes and every export of the transcript are free of the secret. */
    @Test
    void theFailureAndItsCausesCarryNoSecret() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(TLS + """
                S: 250-mx.example
                S: 250 AUTH PLAIN
                C: AUTH PLAIN %s
                S: 535 5.7.8 no
                C: QUIT
                S: 221 bye
                """.formatted(b64("\0" + USER + "\0" + SECRET))), ScriptedServer.Mode.WHOLE, CERT.serverContext())) {
            SendRequest.Builder r = SendRequest.builder();
            r.connection(ConnectOptions.of("127.0.0.1", server.port(), SecurityMode.STARTTLS,
                    TlsSettings.trusting(CA.writePem(tmp, "ca.pem"))));
            r.authMechanism("PLAIN");
            r.credentials(new Credentials(USER, SECRET.toCharArray()));
            r.from("a@example.com");
            r.to(List.of("b@example.com"));
            r.message(MessageSource.of("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII), "test"));
            Transcript transcript = new Transcript();
            SendResult result = new Session(r.build(), transcript).send();
            assertThat(server.await()).isEmpty();
            assertThat(result.failure().failureClass()).isEqualTo(FailureClass.AUTH);
            for (Throwable t = result.failure(); t != null; t = t.getCause()) {
                assertNoSecret("exception " + t.getClass().getSimpleName(), String.valueOf(t.getMessage()));
                assertNoSecret("exception toString", t.toString());
            }
            assertNoSecret("request credentials", r.build().credentials().toString());
            assertNoSecret("request", r.build().toString());
            assertNoSecret("text export", TranscriptExport.toText(transcript.entries(), false));
            assertNoSecret("JSON export", TranscriptExport.toJson(transcript.entries(), false));
            // The in-memory transcript keeps the exact bytes, so the search above would have found a leak.
            assertThat(TranscriptExport.toText(transcript.entries(), true)).contains(needles().get(1));
        }
    }

    /** Without TLS, mechanisms that send a reusable secret are refused before AUTH goes out (RFC 4954 §4). */
    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER"})
    void plaintextMechanismsAreRefusedWithoutTls(String mechanism) throws Exception {
        Path password = Files.writeString(tmp.resolve("pw"), SECRET);
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 AUTH PLAIN LOGIN XOAUTH2 OAUTHBEARER
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--auth", mechanism, "--user", USER,
                    "--password-file", password.toString(), "--quit-after", "auth");
            assertThat(server.await()).as(run.describe()).isEmpty();
            assertThat(run.exit()).as(run.describe()).isEqualTo(9);
            assertThat(run.err()).contains("AUTH " + mechanism + " would send the").contains("this connection has"
                    + " no TLS");
            assertThat(run.out()).doesNotContain("C: AUTH");
        }
    }

    @Test
    void challengeResponseMechanismsMayRunWithoutTls() {
        Credentials c = new Credentials(USER, SECRET.toCharArray());
        for (String mechanism : List.of("CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256")) {
            assertThat(AuthExchange.create(Mechanisms.create(mechanism, c, "h", 25), false, false).start().line())
                    .startsWith("AUTH " + mechanism);
        }
    }

    /** CR, LF or NUL in a user name or password could end the AUTH line early: refused, nothing is sent. */
    @ParameterizedTest
    @ValueSource(strings = {"\r", "\n", "\0"})
    void lineBreaksAndNulInCredentialsAreRefused(String bad) {
        String name = bad.equals("\r") ? "CR" : bad.equals("\n") ? "LF" : "NUL";
        assertThatThrownBy(() -> new Credentials("ali" + bad + "ce", SECRET.toCharArray()))
                .hasMessage("user name contains " + name + " at position 4; such characters are refused before"
                        + " anything is sent");
        assertThatThrownBy(() -> new Credentials(USER, ("qq" + bad + "qq").toCharArray()))
                .isInstanceOf(SmtpException.class).hasMessageContaining("password contains " + name + " at position 3")
                .hasMessageNotContaining("qq");
    }

    @Test
    void theCommandLineRefusesSuchCredentialsBeforeConnecting() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path nul = Files.write(tmp.resolve("pw"), ("pa\0" + SECRET).getBytes(StandardCharsets.UTF_8));
            Smtpx.Run byFile = Smtpx.send(listener.getLocalPort(), "--auth", "PLAIN", "--user", USER,
                    "--password-file", nul.toString(), "--quit-after", "auth");
            assertThat(byFile.exit()).as(byFile.describe()).isEqualTo(9);
            assertThat(byFile.err()).isEqualTo("smtpx send: password contains NUL at position 3; such characters are"
                    + " refused before anything is sent\n");
            Smtpx.Run byName = Smtpx.send(listener.getLocalPort(), "--auth", "PLAIN", "--user",
                    "alice\r\nMAIL FROM:<x@y>", "--password-file", nul.toString(), "--quit-after", "auth");
            assertThat(byName.exit()).as(byName.describe()).isEqualTo(9);
            assertThat(byName.err()).contains("user name contains CR at position 6");
            assertNoSecret("stderr", byFile.err() + byName.err());
            listener.setSoTimeout(100);
            assertThatThrownBy(listener::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    private static String cramMd5(String challenge) throws Exception {
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        String hex = HexFormat.of().formatHex(mac.doFinal(challenge.getBytes(StandardCharsets.UTF_8)));
        return b64(USER + " " + hex);
    }
}
