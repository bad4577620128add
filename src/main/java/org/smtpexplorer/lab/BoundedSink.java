package org.smtpexplorer.lab;

import java.util.Arrays;

/**
 * Collects message bytes up to a limit and counts everything offered, so an over-size message can be read to its
 * end (the protocol requires it) without being kept.
 */
final class BoundedSink {
    private final long limit;
    private byte[] bytes = new byte[1024];
    private int kept;
    private long offered;

    BoundedSink(long limit) {
        this.limit = limit;
    }

    void write(int b) {
        offered++;
        if (offered > limit) {
            return;
        }
        ensure(kept + 1);
        bytes[kept++] = (byte) b;
    }

    void write(byte[] src, int off, int len) {
        long room = Math.max(0, limit - offered);
        offered += len;
        int take = (int) Math.min(room, len);
        ensure(kept + take);
        System.arraycopy(src, off, bytes, kept, take);
        kept += take;
    }

    /** Bytes offered so far, kept or not. */
    long size() {
        return offered;
    }

    boolean overflowed() {
        return offered > limit;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, kept);
    }

    private void ensure(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * bytes.length)));
        }
    }
}
