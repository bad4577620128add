package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.transcript.Ladder.Direction;
import org.smtpexplorer.transcript.Ladder.Kind;
import org.smtpexplorer.transcript.Ladder.Rung;
import org.smtpexplorer.transcript.LadderLayout.Align;
import org.smtpexplorer.transcript.LadderLayout.Columns;
import org.smtpexplorer.transcript.LadderLayout.Shape;

/** Where the ladder's rows, fans and labels go, which rows are drawn for a viewport, and which rung a click hits. */
class LadderLayoutTest {
    private static final ToDoubleFunction<String> WIDTH = s -> s.length() * 7.0;
    private long seq;

    private Rung command(String label, int flight) {
        return new Rung(Direction.TO_SERVER, Kind.COMMAND, label, flight, 0, -1, -1, false, seq++, -1);
    }

    private Rung chunk(long bytes, int flight) {
        return new Rung(Direction.TO_SERVER, Kind.PAYLOAD, "BDAT payload, " + bytes + " bytes", flight, 0, -1, bytes,
                false, seq++, -1);
    }

    private Rung reply(String label, int flight) {
        return new Rung(Direction.TO_CLIENT, Kind.REPLY, label, flight, Integer.parseInt(label.substring(0, 1)), 1500,
                -1, false, seq++, -1);
    }

    private Rung tls() {
        return new Rung(Direction.ACROSS, Kind.TLS, "TLS TLSv1.3 TLS_AES_128_GCM_SHA256, certificate verified", 0, 0,
                -1, -1, true, seq++, -1);
    }

    /** EHLO and its reply, then MAIL, 2 RCPT and BDAT with its chunk in one flight, and their 4 replies. */
    private List<Rung> session() {
        List<Rung> rungs = new ArrayList<>(List.of(command("EHLO explorer.local", 1), reply("250 lab.example", 1),
                tls(), command("MAIL FROM:<a@example.com>", 2), command("RCPT TO:<b@example.com>", 2),
                command("RCPT TO:<c@example.com>", 2), command("BDAT 300 LAST", 2), chunk(300, 2)));
        rungs.addAll(List.of(reply("250 2.1.0 Ok", 2), reply("250 2.1.5 Ok", 2), reply("550 5.1.1 No such user", 2),
                reply("250 2.0.0 Queued", 2), command("QUIT", 3), reply("221 Bye", 3)));
        return rungs;
    }

    private static LadderLayout laidOut(List<Rung> rungs) {
        LadderLayout layout = new LadderLayout(13);
        layout.update(rungs, 0);
        return layout;
    }

    @Test
    void aPipelinedFlightLeavesTogetherAndItsRepliesComeBackTogether() {
        LadderLayout layout = laidOut(session());
        Columns c = layout.columns(800);
        LadderLayout.Burst burst = layout.burst(3);
        assertThat(burst.first()).isEqualTo(3);
        assertThat(burst.outgoing()).isEqualTo(5);
        assertThat(burst.replies()).isEqualTo(4);
        assertThat(burst.fan()).isTrue();
        assertThat(burst.caption()).isEqualTo("\u21c9 pipelined: 4 commands + 1 chunk, then 4 replies");
        assertThat(layout.burst(1).fan()).as("EHLO alone is no fan").isFalse();
        for (int k = 0; k < 5; k++) {
            Shape s = layout.shape(3 + k, c);
            assertThat(s.fan()).isTrue();
            assertThat(s.x1()).isEqualTo(c.clientX());
            assertThat(s.x2()).isEqualTo(c.serverX());
            // They leave the client a small step apart, and arrive at the server a row apart.
            assertThat(s.y1() - layout.shape(3, c).y1()).isEqualTo(k * layout.fanStep());
            assertThat(s.y2()).isBetween(layout.rowTop(3 + k), layout.rowTop(3 + k) + layout.rowHeight(3 + k));
            if (k > 0) {
                assertThat(s.y2() - layout.shape(3 + k - 1, c).y2()).isEqualTo(layout.rowHeight());
            }
            assertThat(s.align()).as("the label sits where the arrows are apart: at the server").isEqualTo(Align.RIGHT);
        }
        for (int k = 0; k < 4; k++) {
            Shape s = layout.shape(8 + k, c);
            assertThat(s.x1()).isEqualTo(c.serverX());
            assertThat(s.x2()).isEqualTo(c.clientX());
            assertThat(s.y1() - layout.shape(8, c).y1()).isEqualTo(k * layout.fanStep());
            assertThat(s.align()).isEqualTo(Align.LEFT);
        }
        // The fan's first row makes room for its caption; a plain exchange is horizontal and centred.
        assertThat(layout.rowHeight(3)).isEqualTo(layout.rowHeight() + layout.captionHeight());
        assertThat(layout.rowHeight(4)).isEqualTo(layout.rowHeight());
        Shape ehlo = layout.shape(0, c);
        assertThat(ehlo.y1()).isEqualTo(ehlo.y2());
        assertThat(ehlo.align()).isEqualTo(Align.CENTER);
        assertThat(ehlo.labelX()).isEqualTo((c.clientX() + c.serverX()) / 2);
        Shape band = layout.shape(2, c);
        assertThat(band.band()).isTrue();
        assertThat(band.label())
                .isEqualTo("TLS handshake: certificate verified\nTLSv1.3 \u00b7 TLS_AES_128_GCM_SHA256");
        assertThat(layout.rowHeight(2)).isGreaterThan(layout.rowHeight());
    }

