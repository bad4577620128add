package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpReply;

/** The timing waterfall of a session whose clock the test moves by hand. */
class WaterfallTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    /** A clock that shows whatever the test set last. */
    private static final class HandClock extends Clock {
        private Instant now = T0;

        void at(long micros) {
            now = T0.plusNanos(micros * 1000);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static SmtpReply reply(String text) {
        return new ReplyParser().feed((text + "\r\n").getBytes(StandardCharsets.US_ASCII)).get(0);
    }

    @Test
    void eachPhaseIsABarOnOneAxisFromTheNameLookupOn() {
        HandClock clock = new HandClock();
        Transcript t = new Transcript(clock);
        clock.at(3_000);
        t.connect("mx.example", "192.0.2.1", 25, 3_000L);
        clock.at(5_000);
        t.note("Connected to mx.example/192.0.2.1:25 from /192.0.2.9:40000");
        clock.at(45_000);
        t.server(reply("220 mx.example ESMTP"), "CONNECT", 0, null);
        clock.at(46_000);
        t.client(SmtpCommand.starttls(), 1);
        clock.at(50_000);
        t.server(reply("220 2.0.0 go ahead"), "STARTTLS", 1, 4_000L);
        clock.at(80_000);
        t.append((seq, time) -> new TranscriptEntry.TlsUp(seq, time, "TLS established", "TLSv1.3", "TLS_AES",
                true, "trusted", false, null, null, null, 1));
        clock.at(81_000);
        t.client(SmtpCommand.mail("a@example.com"), 2);
        t.client(SmtpCommand.rcpt("b@example.com"), 2);
        t.client(SmtpCommand.rcpt("c@example.com"), 2);
        clock.at(91_000);
        t.server(reply("250 ok"), "MAIL", 2, 10_000L);
        t.server(reply("250 ok"), "RCPT", 2, 10_000L);
        t.server(reply("550 5.1.1 no such user"), "RCPT", 2, 10_000L);
        clock.at(92_000);
        t.client(SmtpCommand.bdat(5, true), 3);
        clock.at(96_000);
        t.payload("BDAT chunk 1 of 1: 5 bytes", "hello".getBytes(StandardCharsets.US_ASCII), 5, "BDAT");
        clock.at(100_000);
        t.server(reply("250 queued"), "BDAT", 3, 8_000L);

        Waterfall w = Waterfall.of(t.entries());
        assertThat(w.start()).isEqualTo(T0);
        assertThat(w.bars()).extracting(b -> b.phase() + " " + b.label() + " " + b.startMicros() + ".."
                + b.endMicros()).containsExactly(
                "LOOKUP look up mx.example 0..3000",
                "CONNECT connect to [192.0.2.1]:25 3000..5000",
                "GREETING greeting 220 5000..45000",
                "REPLY STARTTLS 220 46000..50000",
                "TLS TLS TLSv1.3 TLS_AES 50000..80000",
                "REPLY MAIL 250 81000..91000",
                "REPLY RCPT 250 81000..91000",
                "REPLY RCPT 550 81000..91000",
                "TRANSFER BDAT chunk 1 of 1: 5 bytes 92000..96000",
                "REPLY BDAT 250 92000..100000");
        assertThat(w.bars()).filteredOn(Waterfall.Bar::refusal).singleElement()
                .satisfies(b -> assertThat(b.label()).isEqualTo("RCPT 550"));
        assertThat(w.totalMicros()).isEqualTo(100_000);
        assertThat(w.totals()).containsEntry(Waterfall.Phase.LOOKUP, 3_000L)
                .containsEntry(Waterfall.Phase.TLS, 30_000L).containsEntry(Waterfall.Phase.REPLY, 42_000L)
                .containsEntry(Waterfall.Phase.TRANSFER, 4_000L);

        String text = w.toText(20);
        assertThat(text.lines()).hasSize(11);
        assertThat(text.lines().findFirst().orElseThrow()).isEqualTo("   0.0 ms    3.0 ms  #  look up mx.example");
        assertThat(text).contains("  81.0 ms   10.0 ms                  !!  RCPT 550")
                .endsWith("total; name lookup 3.0 ms; TCP connect 2.0 ms; greeting 40.0 ms; reply wait 42.0 ms;"
                        + " TLS handshake 30.0 ms; payload transfer 4.0 ms\n");
    }

    @Test
    void aSessionWithoutTimedLookupStartsAtItsFirstEventAndNothingIsAnEmptyWaterfall() {
        HandClock clock = new HandClock();
        Transcript t = new Transcript(clock);
        clock.at(1_000);
        t.note("importing");
        clock.at(2_000);
        t.connect("mx.example", "192.0.2.1", 25);
        Waterfall w = Waterfall.of(t.entries());
        assertThat(w.start()).isEqualTo(T0.plusNanos(1_000_000));
        assertThat(w.bars()).singleElement().satisfies(b -> {
            assertThat(b.phase()).isEqualTo(Waterfall.Phase.CONNECT);
            assertThat(b.startMicros()).isEqualTo(1_000);
            assertThat(b.micros()).as("an attempt with nothing after it").isZero();
        });
        assertThat(Waterfall.of(List.of()).bars()).isEmpty();
        assertThat(Waterfall.of(List.of()).totalMicros()).isZero();
    }

    @Test
    void theLastSessionStartsAtItsFirstTimedAttempt() {
        HandClock clock = new HandClock();
        Transcript t = new Transcript(clock);
        t.connect("old.example", "192.0.2.1", 25, 100L);
        t.note("an earlier session");
        t.connect("mx.example", "2001:db8::1", 25, 2_000L);
        t.note("Could not connect to [2001:db8::1]:25: unreachable");
        t.connect("mx.example", "192.0.2.2", 25, null);
        t.note("Connected");
        List<TranscriptEntry> last = Waterfall.lastSession(t.entries());
        assertThat(last).hasSize(4);
        assertThat(((TranscriptEntry.Connect) last.get(0)).address()).isEqualTo("2001:db8::1");
        assertThat(Waterfall.of(last).bars()).extracting(Waterfall.Bar::phase).containsExactly(
                Waterfall.Phase.LOOKUP, Waterfall.Phase.CONNECT, Waterfall.Phase.CONNECT);

        Transcript untimed = new Transcript(clock);
        untimed.connect("a.example", "192.0.2.1", 25);
        untimed.note("one");
        untimed.connect("b.example", "192.0.2.2", 25);
        untimed.note("two");
        assertThat(Waterfall.lastSession(untimed.entries())).extracting(TranscriptEntry::text)
                .containsExactly("Connecting to b.example [192.0.2.2]:25", "two");
        assertThat(Waterfall.lastSession(List.of())).isEmpty();
    }
}
