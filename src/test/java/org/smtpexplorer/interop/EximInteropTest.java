package org.smtpexplorer.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.testing.Smtpx;

/**
 * `smtpx send` against a real Exim 4 on loopback, started by src/test/interop/exim-lab.sh (properties file: system
 * property smtpx.exim.properties). Exim offers PIPELINING, CHUNKING, SMTPUTF8, DSN and 8BITMIME, STARTTLS on one
 * port and implicit TLS on another, AUTH PLAIN/LOGIN/CRAM-MD5 only inside TLS, refuses ^reject recipients with 550
 * and ^grey ones with 451. Every delivered message is read back from the sink and compared byte for byte with what
 * was sent, after removing the Return-path, Envelope-to and Received headers Exim adds.
 */
@Tag("exim")
class EximInteropTest {
    private static final String REJECT_TEXT = "550 no such user here (smtpx interop)";
    private static final String GREY_TEXT = "451 greylisted, come back later (smtpx interop)";

    private static SinkLab lab;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadLab() throws IOException {
        lab = SinkLab.load("smtpx.exim.properties", "/tmp/smtpx-interop/exim.properties",
                SinkLab::withoutEximHeaders);
    }

    /** `smtpx send --timeout 30 ARGS`, standard output and error kept apart. */
    private static Smtpx.Run smtpx(List<String> args) {
        List<String> all = new ArrayList<>(List.of("send", "--timeout", "30"));
        all.addAll(args);
        return Smtpx.run(all);
    }

    private static Smtpx.Run smtpx(String... args) {
        return smtpx(List.of(args));
    }

    private static String server(String portKey) {
        return lab.get("host") + ":" + lab.get(portKey);
    }

    /** The STARTTLS port with the lab's CA trusted. */
    private static List<String> starttls() {
        return List.of("--server", server("starttls.port"), "--security", "starttls", "--trust-cert",
                lab.get("ca.pem"));
    }

    private static List<String> plain() {
        return List.of("--server", server("starttls.port"), "--security", "none");
    }

    private static List<String> join(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }

    private Path password() throws IOException {
        return Files.writeString(tmp.resolve("password.txt"), lab.get("password"));
    }

    private Path message(String token, String body) throws IOException {
        return Files.writeString(tmp.resolve(token + ".eml"), "From: alice@example.com\r\nTo: bob@example.com\r\n"
                + "Subject: exim interop " + token + "\r\nMessage-ID: <" + token + "@smtpx.test>\r\n\r\n" + body,
                StandardCharsets.UTF_8);
    }

    private static SinkLab.Delivery delivered(String token) throws Exception {
        return lab.delivered("<" + token + "@smtpx.test>");
    }

    private static String token() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** smtpx's transcript note on a refused recipient ("* Recipient ADDR refused..."), whatever its exact wording. */
    private static String refusal(Smtpx.Run r, String address) {
        return r.out().lines().filter(l -> l.startsWith("* Recipient " + address + " refused")).findFirst()
                .orElseThrow(() -> new AssertionError("no note on the refused recipient " + address + "\n"
                        + r.describe()));
    }

