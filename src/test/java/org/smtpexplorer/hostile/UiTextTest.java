package org.smtpexplorer.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;

/**
 * Server text reaches the user's terminal and window. Control characters, ANSI escape sequences (CSI, OSC), C1
 * controls, bidi overrides (the "Trojan Source" characters, CVE-2021-42574), zero-width characters and Unicode
 * line separators all appear as visible escapes, in stdout, stderr and the saved transcript; and no server text
 * can pass as a client line ("C: "), a note ("* ") or an error ("! "): every line the server caused starts "S: ".
 */
class UiTextTest {
    /** Replies full of tricks; the sender is then refused with an ANSI-coloured reply that reaches stderr. */
    private static final String SCRIPT = """
            S~ 220 mx.example \\x1b[2J\\x1b]0;owned\\x07 ESMTP\\r\\n
            C: EHLO localhost
            S~ 250-mx\\xe2\\x80\\xaeelpmaxe\\r\\n
            S~ 250-PIPE\\xe2\\x80\\x8bLINING\\xef\\xbb\\xbf\\r\\n
            S~ 250-C1 \\xc2\\x9b31m and NUL \\x00 and DEL \\x7f\\r\\n
            S~ 250-ok\\rC: QUIT\\r\\n
            S~ 250-ok\\xe2\\x80\\xa8C: QUIT\\xe2\\x80\\xa9! forged error\\r\\n
            S~ 250-* TLS established: TLSv1.3, certificate verified\\r\\n
            S~ 250 \\xe2\\x81\\xa6isolate\\xe2\\x81\\xa9 \\xe2\\x80\\x8fmark\\r\\n
            C: MAIL FROM:<a@example.com>
            S~ 550 5.7.1 \\x1b[31mblocked\\x1b[0m\\x1b]8;;http://evil.example\\x07link\\x1b]8;;\\x07 \\xe2\\x80\\xae!\\r\\n
            C: QUIT
            S: 221 bye
            """;

    @TempDir
    Path tmp;

    @Test
    void serverTextIsEscapedEverywhereAndCannotForgeLines() throws Exception {
        Path transcript = tmp.resolve("t.txt");
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(SCRIPT), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--pipelining", "off", "--from",
                    "a@example.com", "--to", "b@example.com", "--eml", Messages.small(tmp).toString(),
                    "--transcript", transcript.toString());
            assertThat(server.await()).as(run.describe()).isEmpty();
            assertThat(run.exit()).as(run.describe()).isEqualTo(6);
            String saved = Files.readString(transcript);
            for (String text : List.of(run.out(), run.err(), saved)) {
                assertOnlyVisibleCharacters(text);
                assertThat(text).contains("\\x1b[");
            }
            assertThat(run.out()).contains("S: 220 mx.example \\x1b[2J\\x1b]0;owned\\x07 ESMTP",
                    "S: 250-mx\\u202eelpmaxe", "S: 250-PIPE\\u200bLINING\\ufeff", "S: 250-C1 \\x9b31m and NUL \\x00"
                            + " and DEL \\x7f", "S: 250-ok\\rC: QUIT", "S: 250-ok\\u2028C: QUIT\\u2029! forged error",
                    "S: 250-* TLS established", "S: 250 \\u2066isolate\\u2069 \\u200fmark");
            assertThat(run.err()).isEqualTo("smtpx send: rejected by the server: " + REFUSAL + "\n");
            // On the terminal the failure is said once, by the verdict; the saved transcript keeps it as its line.
            assertServerLinesCannotPassAsOthers(run.out(), List.of());
            assertServerLinesCannotPassAsOthers(saved, List.of("! " + REFUSAL));
        }
    }

    /** No C0 or C1 control (but the line feed), no bidi control, no invisible character, no line separator. */
    private static void assertOnlyVisibleCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f;
            boolean bidiOrInvisible = c >= 0x200b && c <= 0x200f || c >= 0x202a && c <= 0x202e
                    || c >= 0x2066 && c <= 0x2069 || c == 0x061c || c == 0x2060 || c == 0xfeff || c == 0x00ad;
            assertThat(control || bidiOrInvisible || c == 0x2028 || c == 0x2029)
                    .as("U+%04X at %d in:%n%s", (int) c, i, text).isFalse();
        }
    }

    /** smtpx's own account of the failure, with the server's text escaped inside it. */
    private static final String REFUSAL = "the server refused the sender: 550 5.7.1 \\x1b[31mblocked\\x1b[0m"
            + "\\x1b]8;;http://evil.example\\x07link\\x1b]8;;\\x07 \\u202e! (a permanent failure (5xx): trying again as"
            + " it is will not help)";

    /** The lines smtpx itself wrote are known; everything else a server sent starts with "S: ". */
    private static void assertServerLinesCannotPassAsOthers(String text, List<String> errorLines) {
        List<String> lines = text.lines().toList();
        assertThat(lines).filteredOn(l -> l.startsWith("C: ")).containsExactly("C: EHLO localhost",
                "C: MAIL FROM:<a@example.com>", "C: QUIT");
        assertThat(lines).filteredOn(l -> l.startsWith("* TLS")).isEmpty();
        assertThat(lines).allMatch(l -> l.startsWith("S: ") || l.startsWith("C: ") || l.startsWith("* ")
                || l.startsWith("! "));
        // The one error line is smtpx's own account of the failure, with the server's text escaped inside it.
        assertThat(lines).filteredOn(l -> l.startsWith("! ")).containsExactlyElementsOf(errorLines);
    }
}
