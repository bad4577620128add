package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The raw-bytes rendering, in UTF-8 mode and in escapes mode: nothing hidden, nothing lost, nothing forged. */
class EscapeBytesTest {
    private static String utf8(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Printable.escapeBytes(b, 0, b.length, true, "");
    }

    private static String escapes(byte[] b) {
        return Printable.escapeBytes(b, 0, b.length, false, "");
    }

    @Test
    void wellFormedUtf8IsShownDecoded() {
        byte[] b = "Subject: 用户 café 😀\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(Printable.escapeBytes(b, 0, b.length, true, "")).isEqualTo("Subject: 用户 café 😀\\r\\n");
        assertThat(escapes(b)).isEqualTo("Subject: \\xe7\\x94\\xa8\\xe6\\x88\\xb7 caf\\xc3\\xa9"
                + " \\xf0\\x9f\\x98\\x80\\r\\n");
        assertThat(utf8(0xc2, 0x80 + 0x20)).as("U+00A0, the lowest two-byte character that is not C1")
                .isEqualTo("\u00a0");
        assertThat(utf8(0xf4, 0x8f, 0xbf, 0xbf)).as("U+10FFFF, the last code point").isEqualTo("\udbff\udfff");
        assertThat(utf8(0xee, 0x80, 0x80)).as("U+E000, just past the surrogates").isEqualTo("\ue000");
    }

    @Test
    void invalidBytesStayEscapesOneByOne() {
        assertThat(utf8(0x94)).as("a lone continuation byte").isEqualTo("\\x94");
        assertThat(utf8(0xe7, 0x94, 'a')).as("a sequence cut short").isEqualTo("\\xe7\\x94a");
        assertThat(utf8(0xe7, 0x94)).as("cut at the end of the bytes").isEqualTo("\\xe7\\x94");
        assertThat(utf8(0xff, 0xfe, 0xf5)).as("bytes UTF-8 never uses").isEqualTo("\\xff\\xfe\\xf5");
        assertThat(utf8(0xed, 0xa0, 0x80)).as("a surrogate, U+D800").isEqualTo("\\xed\\xa0\\x80");
        assertThat(utf8(0xf4, 0x90, 0x80, 0x80)).as("past U+10FFFF").isEqualTo("\\xf4\\x90\\x80\\x80");
        assertThat(utf8('a', 0xc3, 0xa9, 0xa9, 'b')).isEqualTo("aé\\xa9b");
    }

    @Test
    void overlongFormsAreInvalid() {
        assertThat(utf8(0xc0, 0x80)).as("NUL in two bytes").isEqualTo("\\xc0\\x80");
        assertThat(utf8(0xc1, 0xbf)).as("DEL in two bytes").isEqualTo("\\xc1\\xbf");
        assertThat(utf8(0xe0, 0x80, 0xaf)).as("'/' in three bytes").isEqualTo("\\xe0\\x80\\xaf");
        assertThat(utf8(0xe0, 0x9f, 0xbf)).as("U+07FF in three bytes").isEqualTo("\\xe0\\x9f\\xbf");
        assertThat(utf8(0xf0, 0x82, 0x82, 0xac)).as("the euro sign in four bytes").isEqualTo("\\xf0\\x82\\x82\\xac");
        assertThat(utf8(0xf0, 0x8f, 0xbf, 0xbf)).as("U+FFFF in four bytes").isEqualTo("\\xf0\\x8f\\xbf\\xbf");
    }

    @Test
    void controlsBidiOverridesAndInvisiblesStayEscapedWhenDecoded() {
        byte[] b = "a\u202eb\u2066c\u200bd\u2028e\ufefff\u0085g".getBytes(StandardCharsets.UTF_8);
        assertThat(Printable.escapeBytes(b, 0, b.length, true, "")).isEqualTo(
                "a\\u202eb\\u2066c\\u200bd\\u2028e\\ufefff\\u0085g");
        assertThat(utf8(0x1b, '[', '3', '1', 'm', 0x00, 0x7f, '\t')).isEqualTo("\\x1b[31m\\x00\\x7f\\x09");
        assertThat(utf8('\\', 'x', '4', '1')).as("a backslash cannot start a forged escape").isEqualTo("\\x5cx41");
    }

    @Test
    void lineFeedsBreakTheLineWhereAsked() {
        byte[] b = "one\r\ntwo\nthree".getBytes(StandardCharsets.US_ASCII);
        assertThat(Printable.escapeBytes(b, 0, b.length, true, "\n> ")).isEqualTo("one\\r\\n\n> two\\n\n> three");
        assertThat(Printable.escapeBytes(b, 5, 4, true, "")).isEqualTo("two\\n");
    }

    /** Every rendering reads back to exactly the bytes it came from: nothing is hidden or lost. */
    @Property(tries = 3000)
    void theRenderingIsLossless(@ForAll("mostlyUtf8") byte[] bytes) {
        for (boolean utf8 : new boolean[] {true, false}) {
            String shown = Printable.escapeBytes(bytes, 0, bytes.length, utf8, "");
            assertThat(readBack(shown)).isEqualTo(bytes);
            if (!utf8) {
                assertThat(shown.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).isTrue();
            }
            assertThat(Printable.escape(shown)).as("nothing left for escape() to hide: " + shown)
                    .isEqualTo(shown.replace("\\", "\\\\"));
        }
    }

    /** What is shown decoded is exactly what Java's strict UTF-8 decoder accepts. */
    @Property(tries = 3000)
    void decodedRunsAreWhatAStrictDecoderAccepts(@ForAll("mostlyUtf8") byte[] bytes) {
        String shown = Printable.escapeBytes(bytes, 0, bytes.length, true, "");
        boolean strictOk;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            strictOk = true;
        } catch (CharacterCodingException e) {
            strictOk = false;
        }
        assertThat(shown.contains("\\x") && hasHighEscape(shown)).as(shown).isEqualTo(!strictOk);
    }

    /** A \xHH escape of a byte of 0x80 or more: only invalid UTF-8 leaves one. */
    private static boolean hasHighEscape(String shown) {
        for (int i = shown.indexOf("\\x"); i >= 0; i = shown.indexOf("\\x", i + 1)) {
            if (Character.digit(shown.charAt(i + 2), 16) >= 8) {
                return true;
            }
        }
        return false;
    }

    @Provide
    Arbitrary<byte[]> mostlyUtf8() {
        Arbitrary<byte[]> text = Arbitraries.strings().withCharRange((char) 0, (char) 0x3000)
                .withChars('\u202e', '\u2028', '\\', '\r', '\n', '😀', '\ud83d').ofMaxLength(20)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(12);
        return Arbitraries.oneOf(text, noise, Arbitraries.of(text, noise).flatMap(a -> a)
                .list().ofMaxSize(4).map(EscapeBytesTest::concat));
    }

    private static byte[] concat(java.util.List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** The bytes a rendering stands for: escapes undone, every other character as its UTF-8. */
    private static byte[] readBack(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '\\') {
                char kind = s.charAt(i + 1);
                if (kind == 'r') {
                    out.write('\r');
                    i += 2;
                } else if (kind == 'n') {
                    out.write('\n');
                    i += 2;
                } else if (kind == 'x') {
                    out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                    i += 4;
                } else {
                    String ch = new String(Character.toChars(Integer.parseInt(s.substring(i + 2, i + 6), 16)));
                    out.writeBytes(ch.getBytes(StandardCharsets.UTF_8));
                    i += 6;
                }
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toByteArray();
    }
}
