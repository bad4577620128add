package org.smtpexplorer.lab;

/**
 * The server side of DATA (RFC 5321 §4.5.2), sans-IO: fed the bytes after 354, it finds the end of the message,
 * removes the dot-stuffing and keeps the exact bytes in between. It stops right after the terminator, so bytes the
 * client pipelined after the final dot stay with the caller and are read as commands.
 *
 * <p>Strictly, only CRLF starts a new line, so only CRLF.CRLF ends the message; a bare CR or LF is content and is
 * counted. In the bare-LF tolerant mode a lone LF also ends a line, so LF.LF and LF.CRLF end the message too:
 * the behaviour SMTP smuggling exploits.
 */
final class DataReader {
    private final boolean lfEndsLine;
    private final BoundedSink sink;
    private boolean lineStart = true;
    private boolean afterCr;
    /** 1 after a dot at the start of a line, 2 after dot and CR. */
    private int dot;
    private boolean done;
    private long bareLf;
    private long bareCr;
    private long firstBareAt = -1;
    private long consumed;

    DataReader(boolean lfEndsLine, BoundedSink sink) {
        this.lfEndsLine = lfEndsLine;
        this.sink = sink;
    }

    /** Takes bytes from {@code buf}; returns how many it took, which is fewer than {@code len} only at the end. */
    int feed(byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && !done) {
            step(buf[i++] & 0xff);
        }
        consumed += i - off;
        return i - off;
    }

    private void step(int b) {
        if (dot == 1) {
            if (b == '\r') {
                dot = 2;
                return;
            }
            dot = 0;
            if (b == '\n' && lfEndsLine) {
                done = true;
                return;
            }
        } else if (dot == 2) {
            dot = 0;
            if (b == '\n') {
                done = true;
                return;
            }
            content('\r');
        }
        if (lineStart && b == '.') {
            // The dot is removed whatever follows: either it ends the data or it was doubled by the client.
            dot = 1;
            lineStart = false;
            return;
        }
        content(b);
    }

    private void content(int b) {
        sink.write(b);
        if (b == '\n') {
            if (afterCr) {
                lineStart = true;
            } else {
                noteBare(true);
                lineStart = lfEndsLine;
            }
            afterCr = false;
            return;
        }
        if (afterCr) {
            noteBare(false);
        }
        afterCr = b == '\r';
        lineStart = false;
    }

    private void noteBare(boolean lf) {
        if (lf) {
            bareLf++;
        } else {
            bareCr++;
        }
        if (firstBareAt < 0) {
            firstBareAt = sink.size() - (lf ? 1 : 2);
        }
    }

    boolean done() {
        return done;
    }

    /** Bytes taken from the wire so far, the terminator included. */
    long consumed() {
        return consumed;
    }

    long bareLf() {
        return bareLf;
    }

    long bareCr() {
        return bareCr;
    }

    /** Offset in the stored message of the first bare CR or LF, or -1. */
    long firstBareAt() {
        return firstBareAt;
    }
}
