package org.smtpexplorer.interop;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.Smtpx;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `smtpx send` against a real Postfix (with Dovecot SASL) on loopback, started by src/test/interop/postfix-lab.sh.
 * Every delivered message is read back from the sink and compared byte for byte with what was sent (Postfix's own
 * Received header removed, LF turned back into CRLF).
 */
@Tag("interop")
class PostfixInteropTest {
    private static PostfixLab lab;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadLab() throws IOException {
        lab = PostfixLab.load();
    }

    private record Run(int exit, String out) {
    }

    /** `smtpx send ARGS`; the output is standard output then standard error. */
    private Run smtpx(String... args) {
        List<String> all = new ArrayList<>(List.of("send", "--timeout", "30"));
        all.addAll(List.of(args));
        Smtpx.Run run = Smtpx.run(all);
        return new Run(run.exit(), run.out() + run.err());
    }

    private String server(String portKey) {
        return lab.get("host") + ":" + lab.get(portKey);
    }

    private Path password(String key) throws IOException {
        return Files.writeString(tmp.resolve(key + ".txt"), lab.get(key));
    }

    private Path message(String token, String body) throws IOException {
        return Files.writeString(tmp.resolve(token + ".eml"), "From: alice@example.com\r\nTo: bob@example.com\r\n"
                + "Subject: interop " + token + "\r\nMessage-ID: <" + token + "@smtpx.test>\r\n\r\n" + body,
                StandardCharsets.UTF_8);
    }

    /** The delivered copy of the message whose Message-ID holds {@code token}, as the client sent it. */
    private static byte[] delivered(String token) throws Exception {
        return lab.delivered("<" + token + "@smtpx.test>");
    }

    private static String envelope(String token) throws Exception {
        return lab.envelope("<" + token + "@smtpx.test>");
    }

