package org.smtpexplorer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyParserTest {
    private static final byte[] EHLO = ("250-mx.example greets you\r\n250-PIPELINING\r\n250-SIZE 1000\r\n"
            + "250 ENHANCEDSTATUSCODES\r\n550 5.1.1 <x@y>: User unknown\r\n").getBytes(StandardCharsets.UTF_8);

    private static List<SmtpReply> parseSplit(byte[] data, int... cuts) {
        ReplyParser p = new ReplyParser();
        List<SmtpReply> out = new ArrayList<>();
        int prev = 0;
        for (int c : cuts) {
            out.addAll(p.feed(data, prev, c - prev));
            prev = c;
        }
        out.addAll(p.feed(data, prev, data.length - prev));
        return out;
    }

    @Test
    void sameRepliesWhateverTheSplit() {
        List<SmtpReply> whole = parseSplit(EHLO);
        assertThat(whole).hasSize(2);
        for (int i = 0; i <= EHLO.length; i++) {
            for (int j = i; j <= EHLO.length; j += 7) {
                assertThat(parseSplit(EHLO, i, j)).as("cut at %d and %d", i, j).isEqualTo(whole);
            }
        }
        ReplyParser p = new ReplyParser();
        List<SmtpReply> bytewise = new ArrayList<>();
        for (byte b : EHLO) {
            bytewise.addAll(p.feed(new byte[] {b}));
        }
        assertThat(bytewise).isEqualTo(whole);
    }

    @Test
    void keepsRawBytesAndParsesLines() {
        SmtpReply r = parseSplit(EHLO).get(0);
        assertThat(r.code()).isEqualTo(250);
        assertThat(r.lines()).containsExactly("mx.example greets you", "PIPELINING", "SIZE 1000",
                "ENHANCEDSTATUSCODES");
        assertThat(new String(r.raw(), StandardCharsets.UTF_8)).isEqualTo(
                "250-mx.example greets you\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 ENHANCEDSTATUSCODES\r\n");
        assertThat(r.bareLf()).isFalse();
    }

    @Test
    void enhancedCodeParsedAndStrippedFromContinuationLines() {
        SmtpReply r = parseSplit("550-5.7.1 Rejected\r\n550-5.7.1 see https://x\r\n550 5.7.1 Bye\r\n"
                .getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(r.enhanced()).isEqualTo(new EnhancedStatus(5, 7, 1));
        assertThat(r.lines()).containsExactly("Rejected", "see https://x", "Bye");
        assertThat(r.summary()).isEqualTo("550 5.7.1 Rejected see https://x Bye");
    }

    @Test
    void theThreeDigitCodeDecidesWhenTheEnhancedClassDisagrees() {
        SmtpReply r = parseSplit("250 5.0.0 odd but fine\r\n".getBytes(StandardCharsets.UTF_8)).get(0);
        assertThat(r.isPositive()).isTrue();
        assertThat(r.enhanced()).isNull();
        assertThat(r.text()).isEqualTo("5.0.0 odd but fine");
    }

    @Test
    void codeAloneAndBareLfAreAccepted() {
        List<SmtpReply> r = parseSplit("250\r\n354 go\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.get(0).lines()).containsExactly("");
        assertThat(r.get(1).bareLf()).isTrue();
    }

    @Test
    void malformedCodesAreProtocolErrors() {
        for (String bad : List.of("25O ok\r\n", "199 low\r\n", "600 high\r\n", "2\r\n", "hello\r\n", "250x\r\n",
                "-250 x\r\n", "250_x\r\n")) {
            assertThatThrownBy(() -> parseSplit(bad.getBytes(StandardCharsets.US_ASCII)))
                    .as(bad).isInstanceOf(SmtpException.class)
                    .extracting(e -> ((SmtpException) e).failureClass()).isEqualTo(FailureClass.PROTOCOL);
        }
    }

    @Test
    void mismatchedMultiLineCodesAreRejected() {
        assertThatThrownBy(() -> parseSplit("250-a\r\n251 b\r\n".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("changes its code from 250 to 251");
    }

    @Test
    void overlongLineFailsWithoutWaitingForItsEnd() {
        ReplyParser p = new ReplyParser();
        byte[] chunk = new byte[1024];
        Arrays.fill(chunk, (byte) 'a');
        chunk[0] = '2';
        chunk[1] = '5';
        chunk[2] = '0';
        chunk[3] = ' ';
        p.feed(chunk);
        Arrays.fill(chunk, (byte) 'a');
        p.feed(chunk);
        p.feed(chunk);
        p.feed(chunk, 0, 1024);
        assertThatThrownBy(() -> p.feed(new byte[] {'a'})).hasMessageContaining("longer than 4096 bytes");
        assertThatThrownBy(() -> p.feed(new byte[] {'\n'})).hasMessageContaining("already failed");
    }

    @Test
    void tooManyLinesOrBytesInOneReplyFail() {
        ReplyParser p = new ReplyParser();
        byte[] line = "250-x\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 2000; i++) {
                p.feed(line);
            }
        }).hasMessageContaining("more than 1000 lines");
        ReplyParser q = new ReplyParser();
        byte[] big = ("250-" + "y".repeat(4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 20; i++) {
                q.feed(big);
            }
        }).hasMessageContaining("longer than 65536 bytes");
    }

    @Test
    void invalidUtf8IsDecodedLenientlyAndRawKept() {
        byte[] data = {'5', '5', '0', ' ', 'M', (byte) 0xfc, 'l', 'l', (byte) 0xff, '\r', '\n'};
        SmtpReply r = parseSplit(data).get(0);
        assertThat(r.text()).isEqualTo("M\uFFFDll\uFFFD");
        assertThat(r.raw()).isEqualTo(data);
    }
}
