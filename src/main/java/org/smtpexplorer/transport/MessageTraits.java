package org.smtpexplorer.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

    /** Scans a message read from {@code in}, to its end. */
    public static MessageTraits scan(InputStream in) throws IOException {
        TraitsScanner scanner = new TraitsScanner();
        byte[] buf = new byte[64 * 1024];
        int have = 0;
        int n;
        while ((n = in.read(buf, have, buf.length - have)) > 0) {
            have += n;
            int done = scanner.words(buf, 0, have);
            // Fewer than 8 bytes are left over: they start the next word.
            System.arraycopy(buf, done, buf, 0, have - done);
            have -= done;
        }
        return scanner.finish(ByteBuffer.wrap(buf, 0, have));
    }

    /**
     * Scans a message file: read by the channel straight into a direct buffer, so each byte is copied once, into a
     * buffer small enough to be still in the processor's cache when it is scanned.
     */
    public static MessageTraits scan(Path file) throws IOException {
        TraitsScanner scanner = new TraitsScanner();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(32 * 1024, in.size() + 16));
            while (in.read(buf) >= 0) {
                buf.flip();
                scanner.words(buf);
                buf.compact();
            }
            buf.flip();
            return scanner.finish(buf);
        }
    }
}
