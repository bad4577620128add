package org.smtpexplorer.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;

/**
 * Reply parsing (RFC 5321 §4.2, §4.5.3.1.5): whatever the split, the parser gives the same replies or fails with
 * the same message; malformed, mismatched and unsolicited replies end the session as protocol violations (exit
 * 7); a pipelined flight answered once too often is caught; invalid UTF-8 and Latin-1 are shown with U+FFFD and
 * kept exactly in the raw bytes. Dialogue files cover SIZE; FloodTest covers the 10 MB line and 100,000 keywords.
 */
class ReplyParsingTest {
    private static final String MAX_LINE = "250 " + "x".repeat(ReplyParser.MAX_LINE_BYTES - 6) + "\r\n";

    /** Hostile and odd inputs, valid and not; each is fed whole, split at every offset, and byte by byte. */
    private static final List<String> CORPUS = List.of(
            "220-a\r\n220-b\n220 c\r\n",
            "250-2.1.0 x\r\n250-2.1.0 y\r\n250 2.1.0\r\n550 5.7.1\r\n",
            "550 \\xc3\\x28 \\xff M\\xfcller \\xc0\\x9b \\xed\\xa0\\x80\r\n",
            "250 a\\x00b\\x1b[2J\r\n",
            "250-a\r\n251 b\r\n",
            "25O ok\r\n",
            "250\tx\r\n",
            "2\r\n",
            "\r\n",
            "250-a\r\n\r\n",
            "250 ok\r\n250-partial",
            MAX_LINE,
            "250 x" + MAX_LINE);

    @TempDir
    Path tmp;

    /** What feeding produced: the replies, or the failure's message. */
    private record Outcome(List<SmtpReply> replies, String failure) {
    }

    private static Outcome feed(byte[] data, int... cuts) {
        ReplyParser p = new ReplyParser();
        List<SmtpReply> out = new ArrayList<>();
        int from = 0;
        try {
            for (int cut : cuts) {
                out.addAll(p.feed(data, from, cut - from));
                from = cut;
            }
            out.addAll(p.feed(data, from, data.length - from));
            return new Outcome(out, null);
        } catch (SmtpException e) {
            return new Outcome(List.of(), e.getMessage());
        }
    }

    @Test
    void everySplitOffsetGivesTheSameRepliesOrTheSameFailure() {
        for (String text : CORPUS) {
            byte[] data = ScriptedServer.unescape(text.replace("\r", "\\r").replace("\n", "\\n")
                    .replace("\t", "\\t"));
            Outcome whole = feed(data);
            for (int cut = 0; cut <= data.length; cut++) {
                assertThat(feed(data, cut)).as("%s cut at %d", text, cut).isEqualTo(whole);
            }
            int[] everyByte = new int[data.length];
            for (int i = 0; i < data.length; i++) {
                everyByte[i] = i;
            }
            assertThat(feed(data, everyByte)).as("%s byte by byte", text).isEqualTo(whole);
        }
    }

    @Test
    void theCorpusMeansWhatItSays() {
        assertThat(feed(bytes(MAX_LINE)).replies()).hasSize(1);
        assertThat(feed(bytes("250 x" + MAX_LINE)).failure())
                .isEqualTo("reply line longer than 4096 bytes without a line end");
        assertThat(feed(bytes("220-a\r\n220-b\n220 c\r\n")).replies().get(0).bareLf()).isTrue();
        assertThat(feed(bytes("250-2.1.0 x\r\n250-2.1.0 y\r\n250 2.1.0\r\n")).replies().get(0).lines())
                .containsExactly("x", "y", "");
        assertThat(feed(bytes("250-a\r\n\r\n")).failure()).isEqualTo("reply line too short for a code: \"\"");
        assertThat(feed(bytes("250\tx\r\n")).failure())
                .isEqualTo("reply line has '\\x09' after the code where a space or '-' belongs: \"250\\x09x\"");
    }

    static Stream<Arguments> malformedGreetings() {
        return Stream.of(
                Arguments.of("S: 22O mx ESMTP", "reply line does not start with a code 200-599: \"22O mx ESMTP\""),
                Arguments.of("S: 600 mx ESMTP", "reply line does not start with a code 200-599: \"600 mx ESMTP\""),
                Arguments.of("S: 199 mx ESMTP", "reply line does not start with a code 200-599: \"199 mx ESMTP\""),
                Arguments.of("S:  220 mx ESMTP", "reply line does not start with a code 200-599: \" 220 mx ESMTP\""),
                Arguments.of("S: 220_mx", "reply line has '_' after the code where a space or '-' belongs: \"220_mx\""),
                Arguments.of("S: 22", "reply line too short for a code: \"22\""),
                Arguments.of("S~ 220-mx\\r\\n221 ESMTP\\r\\n", "multi-line reply changes its code from 220 to 221"),
                Arguments.of("S~ 220 mx\\r\\n220 again\\r\\n", "the server sent a reply nobody asked for: 220 again"),
                Arguments.of("S~ 220-mx\\n* TLS ok\\r\\n",
                        "reply line does not start with a code 200-599: \"* TLS ok\""));
    }

