package org.smtpexplorer.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns a message into the DATA wire form (RFC 5321 §4.5.2), streaming: every line ending becomes CRLF (a bare
 * CR or bare LF never reaches the wire), and a '.' at the start of a line is doubled. The line-start state is kept
 * across calls, so a message can be fed in pieces of any size. Because of both rules, no sequence in the message
 * can end the data early: "\n.\n", "\r.\r", "\n.\r\n" and their kin all become "CRLF..CRLF".
 */
public final class DotStuffer {
    private static final int BUFFER = 2 * 65536 + 4;
    private boolean atLineStart = true;
    private boolean pendingCr;
    private long inputBytes;
    private long outputBytes;
    private long lines;
    private boolean finished;
    /** Reused across calls: one allocation per body, not per buffer of it. */
    private byte[] buf;

    /** Encodes {@code len} bytes into {@code out}. */
    public void encode(byte[] in, int off, int len, OutputStream out) throws IOException {
        if (finished) {
            throw new IllegalStateException("the body has already been ended");
        }
        if (buf == null) {
            buf = new byte[BUFFER];
        }
        int n = 0;
        for (int i = off; i < off + len; i++) {
            if (n > buf.length - 4) {
                out.write(buf, 0, n);
                outputBytes += n;
                n = 0;
            }
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

    /** Encodes a whole array; convenient for tests and small messages. */
    public byte[] encode(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
        try {
            encode(in, 0, in.length, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** The end of the body: the last line's CRLF if it lacked one, then ".CRLF". */
    public byte[] finish() {
        if (finished) {
            throw new IllegalStateException("the body has already been ended");
        }
        finished = true;
        String end;
        if (pendingCr) {
            end = "\r\n.\r\n";
        } else if (atLineStart) {
            end = ".\r\n";
        } else {
            end = "\r\n.\r\n";
        }
        outputBytes += end.length();
        return end.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public long inputBytes() {
        return inputBytes;
    }

    /** Bytes produced so far, the terminator included once finished. */
    public long outputBytes() {
        return outputBytes;
    }

    public long lines() {
        return lines;
    }
}
