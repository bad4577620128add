package org.smtpexplorer.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads a message with every line end turned into CRLF: a bare LF becomes CRLF, a bare CR becomes CRLF, CRLF
 * stays. This is what DATA's {@link DotStuffer} does on the way out, for transfers that are not dot-stuffed (BDAT):
 * the same message then reaches the server with the same bytes whichever command carries it. The output is longer
 * than the input by exactly the number of bare line ends (see {@code MessageTraits}). Runs up to the next bare line
 * end, CRLF pairs included, are found a word at a time ({@link LineEnds}) and copied whole.
 */
public final class CrlfInputStream extends InputStream {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private final ByteBuffer words = LineEnds.words(buf);
    private int pos;
    private int lim;
    private boolean eof;
    /** The last byte given out was a CR taken from the input: the next byte decides if it was bare. */
    private boolean afterCr;
    /** An LF owed after a CR inserted for a bare LF. */
    private boolean owedLf;

    public CrlfInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] out, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
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
            if (afterCr) {
                afterCr = false;
                if (buf[pos] == '\n') {
                    pos++;
                }
                out[off + n++] = '\n';
                continue;
            }
            // Copy the run up to the next bare line end (CRLF pairs are part of the run) in one go.
            int stop = Math.min(lim, pos + (len - n));
            int j = LineEnds.next(words, pos, stop);
            while (j + 1 < stop && buf[j] == '\r' && buf[j + 1] == '\n') {
                j = LineEnds.next(words, j + 2, stop);
            }
            if (j > pos) {
                System.arraycopy(buf, pos, out, off + n, j - pos);
                n += j - pos;
                pos = j;
                continue;
            }
            byte c = buf[pos++];
            out[off + n++] = '\r';
            if (c == '\r') {
                afterCr = true;
            } else {
                owedLf = true;
            }
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
