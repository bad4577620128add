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
     * buffer small enough to be still in the processor's cache when it is scanned. A large file on a machine with
     * more than one processor is scanned in two halves at once ({@link #scan(Path, long)}).
     */
    public static MessageTraits scan(Path file) throws IOException {
        return scan(file, Runtime.getRuntime().availableProcessors() > 1 ? IN_TWO_FROM : Long.MAX_VALUE);
    }

    /**
     * Files this large are scanned in two halves at once. A fresh smtpx scans 134 MiB in about 95 ms on one thread,
     * while its session on loopback reaches EHLO in about 15: a file sent for the first time held MAIL back by a
     * median 46 ms on one thread, 30 in two halves, on two shared cores (README, "Benchmarks").
     */
    static final long IN_TWO_FROM = 8L << 20;

    /** The header section must end this early in a file to be scanned in two halves. */
    private static final int HEADERS_WITHIN = 256 * 1024;

    /**
     * As {@link #scan(Path)}, in two halves at once from {@code inTwoFrom} bytes: the second half starts at a line
     * start near the middle and is scanned on a thread of its own as body text; the halves' traits are then joined.
     * A file whose header section does not end in its first 256 KiB (or has no line end near the middle) is scanned
     * whole, on one thread.
     */
    public static MessageTraits scan(Path file, long inTwoFrom) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            long split = size >= inTwoFrom && headersEnd(in) >= 0 ? lineStartNear(in, size / 2) : -1;
            if (split <= 0 || split >= size) {
                return scan(in, 0, size, new TraitsScanner());
            }
            TraitsScanner second = TraitsScanner.bodyFrom(split);
            MessageTraits[] secondHalf = new MessageTraits[1];
            Exception[] failed = new Exception[1];
            Thread t = new Thread(() -> {
                try (FileChannel own = FileChannel.open(file, StandardOpenOption.READ)) {
                    secondHalf[0] = scan(own, split, size, second);
                } catch (IOException | RuntimeException e) {
                    failed[0] = e;
                }
            }, "smtpx-traits-scan-2");
            t.setDaemon(true);
            t.start();
            TraitsScanner first = new TraitsScanner();
            MessageTraits firstHalf = scan(in, 0, split, first);
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while scanning " + file);
            }
            if (failed[0] instanceof IOException e) {
                throw e;
            } else if (failed[0] instanceof RuntimeException e) {
                throw e;
            }
            return first.inHeaders() ? scan(in, 0, size, new TraitsScanner()) : firstHalf.then(secondHalf[0]);
        }
    }

    /**
     * Where the header section ends, at its first empty line (LF, any CRs, LF; or CRs and an LF at the very start),
     * if that is in the first {@link #HEADERS_WITHIN} bytes; else -1. The scanner counts a line of CRs as empty too,
     * so it finds the same end or an earlier one.
     */
    private static long headersEnd(FileChannel in) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADERS_WITHIN);
        in.read(b, 0);
        boolean lineEmpty = true;
        for (int i = 0; i < b.position(); i++) {
            byte c = b.get(i);
            if (c == '\n') {
                if (lineEmpty) {
                    return i + 1;
                }
                lineEmpty = true;
            } else if (c != '\r') {
                lineEmpty = false;
            }
        }
        return -1;
    }

    /** The start of the first line after {@code from}, or -1 when no line ends in the next 64 KiB. */
    private static long lineStartNear(FileChannel in, long from) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        in.read(b, from);
        for (int i = 0; i < b.position(); i++) {
            if (b.get(i) == '\n') {
                return from + i + 1;
            }
        }
        return -1;
    }

    /** Scans {@code in[from, to)} with {@code scanner}, by positional reads. */
    private static MessageTraits scan(FileChannel in, long from, long to, TraitsScanner scanner) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(32 * 1024, to - from + 16));
        long at = from;
        while (at < to) {
            buf.limit((int) Math.min(buf.capacity(), buf.position() + (to - at)));
            int n = in.read(buf, at);
            if (n < 0) {
                break;
            }
            at += n;
            buf.flip();
            scanner.words(buf);
            buf.compact();
        }
        buf.flip();
        return scanner.finish(buf);
    }

    /**
     * These traits, of a message's first part that ends with a line end after its header section, joined with those
     * of the part that follows, scanned as body text from the next line on.
     */
    MessageTraits then(MessageTraits rest) {
        return new MessageTraits(eightBit || rest.eightBit, binary || rest.binary, nonAsciiHeaders,
                Math.max(longestLine, rest.longestLine), bareLf + rest.bareLf, bareCr + rest.bareCr);
    }
}
