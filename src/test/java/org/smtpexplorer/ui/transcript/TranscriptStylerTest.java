package org.smtpexplorer.ui.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;

class TranscriptStylerTest {
    private final Transcript t = new Transcript();

    private List<TranscriptStyler.StyledLine> last(boolean reveal) {
        List<TranscriptEntry> all = t.entries();
        return TranscriptStyler.style(all.get(all.size() - 1), reveal);
    }

    @Test
    void repliesAreStyledByClassAndServerTextIsEscaped() {
        t.server(SmtpReply.of(550, "no\u001b[31m\u202e"), "RCPT", 1, 1500L);
        var lines = last(false);
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l.styles()).containsExactly("line", "server", "reply-5xx");
            assertThat(l.text()).endsWith("S: 550 no\\x1b[31m\\u202e  (1.5 ms)");
        });
        t.server(SmtpReply.of(250, "a", "b"), "EHLO", 2, 20_000L);
        assertThat(last(false)).hasSize(2).allSatisfy(l -> assertThat(l.styles()).contains("reply-2xx"));
    }

    /** Not colour alone: an arrow for the direction, a mark for the class of reply, continuation lines aligned. */
    @Test
    void directionAndReplyClassAreMarkedInTheTextToo() {
        t.client(SmtpCommand.mail("a@example.com"), 1);
        String client = last(false).get(0).text();
        assertThat(client).contains("\u2192  C: MAIL FROM:<a@example.com>");
        int column = client.indexOf("C: ");
        for (int code : new int[] {250, 354, 451, 550}) {
            t.server(SmtpReply.of(code, "first", "second"), "MAIL", 1, null);
            var lines = last(false);
            assertThat(lines.get(0).text().indexOf("S: ")).as("%d aligned with the client line", code)
                    .isEqualTo(column);
            assertThat(lines.get(1).text().indexOf("S: ")).isEqualTo(column);
            assertThat(lines.get(1).text().substring(0, column)).isBlank();
        }
        assertThat(TranscriptStyler.mark(250)).isEqualTo("\u2190\u2713 ");
        assertThat(TranscriptStyler.mark(354)).isEqualTo("\u2190\u21aa ");
        assertThat(TranscriptStyler.mark(451)).isEqualTo("\u2190\u21bb ");
        assertThat(TranscriptStyler.mark(550)).isEqualTo("\u2190\u2717 ");
        assertThat(List.of(TranscriptStyler.mark(250), TranscriptStyler.mark(354), TranscriptStyler.mark(451),
                TranscriptStyler.mark(550))).doesNotHaveDuplicates();
    }

    @Test
    void secretsAreMaskedUnlessRevealedAndPlainIsDecoded() {
        String ir = Base64.getEncoder().encodeToString("\0alice\0s3cret".getBytes(StandardCharsets.UTF_8));
        t.client(SmtpCommand.auth("PLAIN", ir), 3);
        assertThat(last(false)).singleElement().satisfies(l -> {
            assertThat(l.text()).endsWith("C: AUTH PLAIN <redacted>").doesNotContain(ir);
            assertThat(l.styles()).contains("client", "flight-odd");
        });
        assertThat(last(true)).hasSize(2);
        assertThat(last(true).get(1).text()).contains("user=\"alice\" password=\"s3cret\"");
    }

    @Test
    void payloadsShowAFewLinesThenTheElidedSize() {
        t.payload("message body", "Subject: x\r\n\r\nl1\r\nl2\r\nl3\r\nl4\r\n".getBytes(StandardCharsets.UTF_8),
                104_857_600L, "DATA");
        var lines = last(false);
        assertThat(lines).hasSize(TranscriptStyler.PREVIEW_LINES + 1);
        assertThat(lines.get(lines.size() - 1).text()).contains("[... 104,857,600 bytes: message body ...]");
    }

    @Test
    void rawViewShowsLineEndsAndBytes() {
        t.server(SmtpReply.of(250, "ok"), "NOOP", 1, 1L);
        assertThat(TranscriptStyler.raw(t.entries().get(0), false)).isEqualTo("S: 250 ok\\r\\n");
        assertThat(TranscriptStyler.raw(t.entries().get(0), false, true))
                .isEqualTo("S: 0000  32 35 30 20 6f 6b 0d 0a" + "   ".repeat(8) + "  250 ok..");
    }

    @Test
    void rawViewShowsUtf8DecodedOrAsEscapes() {
        t.server(SmtpReply.of(250, "OK 用户\u202e"), "RCPT", 1, 1L);
        TranscriptEntry e = t.entries().get(0);
        assertThat(TranscriptStyler.raw(e, false, false, true)).isEqualTo("S: 250 OK 用户\\u202e\\r\\n");
        assertThat(TranscriptStyler.raw(e, false, false, false))
                .isEqualTo("S: 250 OK \\xe7\\x94\\xa8\\xe6\\x88\\xb7\\xe2\\x80\\xae\\r\\n");
        assertThat(TranscriptStyler.raw(e, false, true, true)).as("hex wins").startsWith("S: 0000  32 35 30");
        t.payload("body", "Subject: caf\u00e9\r\n\r\n\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1), 12L,
                "DATA");
        assertThat(TranscriptStyler.raw(t.entries().get(1), false, false, true))
                .as("Latin-1 bytes are not UTF-8: escaped").isEqualTo("C: Subject: caf\\xe9\\r\\n\nC: \\r\\n\nC: \\xe9\\r\\n");
    }

    @Test
    void theBytesThatBrokeASessionAreShownAsTheServersAndEveryKindHasItsOwnStyle() {
        t.error("reply line does not start with a code", "PROTOCOL",
                "250-a\r\n2O0 b\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(TranscriptStyler.raw(t.entries().get(0), false)).isEqualTo("S: 250-a\\r\\n\nS: 2O0 b\\r\\n");
        assertThat(last(false)).singleElement().satisfies(l -> {
            assertThat(l.styles()).containsExactly("line", "error");
            assertThat(l.text()).contains("!  reply line does not start with a code");
        });
        t.connect("mx.example", "192.0.2.1", 25);
        assertThat(last(false).get(0).styles()).containsExactly("line", "connect");
        t.note("a remark");
        assertThat(last(false).get(0).styles()).containsExactly("line", "note");
        t.client(SmtpCommand.noop(), 2);
        assertThat(last(false).get(0).styles()).containsExactly("line", "client", "flight-even");
        assertThat(TranscriptStyler.raw(t.entries().get(3), false)).isEqualTo("C: NOOP\\r\\n");
        assertThat(TranscriptStyler.raw(t.entries().get(2), false)).isNull();
    }
}