    @Test
    void aBurstLongerThanAFanIsDrawnAsSeveralFans() {
        List<Rung> rungs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rungs.add(command("RCPT TO:<r" + i + "@example.com>", 7));
        }
        LadderLayout layout = laidOut(rungs);
        Columns c = layout.columns(800);
        int max = LadderLayout.FAN_MAX;
        assertThat(layout.shape(max - 1, c).y1() - layout.shape(0, c).y1()).isEqualTo((max - 1) * layout.fanStep());
        // Arrow FAN_MAX starts a new fan, at its own row.
        assertThat(layout.shape(max, c).y1()).isEqualTo(layout.shape(max, c).y2());
        assertThat(layout.shape(max + 1, c).y1() - layout.shape(max, c).y1()).isEqualTo(layout.fanStep());
    }

    @Test
    void onlyTheRowsInViewAreDrawnOfTenThousand() {
        List<Rung> rungs = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            rungs.add(command("NOOP", 10 + i));
            rungs.add(reply("250 2.0.0 Ok", 10 + i));
        }
        LadderLayout layout = new LadderLayout(13);
        // Appended a few at a time, as a live session does.
        for (int i = 0; i < rungs.size(); i += 7) {
            layout.update(rungs.subList(0, Math.min(rungs.size(), i + 7)), i);
        }
        assertThat(layout.size()).isEqualTo(10_000);
        assertThat(layout.totalHeight()).isEqualTo(10_000 * layout.rowHeight());
        double top = 123_456;
        double height = 600;
        int[] range = layout.rowsToDraw(top, height);
        assertThat(range[0]).isEqualTo((int) (top / layout.rowHeight()));
        assertThat(range[1] - range[0]).isLessThanOrEqualTo((int) (height / layout.rowHeight()) + 2
                + LadderLayout.FAN_MAX);
        assertThat(layout.rowTop(range[0])).isLessThanOrEqualTo(top);
        assertThat(layout.rowTop(range[0] + 1)).isGreaterThan(top);
        assertThat(layout.rowTop(range[1] - 1)).isGreaterThanOrEqualTo(top + height - layout.rowHeight());
        for (double y : new double[] {0, 1, layout.rowHeight() - 0.1, layout.rowHeight(), 99_999.5,
            layout.totalHeight() - 1}) {
            int row = layout.rowAt(y);
            assertThat(layout.rowTop(row)).isLessThanOrEqualTo(y);
            assertThat(layout.rowTop(row) + layout.rowHeight(row)).isGreaterThan(y);
        }
        assertThat(layout.rowOfSeq(rungs.get(7777).seq())).isEqualTo(7777);
        assertThat(layout.rowOfSeq(-5)).isEqualTo(-1);
    }

    @Test
    void aClickPicksTheArrowOrLabelUnderIt() {
        LadderLayout layout = laidOut(session());
        Columns c = layout.columns(800);
        Shape quit = layout.shape(12, c);
        assertThat(layout.hit((c.clientX() + c.serverX()) / 2 - 100, quit.y2() + 1, c, WIDTH)).isEqualTo(12);
        assertThat(layout.hit(quit.labelX(), quit.labelY() - 4, c, WIDTH)).as("on its label").isEqualTo(12);
        assertThat(layout.hit(c.serverX() + 100, quit.y2() + 1, c, WIDTH)).as("outside the lifelines").isEqualTo(-1);
        // In a fan, near the server, each arrow is where its own row is.
        for (int row = 3; row <= 7; row++) {
            Shape s = layout.shape(row, c);
            double x = c.serverX() - 5;
            double y = s.y1() + (s.y2() - s.y1()) * (x - s.x1()) / (s.x2() - s.x1());
            assertThat(layout.hit(x, y, c, WIDTH)).as("fan arrow %d", row).isEqualTo(row);
        }
        Shape band = layout.shape(2, c);
        assertThat(layout.hit(c.clientX() + 30, (band.y1() + band.y2()) / 2, c, WIDTH)).isEqualTo(2);
        assertThat(layout.hit(c.clientX() + 30, layout.totalHeight() + 200, c, WIDTH)).isEqualTo(-1);
    }

    @Test
    void labelsSayWhatColourAloneWouldNot() {
        Rung root = new Rung(Direction.TO_CLIENT, Kind.REPLY, "550 5.1.1 No such user (+1 line)", 2, 5, 900, -1,
                true, 40, 40);
        Rung followOn = new Rung(Direction.TO_CLIENT, Kind.REPLY, "554 5.5.1 No valid recipients", 2, 5, 900, -1,
                true, 41, 40);
        assertThat(LadderLayout.label(root)).isEqualTo("\u2716 550 5.1.1 No such user (+1 line)  \u2190 root cause");
        assertThat(LadderLayout.label(followOn)).isEqualTo("\u2716 554 5.5.1 No valid recipients  (follow-on)");
        assertThat(LadderLayout.label(reply("451 4.7.1 Try later", 1))).startsWith("\u26a0 451");
        assertThat(LadderLayout.label(reply("354 Go ahead", 1))).startsWith("\u279c 354");
        assertThat(LadderLayout.label(reply("250 Ok", 1))).startsWith("\u2714 250");
        assertThat(LadderLayout.label(chunk(1_048_576, 3))).isEqualTo("BDAT chunk, 1,048,576 bytes");
        // Cut short, a label keeps its tail: how many lines more, and that it is the root cause.
        String cut = LadderLayout.fitted(root, 30 * 7.0, WIDTH);
        assertThat(cut).endsWith("\u2026 (+1 line)  \u2190 root cause").startsWith("\u2716 550");
        assertThat(WIDTH.applyAsDouble(cut)).isLessThanOrEqualTo(30 * 7.0);
        assertThat(LadderLayout.ink(root)).isEqualTo(LadderLayout.Ink.REPLY_5);
        assertThat(LadderLayout.bold(root)).isTrue();
        assertThat(LadderLayout.dashed(root)).isTrue();
        LadderLayout layout = laidOut(List.of(chunk(100, 0), chunk(100_000_000, 0)));
        assertThat(layout.lineWidth(layout.rung(1))).as("more bytes, a thicker arrow")
                .isGreaterThan(layout.lineWidth(layout.rung(0)));
    }

    @Test
    void replacingRowsFromAnyPointLaysOutAsAFreshLayoutDoes() {
        List<Rung> before = session();
        for (int cut = 0; cut <= before.size(); cut++) {
            // The rows from the cut on become others: a fan cut short, a fold in place of its rows, fewer rows.
            List<Rung> after = new ArrayList<>(before.subList(0, cut));
            after.add(new Rung(Direction.ACROSS, Kind.FOLDED, "2 more SASL steps (1 response, 1 challenge), folded",
                    0, 0, -1, 2, false, seq++, -1));
            after.add(reply("235 2.7.0 Ok", 9));
            LadderLayout layout = laidOut(before);
            layout.replaceFrom(after, cut);
            LadderLayout fresh = laidOut(after);
            assertThat(layout.size()).isEqualTo(after.size());
            Columns c = layout.columns(800);
            for (int i = 0; i < after.size(); i++) {
                assertThat(layout.rowTop(i)).as("cut at " + cut + ", row " + i).isEqualTo(fresh.rowTop(i));
                assertThat(layout.shape(i, c)).as("cut at " + cut + ", row " + i).isEqualTo(fresh.shape(i, c));
                LadderLayout.Burst b = layout.burst(i);
                LadderLayout.Burst f = fresh.burst(i);
                assertThat(b == null ? null : b.caption()).as("cut at " + cut + ", row " + i)
                        .isEqualTo(f == null ? null : f.caption());
            }
            assertThat(layout.totalHeight()).isEqualTo(fresh.totalHeight());
        }
    }

    @Test
    void aFoldIsABandOfOneLineThatAClickAnywhereOnHits() {
        List<Rung> rungs = new ArrayList<>(List.of(command("AUTH LOGIN", 1), reply("334 VXNlcm5hbWU6", 1)));
        rungs.add(new Rung(Direction.ACROSS, Kind.FOLDED, "3 more SASL steps (2 responses, 1 challenge), folded", 0,
                0, -1, 3, true, seq++, -1));
        rungs.add(reply("235 2.7.0 Authentication successful", 4));
        LadderLayout layout = laidOut(rungs);
        Columns c = layout.columns(800);
        Shape fold = layout.shape(2, c);
        assertThat(fold.band()).isTrue();
        assertThat(layout.rowHeight(2)).isEqualTo(layout.rowHeight());
        assertThat(LadderLayout.label(rungs.get(2))).isEqualTo("\u25b8 3 more SASL steps (2 responses, 1 challenge),"
                + " folded");
        assertThat(LadderLayout.ink(rungs.get(2))).isEqualTo(LadderLayout.Ink.NOTE);
        assertThat(layout.hit(c.clientX() + 5, (fold.y1() + fold.y2()) / 2, c, WIDTH)).isEqualTo(2);
        assertThat(layout.hit(c.serverX() - 5, (fold.y1() + fold.y2()) / 2, c, WIDTH)).isEqualTo(2);
    }
}
