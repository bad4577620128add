package org.smtpexplorer.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Turns a message into the DATA wire form (RFC 5321 §4.5.2), streaming: every line ending becomes CRLF (a bare
 * CR or bare LF never reaches the wire), and a '.' at the start of a line is doubled. The line-start state is kept
 * across calls, so a message can be fed in pieces of any size. Because of both rules, no sequence in the message
 * can end the data early: "\n.\n", "\r.\r", "\n.\r\n" and their kin all become "CRLF..CRLF".
 * <p>
 * The output is the input with bytes inserted (a CR before a bare LF, an LF after a bare CR, a dot before a dot
 * that starts a line), so the encoder searches for the next line end a word at a time ({@link LineEnds}) and passes
 * the runs in between through: a long run is written straight from the caller's array, short ones are gathered in
 * a buffer. A buffer with CRLF lines and no line-start dot goes out in one write, uncopied.
 */
public final class DotStuffer {
    private static final int BUFFER = 64 * 1024;
    /** Runs at least this long are written from the input array rather than copied into the buffer. */
    private static final int DIRECT_RUN = 8 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private boolean atLineStart = true;
    private boolean pendingCr;
    private long inputBytes;
    private long outputBytes;
    private long lines;
    private boolean finished;
    /** Reused across calls: one allocation per body, not per buffer of it. */
    private byte[] buf;
    private int buffered;

    /** Encodes {@code len} bytes into {@code out}. */
    public void encode(byte[] in, int off, int len, OutputStream out) throws IOException {
        if (finished) {
            throw new IllegalStateException("the body has already been ended");
        }
        int end = off + len;
        int i = off;
        if (pendingCr && i < end) {
            // The CR that ended the last call: a line end whatever follows, and an LF that follows is its own.
            pendingCr = false;
            gather(CRLF, 0, 2, out);
            lines++;
            atLineStart = true;
            if (in[i] == '\n') {
                i++;
            }
        }
        ByteBuffer words = LineEnds.words(in);
        int run = i;
        while (i < end) {
            if (atLineStart && in[i] == '.') {
                pass(in, run, i, out);
                put('.', out);
                run = i;
            }
            int j = LineEnds.next(words, i, end);
            if (j > i) {
                atLineStart = false;
            }
            if (j == end) {
                i = end;
                break;
            }
            if (in[j] == '\n') {
                pass(in, run, j, out);
                put('\r', out);
                run = j;
                i = j + 1;
            } else if (j + 1 == end) {
                // A CR at the end of the input: whether it is bare is known only with the next byte.
                pass(in, run, j, out);
                run = end;
                pendingCr = true;
                i = end;
                break;
            } else if (in[j + 1] == '\n') {
                i = j + 2;
            } else {
                pass(in, run, j + 1, out);
                put('\n', out);
                run = j + 1;
                i = j + 1;
            }
            lines++;
            atLineStart = true;
        }
        pass(in, run, i, out);
        drain(out);
        inputBytes += len;
    }

    /** Passes {@code in[from, to)} through unchanged, after what is already gathered. */
    private void pass(byte[] in, int from, int to, OutputStream out) throws IOException {
        int n = to - from;
        if (n >= DIRECT_RUN) {
            drain(out);
            out.write(in, from, n);
            outputBytes += n;
        } else if (n > 0) {
            gather(in, from, n, out);
        }
    }

    private void gather(byte[] in, int from, int n, OutputStream out) throws IOException {
        if (buf == null) {
            buf = new byte[BUFFER];
        }
        if (buffered + n > buf.length) {
            drain(out);
        }
        System.arraycopy(in, from, buf, buffered, n);
        buffered += n;
    }

    private void put(char c, OutputStream out) throws IOException {
        if (buf == null) {
            buf = new byte[BUFFER];
        }
        if (buffered == buf.length) {
            drain(out);
        }
        buf[buffered++] = (byte) c;
    }

    private void drain(OutputStream out) throws IOException {
        if (buffered > 0) {
            out.write(buf, 0, buffered);
            outputBytes += buffered;
            buffered = 0;
        }
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
