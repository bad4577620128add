package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** InstantText writes what Instant.toString writes, for any instant, whatever its fraction. */
class InstantTextTest {
    @Test
    void theSameTextAsInstantToString() {
        Random r = new Random(14);
        long[] nanos = {0, 1, 999_999_999, 1_000_000, 120_000_000, 1_000, 123_456_000, 123_456_789, 100};
        for (int i = 0; i < 20_000; i++) {
            long seconds = i < 10_000 ? r.nextLong() % 400_000_000_000L : 1_700_000_000L + r.nextInt(400_000_000);
            int nano = i % 3 == 0 ? (int) nanos[r.nextInt(nanos.length)] : r.nextInt(1_000_000_000);
            Instant t = Instant.ofEpochSecond(seconds, nano);
            assertThat(InstantText.of(t)).as("%d s %d ns", seconds, nano).isEqualTo(t.toString());
        }
        for (Instant t : new Instant[] {Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("2026-11-30T10:13:04.8Z")}) {
            assertThat(InstantText.of(t)).isEqualTo(t.toString());
        }
    }
}
