package org.smtpexplorer.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.DotStuffer;

class DataReaderTest {

    /** Runs the reader over {@code wire} in pieces of {@code piece} bytes; returns the bytes left over. */
    private static String run(DataReader r, String wire, int piece) {
        byte[] b = wire.getBytes(StandardCharsets.UTF_8);
        int pos = 0;
        while (pos < b.length && !r.done()) {
            pos += r.feed(b, pos, Math.min(piece, b.length - pos));
        }
        return new String(b, pos, b.length - pos, StandardCharsets.UTF_8);
    }

    private static String stored(BoundedSink sink) {
        return new String(sink.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void unstuffsAndStopsRightAfterTheTerminator() {
        for (int piece : new int[] {1, 2, 3, 1000}) {
            BoundedSink sink = new BoundedSink(1000);
            DataReader r = new DataReader(false, sink);
            String rest = run(r, "..a\r\n..\r\n.b.\r\nx\r\n.\r\nQUIT\r\n", piece);
            assertThat(r.done()).isTrue();
            assertThat(stored(sink)).isEqualTo(".a\r\n.\r\nb.\r\nx\r\n");
            assertThat(rest).isEqualTo("QUIT\r\n");
            assertThat(r.consumed()).isEqualTo(20);
        }
    }

    @Test
    void anImmediateDotIsAnEmptyMessage() {
        BoundedSink sink = new BoundedSink(10);
        DataReader r = new DataReader(false, sink);
        assertThat(run(r, ".\r\nNOOP\r\n", 100)).isEqualTo("NOOP\r\n");
        assertThat(sink.toByteArray()).isEmpty();
    }

    @Test
    void strictModeKeepsBareLineEndsAsContentAndCountsThem() {
        BoundedSink sink = new BoundedSink(1000);
        DataReader r = new DataReader(false, sink);
        // After "x<LF>" no line has started, so the dot of "<LF>.<CR><LF>" would be content; "<CR><LF>." ends.
        String rest = run(r, "a\n.\nb\r.\rc\r\n.x\n.\r\n\r\n.\r\n", 1);
        assertThat(r.done()).isTrue();
        assertThat(rest).isEmpty();
        assertThat(stored(sink)).isEqualTo("a\n.\nb\r.\rc\r\nx\n.\r\n\r\n");
        assertThat(r.bareLf()).isEqualTo(3);
        assertThat(r.bareCr()).isEqualTo(2);
        assertThat(r.firstBareAt()).isEqualTo(1);
    }

    @Test
    void lfTolerantModeEndsAtEveryKindOfLineEndedDot() {
        for (String end : List.of("\n.\n", "\n.\r\n", "\r\n.\n", "\r\n.\r\n")) {
            BoundedSink sink = new BoundedSink(1000);
            DataReader r = new DataReader(true, sink);
            assertThat(run(r, "hello" + end + "MAIL", 1)).isEqualTo("MAIL");
            assertThat(stored(sink)).isEqualTo("hello" + end.substring(0, end.indexOf('.')));
        }
    }

    @Test
    void anOverSizeMessageIsReadToItsEndButNotKept() {
        BoundedSink sink = new BoundedSink(4);
        DataReader r = new DataReader(false, sink);
        assertThat(run(r, "123456789\r\n.\r\n", 5)).isEmpty();
        assertThat(r.done()).isTrue();
        assertThat(sink.overflowed()).isTrue();
        assertThat(sink.size()).isEqualTo(11);
        assertThat(sink.toByteArray()).hasSize(4);
    }

    @Property(tries = 300)
    void whatTheEngineStuffsTheLabUnstuffsExactly(
            @ForAll @Size(max = 12) List<@StringLength(max = 12) String> lines,
            @ForAll @IntRange(min = 1, max = 17) int piece) {
        StringBuilder message = new StringBuilder();
        for (String line : lines) {
            message.append(line.replace('\r', '.').replace('\n', '.')).append("\r\n");
        }
        byte[] original = message.toString().getBytes(StandardCharsets.UTF_8);
        DotStuffer stuffer = new DotStuffer();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(stuffer.encode(original));
        wire.writeBytes(stuffer.finish());
        wire.writeBytes("NEXT".getBytes(StandardCharsets.US_ASCII));
        BoundedSink sink = new BoundedSink(1 << 20);
        DataReader r = new DataReader(false, sink);
        String rest = run(r, wire.toString(StandardCharsets.UTF_8), piece);
        assertThat(rest).isEqualTo("NEXT");
        assertThat(sink.toByteArray()).isEqualTo(original);
        assertThat(r.bareLf() + r.bareCr()).isZero();
    }
}
