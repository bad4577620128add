package org.smtpexplorer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuotingTest {
    @ParameterizedTest
    @ValueSource(strings = {"plain", "it's", "'", "''", "$(id)", "`id`", "a;b|c&d", "\"x\" \\ y", "-n", "*", "~",
        "Grüße 例子", "\u202e"})
    void aShellWordIsTheValueItself(String value) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "printf '%s' " + Quoting.shell("test", value)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "a\u0000b", "\u001b[2J", "a\u007fb"})
    void controlCharactersAreRefusedWithTheField(String value) {
        assertThatThrownBy(() -> Quoting.shell("EHLO name", value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the saved EHLO name holds a control character (U+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "it's", "back\\slash", "\n\r\u0000", "Grüße 例子 \uD83D\uDE00", "\"\"\"", "'''"})
    void aPythonLiteralIsTheValueItself(String value) throws IOException, InterruptedException {
        String literal = Quoting.python(value);
        assertThat(literal.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).as(literal).isTrue();
        Process p = new ProcessBuilder(List.of("python3", "-c", "import sys; sys.stdout.buffer.write((" + literal
                + ").encode('utf-8'))")).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"line\nbreak", "bidi \u202e override", "esc \u001b[2J", "sep \u2028 here"})
    void aCommentStaysOneVisibleLine(String text) {
        String c = Quoting.comment(text);
        assertThat(c).doesNotContain("\n", "\u202e", "\u001b", "\u2028").startsWith(text.substring(0, 3));
    }
}
