package org.smtpexplorer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.testing.FuzzTries;

/**
 * The bulk-search {@link DotStuffer} and {@link CrlfInputStream} against the byte-by-byte versions they replaced
 * (kept below as the reference): the same bytes from every call, the same counts, for messages fed in random pieces
 * and read in random amounts. The messages mix CR, LF, dots, NUL and 8-bit bytes with long plain runs, so that both
 * the word-at-a-time search and the direct writes of long runs are crossed by every kind of line end and split.
 */
@AddLifecycleHook(FuzzTries.class)
class BulkEncodingEquivalenceTest {

    /** A message of plain runs (up to 20,000 bytes) between CR, LF, '.', NUL and 0xC3, every mix equally likely. */
    static byte[] message(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pieces = r.nextInt(60);
        byte[] specials = {'\r', '\n', '.', 0, (byte) 0xc3};
        for (int p = 0; p < pieces; p++) {
            switch (r.nextInt(4)) {
                case 0 -> out.write(specials[r.nextInt(specials.length)]);
                case 1 -> out.writeBytes(new byte[] {'\r', '\n', '.'});
                case 2 -> out.writeBytes(new byte[] {'\r', '\n'});
                default -> {
                    int len = r.nextInt(4) == 0 ? r.nextInt(20_000) : r.nextInt(90);
                    for (int i = 0; i < len; i++) {
                        out.write('A' + r.nextInt(26));
                    }
                }
            }
        }
        return out.toByteArray();
    }

    /** Cut points in {@code [0, length]}, ascending, some of them repeated (empty pieces). */
    static int[] cuts(Random r, int length) {
        int[] cuts = new int[r.nextInt(8)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = r.nextInt(length + 1);
        }
        java.util.Arrays.sort(cuts);
        return cuts;
    }

