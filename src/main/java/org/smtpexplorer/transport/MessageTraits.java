package org.smtpexplorer.transport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a message needs from the server, and how far its line ends are from the CRLF that SMTP requires.
 *
 * @param eightBit          a byte above 127 somewhere (needs 8BITMIME)
 * @param binary            a NUL byte or a line over 998 octets (needs BINARYMIME, or re-encoding)
 * @param nonAsciiHeaders   a byte above 127 in the header section (needs SMTPUTF8, RFC 6532)
 * @param longestLine       longest line in octets, without its line end
 * @param bareLf            LF bytes not preceded by CR
 * @param bareCr            CR bytes not followed by LF (a CR as the very last byte included)
 */
public record MessageTraits(boolean eightBit, boolean binary, boolean nonAsciiHeaders, long longestLine,
                            long bareLf, long bareCr) {

    /** No message: nothing needed, nothing to change. */
    public static final MessageTraits NONE = new MessageTraits(false, false, false, 0, 0, 0);

    /** Line ends that are not CRLF. */
    public long bareLineEnds() {
        return bareLf + bareCr;
    }

    public static MessageTraits scan(InputStream raw) throws IOException {
        InputStream in = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, 64 * 1024);
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
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                int b = buf[i] & 0xff;
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
        }
        if (afterCr) {
            bareCr++;
        }
        longest = Math.max(longest, line);
        return new MessageTraits(eightBit, binary || longest > 998, nonAsciiHeaders, longest, bareLf, bareCr);
    }
}
