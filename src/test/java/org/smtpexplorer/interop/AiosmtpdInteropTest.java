package org.smtpexplorer.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.Smtpx;

/**
 * `smtpx send` against Python's aiosmtpd on loopback, started by src/test/interop/aiosmtpd-lab.sh (properties file:
 * system property smtpx.aiosmtpd.properties). aiosmtpd offers SIZE, 8BITMIME and SMTPUTF8 but neither PIPELINING nor
 * CHUNKING, and stores exactly the bytes it received, so every delivery is compared with the file sent as is.
 */
@Tag("aiosmtpd")
class AiosmtpdInteropTest {
    private static SinkLab lab;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadLab() throws IOException {
        lab = SinkLab.load("smtpx.aiosmtpd.properties", "/tmp/smtpx-interop/aiosmtpd.properties",
                SinkLab::asStored);
    }

    private static Smtpx.Run smtpx(String... args) {
        List<String> all = new ArrayList<>(List.of("send", "--timeout", "30", "--server",
                lab.get("host") + ":" + lab.get("port"), "--security", "none"));
        all.addAll(List.of(args));
        return Smtpx.run(all);
    }

    private Path message(String token, String body) throws IOException {
        return Files.writeString(tmp.resolve(token + ".eml"), "From: alice@example.com\r\nTo: bob@example.com\r\n"
                + "Subject: aiosmtpd interop " + token + "\r\nMessage-ID: <" + token + "@smtpx.test>\r\n\r\n" + body,
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

    /** The C: and S: lines of the transcript (payload lines "C: [...]" left out). */
    private static List<String> protocolLines(String out) {
        return out.lines().filter(l -> (l.startsWith("C: ") && !l.startsWith("C: [")) || l.startsWith("S: "))
                .toList();
    }

    /** Every MAIL, RCPT and DATA line is answered before the next command goes out: no pipelining. */
    private static void assertOneCommandPerRoundTrip(String out) {
        List<String> lines = protocolLines(out);
        int checked = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("C: MAIL ") || l.startsWith("C: RCPT ") || l.equals("C: DATA")) {
                assertThat(i + 1).as("no reply after " + l + "\n" + out).isLessThan(lines.size());
                assertThat(lines.get(i + 1)).as("the line after " + l + "\n" + out).startsWith("S: ");
                checked++;
            }
        }
        assertThat(checked).as(out).isGreaterThanOrEqualTo(3);
        assertThat(out).doesNotContain("PIPELINING:");
    }

    @Test
    void autoTransferPicksDataAndTheBytesArriveExactly() throws Exception {
        String t = token();
        Path eml = message(t, ".dot line\r\n..two dots\r\n.\r\nGr\u00fc\u00dfe aus M\u00fcnchen \u65e5\u672c\r\n");
        Smtpx.Run r = smtpx("--from", "alice@example.com", "--to", "bob@example.com", "--eml", eml.toString());
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains("S: 250-8BITMIME").doesNotContain("PIPELINING").doesNotContain("CHUNKING")
                .contains("C: DATA").doesNotContain("BDAT").contains("S: 250 OK stored as ");
        assertThat(delivered(t).content()).isEqualTo(Files.readAllBytes(eml));
    }

    @Test
    void bdatIsRefusedBeforeAnyMailCommand() throws Exception {
        Smtpx.Run r = smtpx("--from", "alice@example.com", "--to", "bob@example.com", "--eml",
                message(token(), "bdat wanted\r\n").toString(), "--transfer", "bdat");
        assertThat(r.exit()).as(r.describe()).isEqualTo(9);
        assertThat(r.out()).as(r.describe()).doesNotContain("C: MAIL").doesNotContain("C: BDAT");
        assertThat(r.err()).contains("CHUNKING");
    }

    @Test
    void theEnvelopeArrivesAsSent() throws Exception {
        String t = token();
        String idn = "\u7528\u6237@\u4f8b\u5b50.\u4e2d\u56fd";
        Path eml = Files.writeString(tmp.resolve("u.eml"), "From: alice@example.com\r\nTo: " + idn
                + "\r\nSubject: \u4f60\u597d\r\nMessage-ID: <" + t + "@smtpx.test>\r\n\r\nhi \u00e9\r\n",
                StandardCharsets.UTF_8);
        Smtpx.Run r = smtpx("--from", "alice@example.com", "--to", idn, "--to", "Carol@Example.COM", "--eml",
                eml.toString());
        assertThat(r.exit()).as(r.describe()).isZero();
        SinkLab.Delivery d = delivered(t);
        assertThat(d.content()).isEqualTo(Files.readAllBytes(eml));
        assertThat(d.sender()).isEqualTo("alice@example.com");
        assertThat(d.recipients()).containsExactly(idn, "Carol@Example.COM");
        assertThat(d.envelope().lines().filter(l -> l.startsWith("mail-param ")).map(l -> l.substring(11)))
                .containsExactlyInAnyOrder("SIZE=" + Files.size(eml), "BODY=8BITMIME", "SMTPUTF8");
        assertThat(d.envelope()).doesNotContain("rcpt-param");
    }

    @Test
    void severalRecipientsGoOneCommandPerRoundTrip() throws Exception {
        String t = token();
        Path eml = message(t, "four recipients\r\n");
        Smtpx.Run r = smtpx("--from", "alice@example.com", "--to", "bob@example.com", "--to", "carol@example.com",
                "--to", "dave@example.org", "--to", "erin@example.net", "--eml", eml.toString());
        assertThat(r.exit()).as(r.describe()).isZero();
        assertOneCommandPerRoundTrip(r.out());
        assertThat(r.out().lines().filter(l -> l.startsWith("C: RCPT ")).count()).isEqualTo(4);
        SinkLab.Delivery d = delivered(t);
        assertThat(d.recipients()).containsExactly("bob@example.com", "carol@example.com", "dave@example.org",
                "erin@example.net");
        assertThat(d.content()).isEqualTo(Files.readAllBytes(eml));
    }

    @Test
    void aRefusedRecipientWithoutPipelining() throws Exception {
        String t = token();
        Path eml = message(t, "one refused\r\n");
        Smtpx.Run r = smtpx("--from", "alice@example.com", "--to", "bob@example.com", "--to", "reject-me@example.com",
                "--to", "carol@example.com", "--eml", eml.toString());
        assertThat(r.exit()).as(r.describe()).isEqualTo(6);
        assertOneCommandPerRoundTrip(r.out());
        assertThat(refusal(r, "reject-me@example.com")).contains("550 no such user here");
        assertThat(r.err()).contains("accepted for 2 of 3 recipients");
        assertThat(delivered(t).recipients()).containsExactly("bob@example.com", "carol@example.com");
    }
}
