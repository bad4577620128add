package org.smtpexplorer.transport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a message needs from the server.
 *
 * @param eightBit          a byte above 127 somewhere (needs 8BITMIME)
 * @param binary            a NUL byte or a line over 998 octets (needs BINARYMIME, or re-encoding)
 * @param nonAsciiHeaders   a byte above 127 in the header section (needs SMTPUTF8, RFC 6532)
 * @param longestLine       longest line in octets, without its line end
 */
public record MessageTraits(boolean eightBit, boolean binary, boolean nonAsciiHeaders, long longestLine) {

    public static MessageTraits scan(InputStream raw) throws IOException {
        InputStream in = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, 64 * 1024);
        boolean eightBit = false;
        boolean binary = false;
        boolean nonAsciiHeaders = false;
        boolean inHeaders = true;
        long line = 0;
        long longest = 0;
        boolean lineEmpty = true;
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                int b = buf[i] & 0xff;
                if (b == '\n') {
                    if (inHeaders && lineEmpty) {
                        inHeaders = false;
                    }
                    longest = Math.max(longest, line);
                    line = 0;
                    lineEmpty = true;
                    continue;
                }
                if (b == '\r') {
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
        longest = Math.max(longest, line);
        return new MessageTraits(eightBit, binary || longest > 998, nonAsciiHeaders, longest);
    }
}
