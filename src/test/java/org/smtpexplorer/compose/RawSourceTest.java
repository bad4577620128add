package org.smtpexplorer.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawSourceTest {
    @TempDir
    Path dir;

    private static String bytesOf(RawSource.Edited e) throws Exception {
        try (InputStream in = e.source().open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aSmallMessageIsShownWhole() throws Exception {
        Path f = Files.writeString(dir.resolve("m.eml"), "Subject: ä\r\n\r\nbody\r\n");

        RawSource.Preview p = RawSource.preview(f, 1024);

        assertThat(p.text()).isEqualTo("Subject: ä\r\n\r\nbody\r\n");
        assertThat(p.truncated()).isFalse();
        assertThat(p.totalBytes()).isEqualTo(Files.size(f));
    }

    @Test
    void aLongMessageIsCutAtACharacterBoundary() throws Exception {
        // "ab" then a 3-octet character: cutting at 4 octets would split it.
        Path f = Files.writeString(dir.resolve("m.eml"), "ab用户 and more");

        RawSource.Preview p = RawSource.preview(f, 4);

        assertThat(p.text()).isEqualTo("ab");
        assertThat(p.shownBytes()).isEqualTo(2);
        assertThat(p.truncated()).isTrue();
        assertThat(RawSource.preview(f, 5).text()).isEqualTo("ab用");
        assertThatThrownBy(() -> RawSource.preview(f, 0)).hasMessageContaining("maxBytes");
    }

    @Test
    void editedTextIsCrlfNormalisedWithAWarning() throws Exception {
        RawSource.Edited e = RawSource.fromEditedText("Subject: x\nFrom: a@example.com\n\n.body\rline\r\nlast");

        assertThat(bytesOf(e)).isEqualTo("Subject: x\r\nFrom: a@example.com\r\n\r\n.body\r\nline\r\nlast\r\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.message()).contains("3 bare LF and 1 bare CR", "CRLF");
        });
        assertThat(e.source().size()).isEqualTo(bytesOf(e).length());
    }

    @Test
    void cleanTextGoesThroughUnchangedAndSilently() throws Exception {
        String text = "Subject: x\r\n\r\nbody\r\n";

        RawSource.Edited e = RawSource.fromEditedText(text);

        assertThat(bytesOf(e)).isEqualTo(text);
        assertThat(e.problems()).isEmpty();
    }

    @Test
    void longLinesMissingSeparatorsAndUtf8HeadersAreReported() {
        RawSource.Edited e = RawSource.fromEditedText("not a header\r\nSubject: 你好\r\n" + "x".repeat(1000));

        assertThat(e.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains(
                "1 line(s) are over 998 octets", "line 3")).anySatisfy(m -> assertThat(m).contains(
                "no empty line")).anySatisfy(m -> assertThat(m).contains("not a header field"))
                .anySatisfy(m -> assertThat(m).contains("SMTPUTF8"));
    }
}
