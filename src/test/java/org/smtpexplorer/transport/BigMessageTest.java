package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.testing.StreamingSink;

/**
 * `smtpx send` streams a 100 MiB message through DATA and through BDAT. Runs in the small-heap execution
 * (-Xmx64m), so any copy of the whole message in memory fails the test. The tests' streaming sink writes what it
 * received (DATA un-stuffed, BDAT chunks joined) to a file, whose bytes are checked, not just counted.
 */
@Tag("smallheap")
class BigMessageTest {
    private static final long SIZE = 100L * 1024 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"data", "bdat"})
    void hundredMebibytesStreamThroughASmallHeap(String transfer, @TempDir Path tmp) throws Exception {
        Path eml = tmp.resolve("big.eml");
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(eml)) {
            byte[] header = "Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            out.write(header);
            expected.update(header);
            Random r = new Random(1);
            byte[] line = new byte[78];
            long written = header.length;
            while (written < SIZE) {
                for (int i = 0; i < 76; i++) {
                    line[i] = (byte) (r.nextInt(10) == 0 ? '.' : 'A' + r.nextInt(26));
                }
                line[76] = '\r';
                line[77] = '\n';
                out.write(line);
                expected.update(line);
                written += line.length;
            }
        }
        Path received = tmp.resolve("received.eml");
        try (StreamingSink sink = new StreamingSink(received)) {
            Smtpx.Run run = Smtpx.send(sink.port(), "--security", "none", "--from", "a@example.com", "--to",
                    "b@example.com", "--eml", eml.toString(), "--transfer", transfer, "--chunk-size", "8388608",
                    "--timeout", "60");
            sink.await();
            assertThat(run.exit()).as(run.describe()).isZero();
            assertThat(Files.size(received)).isEqualTo(Files.size(eml));
            MessageDigest got = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(received)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    got.update(buf, 0, n);
                }
            }
            assertThat(got.digest()).isEqualTo(expected.digest());
            assertThat(run.out()).contains("* Sent: 250 ").doesNotContain("OutOfMemory");
        }
    }
}
