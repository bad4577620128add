package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.FuzzTries;

/**
 * The word-at-a-time traits scan against the byte-by-byte scan it replaced (kept below as the reference), from a
 * stream in random short reads and from a file, on messages that put CR, LF, NUL, 8-bit bytes and the end of the
 * headers at every offset within a word and across buffer boundaries.
 */
@AddLifecycleHook(FuzzTries.class)
class MessageTraitsScanTest {

    static byte[] message(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] specials = {'\r', '\n', 0, (byte) 0xc3, (byte) 0x80, '.'};
        int pieces = r.nextInt(80);
        for (int p = 0; p < pieces; p++) {
            switch (r.nextInt(5)) {
                case 0 -> out.write(specials[r.nextInt(specials.length)]);
                case 1 -> out.writeBytes(new byte[] {'\r', '\n'});
                case 2 -> out.writeBytes(new byte[] {'\r', '\n', '\r', '\n'});
                default -> {
                    // Mostly short lines; now and then one past 998 octets, or a run across a 64 KiB buffer.
                    int len = switch (r.nextInt(10)) {
                        case 0 -> 990 + r.nextInt(20);
                        case 1 -> r.nextInt(140_000);
                        default -> r.nextInt(100);
                    };
                    for (int i = 0; i < len; i++) {
                        out.write('A' + r.nextInt(26));
                    }
                }
            }
        }
        return out.toByteArray();
    }

    @Property(tries = 300, seed = "14")
    void scanGivesTheReferenceTraits(@ForAll long seed) throws IOException {
        Random r = new Random(seed);
        byte[] msg = message(r);
        MessageTraits expected = ByteByByte.scan(msg);
        InputStream trickle = new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(msg);

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, Math.min(len, 1 + r.nextInt(r.nextBoolean() ? 13 : 100_000)));
            }
        };
        assertThat(MessageTraits.scan(trickle)).isEqualTo(expected);
        assertThat(MessageTraits.scan(new ByteArrayInputStream(msg))).isEqualTo(expected);
    }

    /**
     * A file, scanned whole and in two halves at once (as a large file is, the second half from a line start near
     * the middle; here every file is split, however small): the same traits as the reference, wherever the middle
     * falls.
     */
    @Test
    void scanOfAFileWholeOrInTwoHalvesGivesTheReferenceTraits(@TempDir Path tmp) throws IOException {
        Random r = new Random(14);
        for (int t = 0; t < 300; t++) {
            byte[] msg = message(r);
            Path file = tmp.resolve("m" + t + ".eml");
            Files.write(file, msg);
            MessageTraits expected = ByteByByte.scan(msg);
            assertThat(MessageTraits.scan(file)).as("message %d, %d bytes", t, msg.length).isEqualTo(expected);
            assertThat(MessageTraits.scan(file, 1)).as("in two halves: message %d", t).isEqualTo(expected);
        }
    }

    /**
     * The halves meet where the header section ends, where a CR, a bare LF, an 8-bit byte or a NUL stand on either
     * side of the middle, where no line ends near the middle, and where the header section runs past it (then the
     * file is scanned whole).
     */
    @Test
    void theHalvesMeetRightAtEveryEdge(@TempDir Path tmp) throws IOException {
        String head = "Subject: x\r\n\r\n";
        List<String> around = List.of("\r\n", "\n", "\r\r\n", "\n\n", "\r", "\u00e9\r\n", "\u0000\n", "\r\n\r\n");
        int n = 0;
        for (String before : around) {
            for (String after : around) {
                for (int shift = -3; shift <= 3; shift++) {
                    String body = "a".repeat(200 + shift) + before + after + "b".repeat(190) + "\r\n";
                    for (String m : List.of(head + body, "H: " + "h".repeat(300) + "\r\n\r\n" + body,
                            "H: v\r\n" + body, "x".repeat(70_000) + "\r\n\r\n" + "y".repeat(70_000))) {
                        byte[] msg = m.getBytes(StandardCharsets.ISO_8859_1);
                        Path file = Files.write(tmp.resolve("e" + n++ + ".eml"), msg);
                        assertThat(MessageTraits.scan(file, 1)).as("%s | %s, shift %d: %s", before, after, shift,
                                m.length() > 60 ? m.substring(0, 60) : m).isEqualTo(ByteByByte.scan(msg));
                    }
                }
            }
        }
    }

    /** A file with no header end, or one past 256 KiB, is scanned whole: the same traits as the reference. */
    @Test
    void aFileWithoutAnEarlyHeaderEndIsScannedWhole(@TempDir Path tmp) throws IOException {
        for (String m : List.of("QUJD\r\n".repeat(100_000), "X-Long: " + "\u00e9".repeat(300_000) + "\r\n\r\nbody\n",
                "H: v\r\n".repeat(60_000) + "\r\n" + "\u00e9\r\n".repeat(60_000))) {
            byte[] msg = m.getBytes(StandardCharsets.ISO_8859_1);
            Path file = Files.write(tmp.resolve("m.eml"), msg);
            assertThat(MessageTraits.scan(file, 1)).isEqualTo(ByteByByte.scan(msg));
        }
    }

    @Test
    void everyTraitAtEveryOffsetOfAWord() throws IOException {
        String[] cases = {"\r", "\n", "\r\n", "\n\r", "\r\r\n", "\u0000", "\u00e9", "\r\n\r\n\u00e9", "\n\n", ".\r\n"};
        for (String c : cases) {
            for (int before = 0; before < 18; before++) {
                for (int after = 0; after < 10; after++) {
                    byte[] msg = ("x".repeat(before) + c + "y".repeat(after)).getBytes(StandardCharsets.ISO_8859_1);
                    assertThat(MessageTraits.scan(new ByteArrayInputStream(msg)))
                            .as("%d + %s + %d", before, c.replace("\r", "\\r").replace("\n", "\\n"), after)
                            .isEqualTo(ByteByByte.scan(msg));
                }
            }
        }
    }

    /** MessageTraits.scan as it was, one byte at a time: the reference. */
    private static final class ByteByByte {
        static MessageTraits scan(byte[] buf) {
            boolean eightBit = false;
            boolean binary = false;
            boolean nonAsciiHeaders = false;
            boolean inHeaders = true;
            boolean afterCr = false;
            long line = 0;
            long longest = 0;
            long bareLf = 0;
            long bareCr = 0;
            boolean lineEmpty = true;
            for (byte value : buf) {
                int b = value & 0xff;
                if (afterCr && b != '\n') {
                    bareCr++;
                }
                if (b == '\n') {
                    if (!afterCr) {
                        bareLf++;
                    }
                    afterCr = false;
                    if (inHeaders && lineEmpty) {
                        inHeaders = false;
                    }
                    longest = Math.max(longest, line);
                    line = 0;
                    lineEmpty = true;
                    continue;
                }
                afterCr = b == '\r';
                if (afterCr) {
                    continue;
                }
                lineEmpty = false;
                line++;
                if (b >= 0x80) {
                    eightBit = true;
                    if (inHeaders) {
                        nonAsciiHeaders = true;
                    }
                } else if (b == 0) {
                    binary = true;
                }
            }
            if (afterCr) {
                bareCr++;
            }
            longest = Math.max(longest, line);
            return new MessageTraits(eightBit, binary || longest > 998, nonAsciiHeaders, longest, bareLf, bareCr);
        }
    }
}
