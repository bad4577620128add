package org.smtpexplorer.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawSourceTest {
    @TempDir
    Path dir;

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
    void everyCutKeepsTheLongestWholeCharacterPrefix() throws Exception {
        // One character of each UTF-8 length, with the lead bytes at the edges of their ranges: U+0080 (C2 80),
        // U+0800 (E0 A0 80), U+FFFD (EF BF BD), U+10000 (F0 90 80 80), U+1F600 (F0 9F 98 80).
        String text = "a\u0080b\u0800\ufffdc\ud800\udc00\ud83d\ude00d";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path f = Files.write(dir.resolve("m.eml"), bytes);

        for (int max = 1; max < bytes.length; max++) {
            String expected = longestWholePrefix(text, max);
            RawSource.Preview p = RawSource.preview(f, max);

            assertThat(p.text()).as("cut at %d bytes", max).isEqualTo(expected);
            assertThat(p.shownBytes()).as("cut at %d bytes", max)
                    .isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
            assertThat(p.truncated()).isTrue();
        }
        assertThat(RawSource.preview(f, bytes.length).text()).isEqualTo(text);
    }

    private static String longestWholePrefix(String text, int maxBytes) {
        int end = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int next = text.offsetByCodePoints(i, 1);
            if (text.substring(0, next).getBytes(StandardCharsets.UTF_8).length > maxBytes) {
                break;
            }
            end = next;
        }
        return text.substring(0, end);
    }

    @Test
    void aFileShownWholeIsNotCutEvenWhenItEndsInABrokenCharacter() throws Exception {
        // A file that is not valid UTF-8 to the end: shown whole with a replacement character, not truncated.
        Path f = Files.write(dir.resolve("m.eml"), new byte[] {'h', 'i', (byte) 0xe4});

        RawSource.Preview p = RawSource.preview(f, 3);

        assertThat(p.text()).isEqualTo("hi\ufffd");
        assertThat(p.shownBytes()).isEqualTo(3);
        assertThat(p.truncated()).isFalse();
    }

    @Test
    void oneByteIsTheSmallestPreview() throws Exception {
        Path f = Files.writeString(dir.resolve("m.eml"), "Subject: x\r\n");

        RawSource.Preview p = RawSource.preview(f, 1);

        assertThat(p.text()).isEqualTo("S");
        assertThat(p.truncated()).isTrue();
    }
}
