package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.engine.auth.AuthExchange;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.engine.auth.Mechanisms;

class RedactionTest {
    private static final String PASSWORD = "Tr0ub4dor&3-very-secret";

    /** Every export of a session with AUTH PLAIN and LOGIN leaves out the secret, in clear and in base64. */
    @Test
    void noExportContainsTheSecret() throws Exception {
        Transcript t = new Transcript();
        Credentials c = new Credentials("alice", PASSWORD.toCharArray());
        AuthExchange plain = AuthExchange.create(Mechanisms.create("PLAIN", c, "h", 25), true, false);
        t.client(plain.start(), 1);
        AuthExchange login = AuthExchange.create(Mechanisms.create("LOGIN", c, "h", 25), true, false);
        t.client(login.start(), 2);
        t.client(login.onReply(SmtpReply.of(334, "VXNlcm5hbWU6")), 3);
        SmtpCommand pw = login.onReply(SmtpReply.of(334, "UGFzc3dvcmQ6"));
        t.client(pw, 4);
        t.client(SmtpCommand.raw("AUTH PLAIN " + b64("\0alice\0" + PASSWORD)), 5);
        t.server(SmtpReply.of(235, "ok"), "AUTH", 5, 10L);

        String text = TranscriptExport.toText(t.entries(), false);
        String json = TranscriptExport.toJson(t.entries(), false);
        ByteArrayOutputStream jsonBytes = new ByteArrayOutputStream();
        TranscriptExport.writeJson(t.entries(), false, jsonBytes);
        List<String> outputs = List.of(text, json, jsonBytes.toString(StandardCharsets.UTF_8),
                String.join("\n", t.entries().stream().map(e -> TranscriptExport.textLine(e.redacted())).toList()));
        for (String out : outputs) {
            assertThat(out).doesNotContain(PASSWORD).doesNotContain(b64(PASSWORD))
                    .doesNotContain(b64("\0alice\0" + PASSWORD)).contains("<redacted>");
            // Secrets also hide inside base64 at any alignment: check every 3-byte-aligned window.
            for (int i = 0; i < 3; i++) {
                String shifted = b64("xyz".substring(0, i) + PASSWORD);
                assertThat(out).doesNotContain(shifted.substring(4 * ((i + 2) / 3) + 4, shifted.length() - 4));
            }
        }
        assertThat(json).doesNotContain(Base64.getEncoder().encodeToString(pw.toBytes()));
        List<TranscriptEntry> back = TranscriptExport.readJson(new ByteArrayInputStream(
                json.getBytes(StandardCharsets.UTF_8)));
        assertThat(back).hasSize(t.size());
        assertThat(back.get(0).text()).isEqualTo("AUTH PLAIN <redacted>");
        assertThat(TranscriptExport.toJson(t.entries(), true)).contains(b64(PASSWORD));
    }

    @Test
    void serverTextCannotForgeLines() {
        Transcript t = new Transcript();
        t.server(SmtpReply.of(250, "ok\u001b[2J\u202eevil"), "NOOP", 1, 1L);
        t.note("fine");
        String text = TranscriptExport.toText(t.entries(), false);
        assertThat(text).contains("S: 250 ok\\x1b[2J\\u202eevil").doesNotContain("\u001b").doesNotContain("\u202e");
        assertThat(Printable.escape("a\r\nC: QUIT")).isEqualTo("a\\r\\nC: QUIT");
        assertThat(Printable.escape("zero\u200bwidth\\")).isEqualTo("zero\\u200bwidth\\\\");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