    private static String token() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"})
    void starttlsThenAuthOnTheSubmissionPort(String mechanism) throws Exception {
        String t = token();
        Path eml = message(t, ".dot line\r\n..two\r\nGr\u00fc\u00dfe aus M\u00fcnchen\r\n");
        Run r = smtpx("--server", server("submission.port"), "--security", "starttls", "--trust-cert",
                lab.get("ca.pem"), "--auth", mechanism, "--user", lab.get("user1"),
                "--password-file", password("password1").toString(), "--from", "alice@example.com", "--to",
                "bob@example.com", "--eml", eml.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("certificate verified").contains("Authenticated as")
                .doesNotContain(lab.get("password1"));
        assertThat(delivered(t)).isEqualTo(Files.readAllBytes(eml));
    }

    @Test
    void implicitTls() throws Exception {
        String t = token();
        Path eml = message(t, "implicit TLS\r\n");
        Run r = smtpx("--server", server("implicit.port"), "--security", "implicit", "--trust-cert",
                lab.get("ca.pem"), "--auth", "auto", "--user", lab.get("user2"), "--password-file",
                password("password2").toString(), "--from", "bob@example.com", "--to", "alice@example.com", "--eml",
                eml.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("AUTH auto: chose SCRAM-SHA-256");
        assertThat(delivered(t)).isEqualTo(Files.readAllBytes(eml));
    }

    @Test
    void anUnknownCaFailsVerificationWithAClearVerdict() throws Exception {
        Run r = smtpx("--server", server("submission.port"), "--security", "starttls", "--from", "a@example.com",
                "--to", "b@example.com", "--eml", message(token(), "x\r\n").toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(4);
        assertThat(r.out()).contains("certificate not trusted").contains("trusted root").doesNotContain("C: MAIL");
    }

    @Test
    void fiftyPipelinedRecipientsOneRejected() throws Exception {
        String t = token();
        List<String> args = new ArrayList<>(List.of("--server", server("relay.port"), "--security", "none",
                "--from", "alice@example.com", "--eml", message(t, "to many\r\n").toString(), "--transfer", "data"));
        for (int i = 0; i < 50; i++) {
            args.add("--to");
            args.add(i == 17 ? "reject-me@example.com" : "user" + i + "@example.com");
        }
        Run r = smtpx(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out()).isEqualTo(6);
        assertThat(r.out()).contains("PIPELINING: MAIL, 50 RCPT and DATA went out in one flight")
                .contains("Recipient reject-me@example.com refused, permanently: 550 5.1.1")
                .contains("accepted for 49 of 50 recipients");
        String env = envelope(t);
        assertThat(env.lines().filter(l -> l.startsWith("to ")).count()).isEqualTo(49);
        assertThat(env).doesNotContain("reject-me");
    }

    @ParameterizedTest
    @ValueSource(strings = {"data", "bdat"})
    void dotLinesAndEightBitArriveIdentical(String transfer) throws Exception {
        String t = token();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            body.append(i % 3 == 0 ? "." : "").append("line ").append(i).append(" \u00e9\u00e8 \u65e5\u672c\r\n");
        }
        body.append(".\r\n..\r\n");
        Path eml = message(t, body.toString());
        Run r = smtpx("--server", server("relay.port"), "--security", "starttls", "--trust-cert",
                lab.get("ca.pem"), "--from", "alice@example.com", "--to", "bob@example.com", "--eml",
                eml.toString(), "--transfer", transfer, "--chunk-size", "1000");
        assertThat(r.exit()).as(r.out()).isZero();
        if (transfer.equals("bdat")) {
            assertThat(r.out()).contains("BDAT 1000").contains(" LAST");
        }
        assertThat(delivered(t)).isEqualTo(Files.readAllBytes(eml));
    }

    @Test
    void smtpUtf8WithUtf8LocalPartAndIdnDomain() throws Exception {
        String t = token();
        Path eml = Files.writeString(tmp.resolve("u.eml"), "From: alice@example.com\r\nTo: \u7528\u6237@\u4f8b\u5b50"
                + ".\u4e2d\u56fd\r\nSubject: \u4f60\u597d\r\nMessage-ID: <" + t + "@smtpx.test>\r\n\r\nhi\r\n",
                StandardCharsets.UTF_8);
        Run r = smtpx("--server", server("relay.port"), "--security", "none", "--from", "alice@example.com",
                "--to", "\u7528\u6237@\u4f8b\u5b50.\u4e2d\u56fd", "--eml", eml.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains(" SMTPUTF8");
        assertThat(delivered(t)).isEqualTo(Files.readAllBytes(eml));
        assertThat(envelope(t)).contains("\u7528\u6237@");
    }

    @Test
    void dsnParametersAreAccepted() throws Exception {
        String t = token();
        Run r = smtpx("--server", server("relay.port"), "--security", "none", "--from", "alice@example.com",
                "--to", "bob@example.com", "--eml", message(t, "dsn\r\n").toString(), "--dsn-notify",
                "SUCCESS,FAILURE", "--dsn-ret", "HDRS", "--envid", "interop-" + t);
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("RET=HDRS ENVID=interop-" + t).contains("NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;");
        delivered(t);
    }

    @Test
    void sizeLimitStopsTheMessageBeforeMail() throws Exception {
        Path eml = message(token(), "x".repeat(70) + "\r\n".repeat(1) + ("y".repeat(78) + "\r\n").repeat(2000));
        Run r = smtpx("--server", server("smallsize.port"), "--security", "none", "--from", "alice@example.com",
                "--to", "bob@example.com", "--eml", eml.toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(9);
        assertThat(r.out()).contains("SIZE limit is " + lab.get("smallsize.limit")).doesNotContain("C: MAIL");
    }

    @Test
    void fiveMebibyteAttachmentArrivesIntact() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024];
        new Random(5).nextBytes(data);
        Path file = Files.write(tmp.resolve("blob.bin"), data);
        String t = token();
        Run r = smtpx("--server", server("relay.port"), "--security", "starttls", "--trust-cert",
                lab.get("ca.pem"), "--from", "alice@example.com", "--to", "bob@example.com", "--subject",
                "attachment " + t, "--body", "see attached\n", "--attach", file.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        byte[] got = lab.delivered("attachment " + t);
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(got));
        Part attachment = ((Multipart) m.getContent()).getBodyPart(1);
        assertThat(attachment.getFileName()).isEqualTo("blob.bin");
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        attachment.getInputStream().transferTo(back);
        assertThat(back.toByteArray()).isEqualTo(data);
    }

    @Test
    void sameBytesAsSwaks() throws Exception {
        String t = token();
        Path eml = message(t, ".starts with a dot\r\nplain\r\n");
        Run r = smtpx("--server", server("relay.port"), "--security", "none", "--from", "alice@example.com",
                "--to", "bob@example.com", "--eml", eml.toString(), "--transfer", "data");
        assertThat(r.exit()).as(r.out()).isZero();
        byte[] ours = delivered(t);
        String t2 = token();
        Path eml2 = message(t2, ".starts with a dot\r\nplain\r\n");
        Process swaks = new ProcessBuilder("swaks", "--server", lab.get("host"), "--port",
                lab.get("relay.port"), "--from", "alice@example.com", "--to", "bob@example.com", "--data",
                "@" + eml2).redirectErrorStream(true).start();
        String swaksOut = new String(swaks.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(swaks.waitFor()).as(swaksOut).isZero();
        byte[] theirs = delivered(t2);
        // swaks --data @file adds one CRLF before the final dot; apart from that and the token, both are equal.
        String a = new String(ours, StandardCharsets.ISO_8859_1).replace(t, "TOKEN") + "\r\n";
        String b = new String(theirs, StandardCharsets.ISO_8859_1).replace(t2, "TOKEN");
        assertThat(a).isEqualTo(b);
        assertThat(ours).isEqualTo(Files.readAllBytes(eml));
    }
}