    /** Each malformed greeting ends the session at once with exit 7 and the parser's reason; nothing is sent. */
    @ParameterizedTest
    @MethodSource("malformedGreetings")
    void malformedGreetingsAreProtocolViolations(String line, String reason) throws Exception {
        try (ScriptedServer server = new ScriptedServer(List.of(line, "!drain"), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--quit-after", "ehlo");
            assertThat(run.exit()).as(run.describe()).isEqualTo(7);
            assertThat(run.err()).isEqualTo("smtpx send: protocol violation by the server: " + reason + "\n");
            assertThat(run.out()).doesNotContain("C: ");
            assertThat(server.await()).isEmpty();
        }
    }

    /** Four replies to a flight of three: the fourth is caught as unsolicited and nothing more is sent. */
    @Test
    void aPipelinedFlightAnsweredOnceTooOften() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 PIPELINING
                C: MAIL FROM:<a@example.com>
                C: RCPT TO:<b@example.com>
                C: DATA
                S~ 250 ok\\r\\n250 ok\\r\\n354 go\\r\\n250 smuggled final reply\\r\\n
                !drain
                """), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--transfer", "data", "--from",
                    "a@example.com", "--to", "b@example.com", "--eml", Messages.small(tmp).toString());
            assertThat(run.exit()).as(run.describe()).isEqualTo(7);
            assertThat(run.err()).contains("the server sent a reply nobody asked for: 250 smuggled final reply");
            assertThat(run.out()).doesNotContain("C: [message body").doesNotContain("* Sent");
            assertThat(server.await()).isEmpty();
        }
    }

    /** A 421 in the middle of a pipelined flight: the session ends, nothing more is sent, the 421 is shown. */
    @Test
    void a421InThePipelinedFlightEndsTheSession() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 PIPELINING
                C: MAIL FROM:<a@example.com>
                C: RCPT TO:<b@example.com>
                C: DATA
                S: 421 4.3.2 System shutting down
                !close
                """), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--transfer", "data", "--from",
                    "a@example.com", "--to", "b@example.com", "--eml", Messages.small(tmp).toString());
            // The 421 is the reason, named and called temporary, not the lost connection that followed it.
            assertThat(run.exit()).as(run.describe()).isEqualTo(6);
            assertThat(run.err()).isEqualTo("smtpx send: rejected by the server: the server closed the session: 421"
                    + " 4.3.2 System shutting down (a temporary failure (4xx): the same may succeed if tried again"
                    + " later)\n");
            assertThat(run.out()).contains("S: 421 4.3.2 System shutting down")
                    .doesNotContain("C: [message body").doesNotContain("C: QUIT");
            assertThat(server.await()).isEmpty();
        }
    }

    /** Invalid UTF-8, Latin-1, an overlong ESC and an encoded surrogate: shown as U+FFFD, kept exactly as raw. */
    @Test
    void invalidUtf8AndLatin1AreShownReplacedAndKeptExactly() throws Exception {
        String greeting = "220 M\\xfcller \\xc0\\x9b \\xed\\xa0\\x80 \\xc3\\xa9t\\xc3\\xa9 ESMTP\\r\\n";
        Path json = tmp.resolve("t.json");
        try (ScriptedServer server = new ScriptedServer(List.of("S~ " + greeting, "C: EHLO localhost",
                "S: 250 mx.example", "C: QUIT", "S: 221 bye"), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--quit-after", "ehlo", "--json",
                    json.toString());
            assertThat(server.await()).isEmpty();
            assertThat(run.exit()).as(run.describe()).isZero();
            String shown = run.out().lines().filter(l -> l.startsWith("S: 220")).findFirst().orElseThrow();
            assertThat(shown).startsWith("S: 220 M\uFFFDller \uFFFD").endsWith(" été ESMTP")
                    .doesNotContain("\u001b").doesNotContain("\u009b");
            assertThat(shown.chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
            JsonNode first = new ObjectMapper().readTree(json.toFile()).get("entries").findParents("code").get(0);
            assertThat(first.get("raw").binaryValue()).isEqualTo(ScriptedServer.unescape(greeting));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
