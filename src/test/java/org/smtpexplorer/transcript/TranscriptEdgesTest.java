package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpCommand;

/** The transcript's edges, found by mutation testing. */
class TranscriptEdgesTest {

    @Test
    void escapingAtTheControlBoundaries() {
        assertThat(Printable.escape("a\u001fb\u0020c\u007ed\u007fe\u009ff\u00a0g\th"))
                .isEqualTo("a\\x1fb c~d\\x7fe\\x9ff\u00a0g\\th");
    }

    @Test
    void appendReturnsTheEntryAndListenersHearImports() throws Exception {
        Transcript t = new Transcript();
        TranscriptEntry e = t.note("hello");
        assertThat(e).isNotNull();
        assertThat(e.seq()).isZero();
        assertThat(t.since(0)).containsExactly(e);
        assertThat(t.since(5)).isEmpty();
        t.client(SmtpCommand.auth("PLAIN", "c2VjcmV0"), 1);
        t.server(new ReplyParser().feed("250-a\n250 b\n".getBytes(StandardCharsets.US_ASCII)).get(0), "EHLO", 2,
                5L);
        t.server(new ReplyParser().feed("250 ok\r\n".getBytes(StandardCharsets.US_ASCII)).get(0), "NOOP", 3, 5L);
        assertThat(((TranscriptEntry.Reply) t.entries().get(2)).bareLf()).isTrue();
        assertThat(((TranscriptEntry.Reply) t.entries().get(3)).bareLf()).isFalse();
        assertThat(t.entries().get(1).redactedRaw()).isEqualTo("AUTH PLAIN <redacted>\r\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(t.entries().get(0).redactedRaw()).isNull();
        assertThat(t.entries().get(3).redactedRaw()).isEqualTo("250 ok\r\n".getBytes(StandardCharsets.US_ASCII));

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        TranscriptExport.writeJson(t.entries(), false, json);
        Transcript imported = new Transcript();
        List<TranscriptEntry> heard = new ArrayList<>();
        imported.addListener(heard::add);
        for (TranscriptEntry x : TranscriptExport.readJson(new ByteArrayInputStream(json.toByteArray()))) {
            imported.appendImported(x);
        }
        assertThat(heard).hasSize(4);
        assertThat(imported.entries()).extracting(TranscriptEntry::text).containsExactly("hello",
                "AUTH PLAIN <redacted>", "250-a\n250 b", "250 ok");
        assertThat(imported.entries().get(2).raw()).isEqualTo("250-a\n250 b\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theLadderAtItsEdges() {
        Transcript t = new Transcript();
        t.connect("::1", "0:0:0:0:0:0:0:1", 2525);
        t.client(SmtpCommand.noop(), 2);
        t.server(new ReplyParser().feed("250 ok\r\n".getBytes(StandardCharsets.US_ASCII)).get(0), "NOOP", 2, 999L);
        t.client(SmtpCommand.noop(), 3);
        t.server(new ReplyParser().feed("250 ok\r\n".getBytes(StandardCharsets.US_ASCII)).get(0), "NOOP", 3, 1000L);
        t.client(SmtpCommand.quit(), 0);
        t.server(new ReplyParser().feed("221 bye\r\n".getBytes(StandardCharsets.US_ASCII)).get(0), "QUIT", 0,
                10_000_000L);
        t.server(new ReplyParser().feed("421 gone\r\n".getBytes(StandardCharsets.US_ASCII)).get(0), null, 0, null);
        Ladder ladder = Ladder.of(t.entries());
        assertThat(ladder.server()).isEqualTo("[::1]:2525");
        assertThat(ladder.steps().get(1).encrypted()).isFalse();
        assertThat(ladder.steps().get(8 - 1).latencyMicros()).isEqualTo(-1);
        String m = ladder.toMermaid();
        assertThat(m).contains("S-->>C: 250 ok (999 µs)", "S-->>C: 250 ok (1.0 ms)", "S-->>C: 221 bye (10.0 s)",
                "S-->>C: ⚠ 421 gone\n").doesNotContain("rect").doesNotContain("pipelined");
        Ladder.Rung reply = ladder.steps().get(2);
        assertThat(reply.refusal()).isFalse();
        Transcript plain = new Transcript();
        plain.append((seq, time) -> new TranscriptEntry.Connect(seq, time, "somewhere", null, null, 0, null));
        assertThat(Ladder.of(plain.entries()).server()).isEqualTo("server");
        plain.append((seq, time) -> new TranscriptEntry.Connect(seq, time, "Connecting to a.example", "a.example",
                null, 0, null));
        assertThat(Ladder.of(plain.entries()).server()).isEqualTo("a.example");
    }
}
