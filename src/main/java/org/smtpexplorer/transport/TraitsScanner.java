package org.smtpexplorer.transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.smtpexplorer.engine.LineEnds;

/**
 * The scan behind {@link MessageTraits}, eight bytes at a time. A word with no byte below 14 (most of them: no NUL, no
 * CR, no LF) only adds to a running OR, whose high bits say whether a byte above 127 was seen; any other word is
 * worked out from bit masks of its NUL, CR and LF bytes: bare line ends by shifting the CR and LF masks against each
 * other, lines by the positions of the LFs. A line's length is the distance between LFs less the CRs in between, so
 * no byte is counted one by one.
 */
final class TraitsScanner {
    /** The bit that marks the last byte of a word. */
    private static final long LAST = 1L << 63;
    /** Subtracted from a word, flags the bytes below 14 (NUL, LF and CR among them; Hacker's Delight §6-1). */
    private static final long CONTROLS = 0x0e0e0e0e0e0e0e0eL;
    /** Bytes scanned by one call of {@link #block}. */
    private static final int BLOCK = 1024;
    /** Pads the last, short word: neither CR, LF, NUL nor above 127. */
    private static final long PAD = 0x6161616161616161L;

    private long position;
    private long lineStart;
    /** CRs between {@link #lineStart} and {@link #position}: they do not count in a line's length. */
    private long crsInLine;
    /** The last byte seen is a CR: bare unless the next byte is an LF. */
    private boolean crPending;
    private long bareLf;
    private long bareCr;
    private long longest;
    /** Every word seen, ORed: its high bits say whether a byte above 127 was seen. */
    private long high;
    private long nul;
    private boolean inHeaders = true;
    private boolean nonAsciiHeaders;

    /** A scanner for a whole message, from its first byte. */
    TraitsScanner() {
    }

    /**
     * A scanner for the rest of a message from {@code start}, the first byte of a line after the header section
     * (the caller makes sure of both): its traits join those of the part before ({@link MessageTraits#then}).
     */
    static TraitsScanner bodyFrom(long start) {
        TraitsScanner s = new TraitsScanner();
        s.position = start;
        s.lineStart = start;
        s.inHeaders = false;
        return s;
    }

    /** The header section has not ended in what was scanned so far. */
    boolean inHeaders() {
        return inHeaders;
    }

    /** Scans the whole words of {@code b} from its position, which ends on the first byte left (fewer than 8). */
    void words(ByteBuffer b) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        int i = b.position();
        int whole = i + ((b.limit() - i) & ~7);
        while (i < whole) {
            int to = Math.min(whole, i + BLOCK);
            block(b, i, to);
            i = to;
        }
        b.position(i);
    }

    /**
     * The words of {@code b[from, to)}. A block is small so that a fresh JVM compiles this method after the first
     * hundred kilobytes or so of a message, rather than interpret a loop over the first megabytes.
     */
    private void block(ByteBuffer b, int from, int to) {
        long hi = 0;
        int i = from;
        // Two words a step: one test and one branch for 16 bytes that are, most of the time, plain text.
        for (; i < to - 8; i += 16) {
            long w1 = b.getLong(i);
            long w2 = b.getLong(i + 8);
            if ((((w1 - CONTROLS) & ~w1 | (w2 - CONTROLS) & ~w2) & LineEnds.HIGHS) != 0) {
                high |= hi;
                hi = 0;
                word(w1, position + (i - from));
                high |= w1;
                word(w2, position + (i + 8 - from));
            } else if (crPending) {
                bareCr++;
                crPending = false;
            }
            hi |= w1 | w2;
        }
        high |= hi;
        if (i < to) {
            long w = b.getLong(i);
            word(w, position + (i - from));
            high |= w;
        }
        position += to - from;
    }

    /** One word at {@code at}; {@link #high} holds every word before it. */
    private void word(long w, long at) {
        if (((w - CONTROLS) & ~w & LineEnds.HIGHS) != 0) {
            controls(w, at);
        } else if (crPending) {
            bareCr++;
            crPending = false;
        }
    }

    /** The same for an array: {@code a[from, to)}; returns where the whole words ended. */
    int words(byte[] a, int from, int to) {
        ByteBuffer b = ByteBuffer.wrap(a, from, to - from);
        words(b);
        return b.position();
    }

    /** The traits, once {@code tail} (the last bytes, fewer than 8, from its position) is scanned too. */
    MessageTraits finish(ByteBuffer tail) {
        int n = tail.remaining();
        if (n > 0) {
            long w = PAD;
            for (int k = 0; k < n; k++) {
                int shift = 8 * k;
                w = (w & ~(0xffL << shift)) | ((tail.get(tail.position() + k) & 0xffL) << shift);
            }
            word(w, position);
            high |= w;
            position += n;
        }
        if (crPending) {
            bareCr++;
        }
        longest = Math.max(longest, position - lineStart - crsInLine);
        boolean eightBit = (high & LineEnds.HIGHS) != 0;
        return new MessageTraits(eightBit, nul != 0 || longest > 998, inHeaders ? eightBit : nonAsciiHeaders,
                longest, bareLf, bareCr);
    }

    /** A word {@code w} at {@code at} with a byte below 14: perhaps a NUL, a CR or an LF. */
    private void controls(long w, long at) {
        nul |= LineEnds.mayHaveZero(w);
        long cr = LineEnds.crs(w);
        long lf = LineEnds.lfs(w);
        if ((cr | lf) == 0) {
            if (crPending) {
                bareCr++;
                crPending = false;
            }
            return;
        }
        // Bit 8k+7 of (cr << 8) is set when byte k-1 is a CR; the previous word's last byte stands before byte 0.
        long afterCr = (cr << 8) | (crPending ? 0x80L : 0);
        bareLf += Long.bitCount(lf & ~afterCr);
        if (crPending && (lf & 0x80L) == 0) {
            bareCr++;
        }
        // Bit 8k+7 of (lf >>> 8) is set when byte k+1 is an LF; a CR in the last byte waits for the next word.
        bareCr += Long.bitCount(cr & ~(lf >>> 8) & ~LAST);
        crPending = (cr & LAST) != 0;
        long crsLeft = cr;
        for (long l = lf; l != 0; l &= l - 1) {
            int bit = Long.numberOfTrailingZeros(l);
            long before = (1L << (bit - 7)) - 1;
            long lfAt = at + (bit >>> 3);
            long line = lfAt - lineStart - crsInLine - Long.bitCount(crsLeft & before);
            longest = Math.max(longest, line);
            if (inHeaders && line == 0) {
                inHeaders = false;
                nonAsciiHeaders = ((high | (w & before)) & LineEnds.HIGHS) != 0;
            }
            lineStart = lfAt + 1;
            crsInLine = 0;
            crsLeft &= ~before;
        }
        crsInLine += Long.bitCount(crsLeft);
    }
}
