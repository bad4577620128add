package org.smtpexplorer.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.smtpexplorer.engine.DotStuffer;

/**
 * JMH: DotStuffer.encode on a 1 MiB buffer of base64 lines (76 chars + CRLF), a few starting with a dot, into a
 * sink that discards (run with bench/jmh.sh). Compare with {@code copy1MiB}: a plain System.arraycopy of the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DotStufferBench {
    private byte[] buffer;
    private final byte[] copy = new byte[1 << 20];
    private final OutputStream discard = new OutputStream() {
        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    };

    @Setup
    public void setUp() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        Random r = new Random(9);
        buffer = new byte[1 << 20];
        int col = 0;
        for (int i = 0; i < buffer.length; i++) {
            if (col == 76) {
                buffer[i] = '\r';
                col++;
            } else if (col == 77) {
                buffer[i] = '\n';
                col = 0;
            } else {
                buffer[i] = (byte) (col == 0 && r.nextInt(100) == 0 ? '.' : alphabet.charAt(r.nextInt(64)));
                col++;
            }
        }
    }

    @Benchmark
    public long encode1MiB() throws IOException {
        DotStuffer d = new DotStuffer();
        d.encode(buffer, 0, buffer.length, discard);
        return d.outputBytes();
    }

    @Benchmark
    public byte[] copy1MiB() {
        System.arraycopy(buffer, 0, copy, 0, buffer.length);
        return copy;
    }
}
