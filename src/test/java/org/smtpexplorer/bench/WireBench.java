package org.smtpexplorer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.smtpexplorer.engine.DotStuffer;
import org.smtpexplorer.transport.MessageTraits;

/**
 * JMH, issue 14: the per-byte work of sending on a 64 MiB message of base64 lines (76 characters and CRLF), run by
 * bench/jmh.sh. Multiply ops/s by 64 for MiB/s.
 * <ul>
 *   <li>{@code stuff}: DotStuffer.encode fed in 64 KiB pieces, as DATA feeds it, into a stream that discards.
 *   {@code dots=none}: nothing to change (the stuffer should write the input through); {@code dots=1pct}: one line
 *   in a hundred starts with a dot.</li>
 *   <li>{@code scanStream}: MessageTraits.scan of the buffer as a stream; {@code scanFileAsStream}: of the file
 *   through Files.newInputStream, as MessageSource.of(Path) did before issue 14; {@code scanFileOneThread}: the
 *   file by MessageTraits.scan(Path) on one thread, as before 2026-11-30; {@code scanFile}: the file through
 *   MessageTraits.scan(Path), in two halves at once (exclude both to run this class against a build before issue
 *   14).</li>
 *   <li>{@code copy}: System.arraycopy of the 64 MiB, the ceiling.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class WireBench {
    private static final int SIZE = 64 << 20;
    private static final int PIECE = 64 << 10;

    @Param({"none", "1pct"})
    public String dots;

    private byte[] message;
    private byte[] copy;
    private Path file;
    private final OutputStream discard = new OutputStream() {
        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    };

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        Random r = new Random(14);
        message = new byte[SIZE];
        copy = new byte[SIZE];
        boolean withDots = dots.equals("1pct");
        int col = 0;
        for (int i = 0; i < message.length; i++) {
            if (col == 76) {
                message[i] = '\r';
                col++;
            } else if (col == 77) {
                message[i] = '\n';
                col = 0;
            } else {
                message[i] = (byte) (col == 0 && withDots && r.nextInt(100) == 0 ? '.'
                        : alphabet.charAt(r.nextInt(64)));
                col++;
            }
        }
        // A message, as sent: a header section before the lines (the scan goes in two halves only after one).
        byte[] head = "Subject: WireBench\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, message, 0, head.length);
        file = Files.createTempFile("wirebench-", ".eml");
        Files.write(file, message);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long stuff() throws IOException {
        DotStuffer d = new DotStuffer();
        for (int off = 0; off < message.length; off += PIECE) {
            d.encode(message, off, Math.min(PIECE, message.length - off), discard);
        }
        return d.outputBytes();
    }

    @Benchmark
    public MessageTraits scanStream() throws IOException {
        return MessageTraits.scan(new java.io.ByteArrayInputStream(message));
    }

    @Benchmark
    public MessageTraits scanFileAsStream() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return MessageTraits.scan(in);
        }
    }

    @Benchmark
    public MessageTraits scanFile() throws IOException {
        return MessageTraits.scan(file);
    }

    /** The same on one thread, as before the scan went in two halves: the baseline of {@code scanFile}. */
    @Benchmark
    public MessageTraits scanFileOneThread() throws IOException {
        return MessageTraits.scan(file, Long.MAX_VALUE);
    }

    @Benchmark
    public byte[] copy() {
        System.arraycopy(message, 0, copy, 0, message.length);
        return copy;
    }
}
