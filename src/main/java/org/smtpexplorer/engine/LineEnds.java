package org.smtpexplorer.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Finds CR and LF bytes eight at a time: a long read from a buffer in little-endian order holds byte {@code k} in
 * bits {@code 8k..8k+7}, and the masks below have bit {@code 8k+7} set where byte {@code k} matches (SWAR, as in
 * Hacker's Delight §6-1). Most message bytes are neither, so the search costs a few operations per word rather than
 * two comparisons and a branch per byte.
 */
public final class LineEnds {
    private static final long ONES = 0x0101010101010101L;
    private static final long LOWS = 0x7f7f7f7f7f7f7f7fL;
    /** The high bit of every byte. */
    public static final long HIGHS = 0x8080808080808080L;
    private static final long CRS = 0x0d0d0d0d0d0d0d0dL;
    private static final long LFS = 0x0a0a0a0a0a0a0a0aL;
    /** Subtracted from a word, flags its bytes below 14 (NUL, LF and CR among them). */
    private static final long CONTROLS = 0x0e0e0e0e0e0e0e0eL;

    private LineEnds() {
    }

    /** A little-endian view of {@code a}, to read it a word at a time with {@link #next(ByteBuffer, int, int)}. */
    public static ByteBuffer words(byte[] a) {
        return ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The index of the first CR or LF in {@code [from, to)} of the array behind {@code words} (from
     * {@link #words(byte[])}), or {@code to} when there is none.
     */
    public static int next(ByteBuffer words, int from, int to) {
        int i = from;
        while (i <= to - 8) {
            long w = words.getLong(i);
            // Most words have no byte below 14 at all: one subtraction tells, before looking for CR and LF.
            if (((w - CONTROLS) & ~w & HIGHS) != 0) {
                long any = anyLineEnd(w);
                if (any != 0) {
                    // The lowest flagged byte is always a true match: borrows only run towards higher bytes.
                    return i + (Long.numberOfTrailingZeros(any) >>> 3);
                }
            }
            i += 8;
        }
        while (i < to && words.get(i) != '\r' && words.get(i) != '\n') {
            i++;
        }
        return i;
    }

    /**
     * Non-zero exactly when {@code w} has a zero byte. Its lowest set bit marks the first zero byte; higher bits
     * may be false alarms.
     */
    public static long mayHaveZero(long w) {
        return (w - ONES) & ~w & HIGHS;
    }

    /** Bit {@code 8k+7} set exactly where byte {@code k} of {@code w} is zero. */
    public static long zeros(long w) {
        return ~(((w & LOWS) + LOWS) | w | LOWS);
    }

    /** Non-zero exactly when {@code w} holds a CR or an LF. */
    public static long anyLineEnd(long w) {
        return mayHaveZero(w ^ CRS) | mayHaveZero(w ^ LFS);
    }

    /** The CR bytes of {@code w}, as {@link #zeros(long)} marks them. */
    public static long crs(long w) {
        return zeros(w ^ CRS);
    }

    /** The LF bytes of {@code w}, as {@link #zeros(long)} marks them. */
    public static long lfs(long w) {
        return zeros(w ^ LFS);
    }
}