    @Property(tries = 400, seed = "14")
    void dotStufferGivesTheReferenceBytesFromEveryCall(@ForAll long seed) throws IOException {
        Random r = new Random(seed);
        byte[] msg = message(r);
        int[] cuts = cuts(r, msg.length);
        DotStuffer fast = new DotStuffer();
        ByteByByteDotStuffer reference = new ByteByByteDotStuffer();
        int from = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : msg.length;
            ByteArrayOutputStream a = new ByteArrayOutputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            fast.encode(msg, from, to - from, a);
            reference.encode(msg, from, to - from, b);
            assertThat(a.toByteArray()).as("piece %d [%d, %d)", k, from, to).isEqualTo(b.toByteArray());
            assertThat(fast.outputBytes()).isEqualTo(reference.outputBytes);
            from = to;
        }
        assertThat(fast.finish()).isEqualTo(reference.finish());
        assertThat(fast.inputBytes()).isEqualTo(reference.inputBytes);
        assertThat(fast.outputBytes()).isEqualTo(reference.outputBytes);
        assertThat(fast.lines()).isEqualTo(reference.lines);
    }

    @Test
    void aBufferWithNothingToChangeGoesOutInOneWriteFromTheCallersArray() throws IOException {
        byte[] msg = new byte[64 * 1024];
        for (int i = 0; i < msg.length; i++) {
            msg[i] = (byte) (i % 78 == 76 ? '\r' : i % 78 == 77 ? '\n' : 'A' + i % 26);
        }
        msg[msg.length - 1] = 'x';
        int[] writes = new int[1];
        byte[][] seen = new byte[1][];
        new DotStuffer().encode(msg, 0, msg.length, new OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("a single byte was written");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes[0]++;
                seen[0] = b;
                assertThat(off).isZero();
                assertThat(len).isEqualTo(msg.length);
            }
        });
        assertThat(writes[0]).isEqualTo(1);
        assertThat(seen[0]).isSameAs(msg);
    }

    /**
     * Many short lines in one call, far more than the 64 KiB gathering buffer holds: every short run and every
     * inserted byte is gathered, so the buffer fills mid-call. Each bare LF gains a CR, so a line of "x\n" adds
     * three bytes; the prefixes shift where the buffer becomes exactly full (on an inserted CR, on a run, on a
     * stuffed dot).
     */
    @Test
    void manyShortLinesFillTheBufferMidCallWithoutLosingAByte() throws IOException {
        for (String first : new String[] {"", "y", "yy", ".", "..\r\n"}) {
            ByteArrayOutputStream msg = new ByteArrayOutputStream();
            msg.writeBytes(first.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            boolean dots = first.startsWith(".");
            for (int i = 0; i < 50_000; i++) {
                msg.writeBytes(dots && i % 7 == 0 ? new byte[] {'.', 'x', '\n'} : new byte[] {'x', '\n'});
            }
            byte[] in = msg.toByteArray();
            ByteArrayOutputStream fast = new ByteArrayOutputStream();
            ByteArrayOutputStream reference = new ByteArrayOutputStream();
            DotStuffer stuffer = new DotStuffer();

            stuffer.encode(in, 0, in.length, fast);
            new ByteByByteDotStuffer().encode(in, 0, in.length, reference);

            assertThat(fast.toByteArray()).as("after \"%s\"", first).isEqualTo(reference.toByteArray());
            assertThat(stuffer.outputBytes()).isEqualTo(reference.size());
        }
    }

    /**
     * Short lines are gathered into large writes, never one write per line: on a TLS socket each write is at least
     * one record, so per-line writes would multiply the bytes and the work on both sides.
     */
    @Test
    void shortLinesGoOutInFewLargeWrites() throws IOException {
        byte[] in = "x\n".repeat(100_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int[] writes = new int[1];
        long[] bytes = new long[1];

        new DotStuffer().encode(in, 0, in.length, new OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("a single byte was written");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes[0]++;
                bytes[0] += len;
            }
        });

        assertThat(bytes[0]).isEqualTo(300_000);
        assertThat(writes[0]).as("64 KiB at a time").isLessThanOrEqualTo(300_000 / (64 * 1024) + 1);
    }

    @Property(tries = 400, seed = "14")
    void crlfInputStreamGivesTheReferenceBytes(@ForAll long seed) throws IOException {
        Random r = new Random(seed);
        byte[] msg = message(r);
        byte[] expected = readAll(new ByteByByteCrlfInputStream(new ByteArrayInputStream(msg)), new Random(1), 65536);
        // Short reads underneath and random amounts asked for on top: line ends fall on every kind of boundary.
        InputStream trickle = new ShortReads(new ByteArrayInputStream(msg), new Random(seed + 1));
        byte[] actual = readAll(new CrlfInputStream(trickle), r, 1 + r.nextInt(r.nextBoolean() ? 9 : 100_000));
        assertThat(actual).isEqualTo(expected);
    }

    private static byte[] readAll(InputStream in, Random r, int most) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[most + 3];
        while (true) {
            int len = 1 + r.nextInt(most);
            int n = in.read(buf, 3, len);
            if (n < 0) {
                return out.toByteArray();
            }
            assertThat(n).isBetween(1, len);
            out.write(buf, 3, n);
        }
    }

    /** Gives at most a random few bytes per read. */
    private static final class ShortReads extends InputStream {
        private final InputStream in;
        private final Random r;

        ShortReads(InputStream in, Random r) {
            this.in = in;
            this.r = r;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, Math.min(len, 1 + r.nextInt(r.nextBoolean() ? 10 : 30_000)));
        }
    }

    /** DotStuffer as it was before the bulk search: the reference. */
    private static final class ByteByByteDotStuffer {
        private boolean atLineStart = true;
        private boolean pendingCr;
        long inputBytes;
        long outputBytes;
        long lines;

        void encode(byte[] in, int off, int len, OutputStream out) throws IOException {
            byte[] buf = new byte[2 * len + 2];
            int n = 0;
            for (int i = off; i < off + len; i++) {
                byte b = in[i];
                if (pendingCr) {
                    pendingCr = false;
                    buf[n++] = '\r';
                    buf[n++] = '\n';
                    lines++;
                    atLineStart = true;
                    if (b == '\n') {
                        continue;
                    }
                }
                if (b == '\r') {
                    pendingCr = true;
                    continue;
                }
                if (b == '\n') {
                    buf[n++] = '\r';
                    buf[n++] = '\n';
                    lines++;
                    atLineStart = true;
                    continue;
                }
                if (atLineStart && b == '.') {
                    buf[n++] = '.';
                }
                buf[n++] = b;
                atLineStart = false;
            }
            inputBytes += len;
            out.write(buf, 0, n);
            outputBytes += n;
        }

        byte[] finish() {
            String end = pendingCr || !atLineStart ? "\r\n.\r\n" : ".\r\n";
            outputBytes += end.length();
            return end.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    /** CrlfInputStream as it was before the bulk search: the reference. */
    private static final class ByteByByteCrlfInputStream extends InputStream {
        private final InputStream in;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int lim;
        private boolean eof;
        private boolean afterCr;
        private boolean owedLf;

        ByteByByteCrlfInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] out, int off, int len) throws IOException {
            int n = 0;
            while (n < len) {
                if (owedLf) {
                    owedLf = false;
                    out[off + n++] = '\n';
                    continue;
                }
                if (pos == lim) {
                    if (n > 0) {
                        break;
                    }
                    if (!eof) {
                        lim = in.read(buf, 0, buf.length);
                        pos = 0;
                        if (lim < 0) {
                            lim = 0;
                            eof = true;
                        }
                        continue;
                    }
                    if (afterCr) {
                        afterCr = false;
                        out[off + n++] = '\n';
                        continue;
                    }
                    break;
                }
                byte c = buf[pos];
                if (afterCr) {
                    afterCr = false;
                    if (c == '\n') {
                        pos++;
                    }
                    out[off + n++] = '\n';
                    continue;
                }
                pos++;
                if (c == '\r') {
                    afterCr = true;
                    out[off + n++] = '\r';
                } else if (c == '\n') {
                    out[off + n++] = '\r';
                    owedLf = true;
                } else {
                    out[off + n++] = c;
                }
            }
            return n == 0 ? -1 : n;
        }
    }
}
