package org.smtpexplorer.mime;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a message line by line, keeping only the start of each line and its byte offsets, so a line of any length
 * (a gigabyte of binary without a line break) costs no memory. A line ends at LF, or CRLF; a bare CR is content.
 * One line at a time: the fields describe the line last read and are overwritten by the next.
 */
final class LineReader {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    /** The offset of {@code buf[pos]} in the message. */
    private long offset;
    private int lastTerminator;

    /** The start of the current line's content, up to the {@code keep} asked for. */
    final byte[] head;
    int headLength;
    /** The current line's offset in the message. */
    long start;
    /** The current line's length without its line end. */
    long length;
    /** The current line's line end: 2 for CRLF, 1 for LF, 0 at the end of the input without one. */
    int terminator;
    /** The line end of the line before the current one (0 for the first line). */
    int precedingTerminator;

    LineReader(InputStream in, int maxKeep) {
        this.in = in;
        this.head = new byte[maxKeep];
    }

    /** The offset of the next byte to be read: after the current line and its line end. */
    long position() {
        return offset;
    }

    /** True when the current line's content is longer than what was kept of it. */
    boolean cut() {
        return length > headLength;
    }

    /** Reads the next line, keeping the first {@code keep} bytes of it; false at the end of the input. */
    boolean next(int keep) throws IOException {
        if (pos == limit && !fill()) {
            return false;
        }
        precedingTerminator = lastTerminator;
        start = offset;
        length = 0;
        headLength = 0;
        terminator = 0;
        byte last = 0;
        while (pos < limit || fill()) {
            int i = pos;
            byte[] b = buf;
            int lim = limit;
            while (i < lim && b[i] != '\n') {
                i++;
            }
            int n = i - pos;
            if (n > 0) {
                int copy = (int) Math.min(n, keep - headLength);
                if (copy > 0) {
                    System.arraycopy(b, pos, head, headLength, copy);
                    headLength += copy;
                }
                last = b[i - 1];
                length += n;
                offset += n;
                pos = i;
            }
            if (i < lim) {
                pos++;
                offset++;
                terminator = 1;
                if (length > 0 && last == '\r') {
                    terminator = 2;
                    if (headLength == length) {
                        headLength--;
                    }
                    length--;
                }
                break;
            }
        }
        lastTerminator = terminator;
        return true;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        while (n == 0) {
            n = in.read(buf, 0, buf.length);
        }
        if (n < 0) {
            pos = 0;
            limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