    private static String body() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            body.append(i % 3 == 0 ? "." : "").append("line ").append(i).append(" \u00e9\u00e8 \u65e5\u672c\r\n");
        }
        return body.append(".\r\n..\r\n. \r\nGr\u00fc\u00dfe aus M\u00fcnchen\r\n").toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN", "CRAM-MD5", "auto"})
    void starttlsThenAuth(String mechanism) throws Exception {
        String t = token();
        Path eml = message(t, body());
        Smtpx.Run r = smtpx(join(starttls(), "--auth", mechanism, "--user", lab.get("user"), "--password-file",
                password().toString(), "--from", "alice@example.com", "--to", "bob@example.com", "--eml",
                eml.toString()));
        assertThat(r.exit()).as(r.describe()).isZero();
        String used = mechanism.equals("auto") ? "CRAM-MD5" : mechanism;
        assertThat(r.out()).contains("certificate verified")
                .contains("Authenticated as " + lab.get("user") + " with " + used)
                .doesNotContain(lab.get("password"));
        if (mechanism.equals("auto")) {
            assertThat(r.out()).contains("AUTH auto: chose CRAM-MD5 from");
        }
        SinkLab.Delivery d = delivered(t);
        assertThat(d.content()).isEqualTo(Files.readAllBytes(eml));
        // Exim's Received header: ESMTP with TLS (s) and AUTH (a).
        assertThat(d.storedText()).contains(" with esmtpsa ");
        assertThat(d.sender()).isEqualTo("alice@example.com");
        assertThat(d.recipients()).containsExactly("bob@example.com");
    }

    @Test
    void implicitTlsWithAuthAuto() throws Exception {
        String t = token();
        Path eml = message(t, "implicit TLS\r\n");
        Smtpx.Run r = smtpx("--server", server("implicit.port"), "--security", "implicit", "--trust-cert",
                lab.get("ca.pem"), "--auth", "auto", "--user", lab.get("user"), "--password-file",
                password().toString(), "--from", "alice@example.com", "--to", "bob@example.com", "--eml",
                eml.toString());
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains("certificate verified").contains("AUTH auto: chose CRAM-MD5")
                .doesNotContain("C: STARTTLS");
        assertThat(delivered(t).content()).isEqualTo(Files.readAllBytes(eml));
    }

    @Test
    void noAuthIsOfferedBeforeTls() throws Exception {
        Smtpx.Run r = smtpx(join(plain(), "--auth", "auto", "--user", lab.get("user"), "--password-file",
                password().toString(), "--from", "alice@example.com", "--to", "bob@example.com", "--eml",
                message(token(), "x\r\n").toString()));
        assertThat(r.exit()).as(r.describe()).isEqualTo(5);
        assertThat(r.err()).contains("the server offers no AUTH here").contains("only after STARTTLS");
        assertThat(r.out()).doesNotContain("C: AUTH").doesNotContain("C: MAIL");
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailure() throws Exception {
        Path wrong = Files.writeString(tmp.resolve("wrong.txt"), "not-the-password");
        Smtpx.Run r = smtpx(join(starttls(), "--auth", "PLAIN", "--user", lab.get("user"), "--password-file",
                wrong.toString(), "--from", "alice@example.com", "--to", "bob@example.com", "--eml",
                message(token(), "x\r\n").toString()));
        assertThat(r.exit()).as(r.describe()).isEqualTo(5);
        assertThat(r.out()).contains("S: 535").doesNotContain("C: MAIL").doesNotContain("not-the-password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"data", "bdat"})
    void dotLinesAndUtf8ArriveByteExact(String transfer) throws Exception {
        String t = token();
        Path eml = message(t, body());
        long size = Files.size(eml);
        Smtpx.Run r = smtpx(join(starttls(), "--from", "alice@example.com", "--to", "bob@example.com", "--eml",
                eml.toString(), "--transfer", transfer, "--chunk-size", "100"));
        assertThat(r.exit()).as(r.describe()).isZero();
        if (transfer.equals("bdat")) {
            long chunks = (size + 99) / 100;
            assertThat(r.out()).contains("C: BDAT 100\n").contains("C: BDAT " + (size - (chunks - 1) * 100) + " LAST")
                    .doesNotContain("C: DATA");
            assertThat(r.out().lines().filter(l -> l.startsWith("C: BDAT ")).count()).isEqualTo(chunks);
        } else {
            assertThat(r.out()).contains("C: DATA").doesNotContain("C: BDAT");
        }
        assertThat(r.out()).contains("BODY=8BITMIME");
        assertThat(delivered(t).content()).isEqualTo(Files.readAllBytes(eml));
    }

    @Test
    void smtpUtf8AddressesAreAccepted() throws Exception {
        String t = token();
        String idn = "\u7528\u6237@\u4f8b\u5b50.\u4e2d\u56fd";
        String utf8Local = "jos\u00e9@example.com";
        Path eml = Files.writeString(tmp.resolve("u.eml"), "From: alice@example.com\r\nTo: " + idn + ", " + utf8Local
                + "\r\nSubject: \u4f60\u597d\r\nMessage-ID: <" + t + "@smtpx.test>\r\n\r\n\u4f60\u597d\r\n",
                StandardCharsets.UTF_8);
        Smtpx.Run r = smtpx(join(plain(), "--from", "alice@example.com", "--to", idn, "--to", utf8Local, "--eml",
                eml.toString()));
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains(" SMTPUTF8").contains("C: RCPT TO:<" + idn + ">");
        SinkLab.Delivery d = delivered(t);
        assertThat(d.content()).isEqualTo(Files.readAllBytes(eml));
        assertThat(d.recipients()).containsExactly(idn, utf8Local);
        assertThat(d.storedText()).contains(" with utf8esmtp");
    }

    @Test
    void dsnParametersAreAcceptedAndHonoured() throws Exception {
        String t = token();
        Path eml = message(t, "dsn body " + t + "\r\n");
        Smtpx.Run r = smtpx(join(plain(), "--from", "alice@example.com", "--to", "bob@example.com", "--eml",
                eml.toString(), "--dsn-notify", "SUCCESS,FAILURE", "--dsn-ret", "HDRS", "--envid", "interop-" + t));
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains("RET=HDRS ENVID=interop-" + t).contains("NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;");
        assertThat(delivered(t).content()).isEqualTo(Files.readAllBytes(eml));
        // NOTIFY=SUCCESS: Exim reports the delivery to the sender, with the ENVID it received; RET=HDRS: no body.
        SinkLab.Delivery report = lab.report("<" + t + "@smtpx.test>");
        assertThat(report.recipients()).containsExactly("alice@example.com");
        assertThat(report.storedText()).contains("Original-Envelope-ID: interop-" + t)
                .contains("Final-Recipient: rfc822;bob@example.com").contains("Action: delivered")
                .doesNotContain("dsn body " + t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"data", "bdat"})
    void oneRecipientRefusedAmongGoodOnes(String transfer) throws Exception {
        String t = token();
        Path eml = message(t, "three recipients, one refused\r\n");
        Smtpx.Run r = smtpx(join(plain(), "--from", "alice@example.com", "--to", "bob@example.com", "--to",
                "reject-me@example.com", "--to", "carol@example.com", "--eml", eml.toString(), "--transfer",
                transfer));
        assertThat(r.exit()).as(r.describe()).isEqualTo(6);
        assertThat(r.out()).contains("PIPELINING: MAIL, 3 RCPT and");
        assertThat(refusal(r, "reject-me@example.com")).contains(REJECT_TEXT).doesNotContainIgnoringCase("temporar");
        assertThat(r.err()).contains("accepted for 2 of 3 recipients");
        SinkLab.Delivery d = delivered(t);
        assertThat(d.recipients()).containsExactly("bob@example.com", "carol@example.com");
        assertThat(d.content()).isEqualTo(Files.readAllBytes(eml));
    }

    @Test
    void allRecipientsRefusedWithPipelinedBdatNamesThe550() throws Exception {
        Smtpx.Run r = smtpx(join(plain(), "--from", "alice@example.com", "--to", "reject-1@example.com", "--to",
                "reject-2@example.com", "--eml", message(token(), "nobody wants this\r\n").toString(), "--transfer",
                "bdat"));
        assertThat(r.exit()).as(r.describe()).isEqualTo(6);
        assertThat(r.out()).contains("PIPELINING: MAIL, 2 RCPT and the first BDAT chunk");
        assertThat(refusal(r, "reject-1@example.com")).contains(REJECT_TEXT);
        assertThat(refusal(r, "reject-2@example.com")).contains(REJECT_TEXT);
        // The verdict names the 550 as the cause, not the 503 Exim gives the BDAT that followed the RCPTs in the
        // flight; that 503 may only be mentioned after it, as a follow-on.
        assertThat(r.err()).as(r.describe()).contains("the server accepted none of the recipients: " + REJECT_TEXT);
        int the503 = r.err().indexOf("503");
        if (the503 >= 0) {
            assertThat(r.err().substring(0, the503)).as(r.describe()).endsWith("follow-on: ");
        }
    }

    @Test
    void aGreylistedRecipientIsCalledTemporary() throws Exception {
        String t = token();
        Path eml = message(t, "one greylisted\r\n");
        Smtpx.Run r = smtpx(join(plain(), "--from", "alice@example.com", "--to", "bob@example.com", "--to",
                "grey-1@example.com", "--eml", eml.toString()));
        assertThat(r.exit()).as(r.describe()).isNotZero();
        assertThat(refusal(r, "grey-1@example.com")).contains(GREY_TEXT);
        // smtpx's own words, not the server's: without the S: lines and the quoted reply text.
        String own = (r.out() + "\n" + r.err()).lines().filter(l -> !l.startsWith("S: "))
                .map(l -> l.replace(GREY_TEXT, "<reply>")).reduce("", (a, b) -> a + b + "\n");
        assertThat(own.toLowerCase(Locale.ROOT)).as(r.describe()).contains("temporar");
        assertThat(delivered(t).recipients()).containsExactly("bob@example.com");
    }

    /**
     * A message file with bare LF line ends: the client turns them into CRLF by DATA and by BDAT alike (Exim refuses a
     * header that is not CRLF terminated), and the message arrives with CRLF line ends.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bdat", "data"})
    void lfOnlyMessageIsAcceptedAndArrivesWithCrlf(String transfer) throws Exception {
        String t = token();
        String lf = "From: alice@example.com\nTo: bob@example.com\nSubject: LF only " + t + "\nMessage-ID: <" + t
                + "@smtpx.test>\n\nfirst line\n.leading dot\n\nlast line \u00e9\n";
        Path eml = Files.writeString(tmp.resolve("lf.eml"), lf, StandardCharsets.UTF_8);
        assertThat(Files.readString(eml)).doesNotContain("\r");
        Smtpx.Run r = smtpx(join(plain(), "--from", "alice@example.com", "--to", "bob@example.com", "--eml",
                eml.toString(), "--transfer", transfer));
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains(transfer.equals("bdat") ? "C: BDAT" : "C: DATA");
        assertThat(new String(delivered(t).content(), StandardCharsets.UTF_8)).isEqualTo(lf.replace("\n", "\r\n"));
    }
}
