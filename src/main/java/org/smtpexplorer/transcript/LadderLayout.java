package org.smtpexplorer.transcript;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.smtpexplorer.transcript.Ladder.Direction;
import org.smtpexplorer.transcript.Ladder.Kind;
import org.smtpexplorer.transcript.Ladder.Rung;

/**
 * Where each rung of a ladder goes: one row per rung, time flowing down, and the arrows, labels, bands and brackets
 * drawn in it. Pure geometry, shared by the window (which draws only the rows in view) and the SVG export.
 *
 * <p>Commands that go out before any reply comes back (a pipelined flight, and BDAT chunks sent without waiting)
 * form a <em>burst</em>: their arrows leave the client together and arrive at the server one row apart, a fan, and
 * the replies that follow leave the server together and fan out at the client. A fan holds at most {@link
 * #FAN_MAX} arrows, so a burst of hundreds of chunks stays readable. Rows are appended as the ladder grows; a row's
 * top is kept in a running sum, so finding the rows in view is a binary search.
 */
public final class LadderLayout {
    /** Arrows in one fan; a longer burst is drawn as several fans, one under the other. */
    public static final int FAN_MAX = 8;
    /** How close (in pixels) a click must be to an arrow to pick it. */
    public static final double HIT_SLOP = 6;

    private final double fontSize;
    private final double rowHeight;
    private final List<Rung> rungs = new ArrayList<>();
    /** tops[i] is row i's top; tops[size] the total height. */
    private double[] tops = new double[64];
    private int[] groupOf = new int[64];
    private final List<Burst> bursts = new ArrayList<>();

    /**
     * A burst: rungs that went out before any reply came back ({@code out}, from row {@code first}) and the replies
     * that then came back in a row ({@code replies}, from row {@code first + out}).
     */
    public static final class Burst {
        private final int first;
        private int out;
        private int commands;
        private int chunks;
        private int replies;

        Burst(int first) {
            this.first = first;
        }

        public int first() {
            return first;
        }

        public int outgoing() {
            return out;
        }

        public int replies() {
            return replies;
        }

        /** The row after its last. */
        public int end() {
            return first + out + replies;
        }

        /** Drawn as a fan: more than one command went out before the first reply. */
        public boolean fan() {
            return commands > 1;
        }

        /** "⇉ pipelined: 3 commands + 1 chunk, then 3 replies": what went out before any reply came back. */
        public String caption() {
            return "\u21c9 pipelined: " + commands + " commands" + (chunks == 0 ? "" : " + " + chunks + " chunk"
                    + (chunks == 1 ? "" : "s")) + (replies == 0 ? "" : ", then " + replies + " repl"
                    + (replies == 1 ? "y" : "ies"));
        }
    }

    /** The horizontal positions for a drawing {@code width} wide. */
    public record Columns(double width, double clientX, double serverX, double latencyX) {
        public double lane() {
            return serverX - clientX;
        }
    }

    /** How a label sits against its anchor. */
    public enum Align { LEFT, CENTER, RIGHT }

    /**
     * One rung's drawing: the arrow from (x1, y1) to (x2, y2) (for a band, its left and right edges at the row's top
     * and bottom), and the label's anchor.
     */
    public record Shape(int row, Rung rung, double x1, double y1, double x2, double y2, String label, double labelX,
                        double labelY, Align align, boolean fan) {
        public boolean band() {
            return rung.direction() == Direction.ACROSS;
        }
    }

    public LadderLayout(double fontSize) {
        this.fontSize = fontSize;
        this.rowHeight = Math.round(fontSize * 2.2);
    }

    public double fontSize() {
        return fontSize;
    }

    public double rowHeight() {
        return rowHeight;
    }

    /** Height of the fixed header with the two participants. */
    public double headerHeight() {
        return Math.round(fontSize * 3.3);
    }

    /** Extra space above the first row of a fan for its caption. */
    public double captionHeight() {
        return Math.round(fontSize * 1.6);
    }

    /** Where the arrow of a plain row runs, from the row's top. */
    private double arrowOffset() {
        return Math.round(rowHeight * 0.7);
    }

    /** How far apart arrows of one fan leave (or arrive at) a lifeline. */
    public double fanStep() {
        return Math.max(3, Math.round(rowHeight * 0.3));
    }

    public int size() {
        return rungs.size();
    }

    public Rung rung(int row) {
        return rungs.get(row);
    }

    public double rowTop(int row) {
        return tops[row];
    }

    /** Row {@code row}'s height, a fan's caption included. */
    public double rowHeight(int row) {
        return tops[row + 1] - tops[row];
    }

    public double totalHeight() {
        return tops[rungs.size()];
    }

    /** The burst row {@code row} belongs to, or null. */
    public Burst burst(int row) {
        int g = groupOf[row];
        return g < 0 ? null : bursts.get(g);
    }

    /**
     * Brings the layout up to date with {@code all} (the builder's rungs), of which those from {@code changedFrom}
     * on are new or changed.
     */
    public void update(List<Rung> all, int changedFrom) {
        int from = Math.min(changedFrom, rungs.size());
        for (int i = from; i < rungs.size() && i < all.size(); i++) {
            rungs.set(i, all.get(i));
        }
        int relayoutFrom = rungs.size();
        for (int i = rungs.size(); i < all.size(); i++) {
            rungs.add(all.get(i));
            int g = place(i);
            Burst b = g < 0 ? null : bursts.get(g);
            // The second command turns a burst into a fan: its first row gains the caption.
            relayoutFrom = Math.min(relayoutFrom, b != null && b.fan() ? b.first : i);
        }
        ensureCapacity(rungs.size() + 1);
        for (int i = relayoutFrom; i < rungs.size(); i++) {
            tops[i + 1] = tops[i] + heightOf(i);
        }
    }

    /**
     * Brings the layout up to date with {@code all}, whose rows from {@code from} on may be anything (fewer, other
     * kinds: a fold opened or closed); the rows before are as they were.
     */
    public void replaceFrom(List<Rung> all, int from) {
        truncate(Math.min(from, rungs.size()));
        update(all, rungs.size());
    }

    /** Keeps the first {@code n} rows: the bursts they belong to counted again, the heights that changed redone. */
    private void truncate(int n) {
        if (n >= rungs.size()) {
            return;
        }
        rungs.subList(n, rungs.size()).clear();
        while (!bursts.isEmpty() && bursts.get(bursts.size() - 1).first >= n) {
            bursts.remove(bursts.size() - 1);
        }
        int relayoutFrom = n;
        Burst b = bursts.isEmpty() ? null : bursts.get(bursts.size() - 1);
        if (b != null && b.end() > n) {
            // The burst loses its rows from n on: it may stop being a fan, and its first row lose the caption.
            b.out = 0;
            b.commands = 0;
            b.chunks = 0;
            b.replies = 0;
            int g = bursts.size() - 1;
            for (int i = b.first; i < n; i++) {
                if (groupOf[i] != g) {
                    continue;
                }
                Rung r = rungs.get(i);
                if (r.kind() == Kind.REPLY) {
                    b.replies++;
                } else {
                    b.out++;
                    if (r.kind() == Kind.COMMAND) {
                        b.commands++;
                    } else {
                        b.chunks += r.label().startsWith("BDAT") ? 1 : 0;
                    }
                }
            }
            relayoutFrom = b.first;
        }
        for (int i = relayoutFrom; i < n; i++) {
            tops[i + 1] = tops[i] + heightOf(i);
        }
    }

    private void ensureCapacity(int n) {
        if (tops.length < n) {
            int cap = Math.max(n, tops.length * 2);
            tops = Arrays.copyOf(tops, cap);
            groupOf = Arrays.copyOf(groupOf, cap);
        }
    }

    /** Puts row {@code i} into a burst (or none); returns the burst's index or -1. */
    private int place(int i) {
        ensureCapacity(i + 2);
        Rung r = rungs.get(i);
        int lastGroup = i == 0 ? -1 : groupOf[i - 1];
        Burst last = lastGroup < 0 ? null : bursts.get(lastGroup);
        boolean outgoing = r.direction() == Direction.TO_SERVER
                && (r.kind() == Kind.COMMAND || r.kind() == Kind.PAYLOAD);
        int g = -1;
        if (outgoing) {
            if (last != null && last.replies == 0) {
                g = lastGroup;
            } else {
                bursts.add(new Burst(i));
                g = bursts.size() - 1;
            }
            Burst b = bursts.get(g);
            b.out++;
            if (r.kind() == Kind.COMMAND) {
                b.commands++;
            } else {
                b.chunks += r.label().startsWith("BDAT") ? 1 : 0;
            }
        } else if (r.kind() == Kind.REPLY && last != null) {
            g = lastGroup;
            last.replies++;
        }
        groupOf[i] = g;
        return g;
    }

    private double heightOf(int i) {
        Rung r = rungs.get(i);
        double h = r.direction() == Direction.ACROSS && label(r).contains("\n") ? Math.round(rowHeight * 1.7)
                : rowHeight;
        Burst b = burst(i);
        if (b != null && b.fan() && b.first == i) {
            h += captionHeight();
        }
        return h;
    }

    /** The row at height {@code y} (clamped to the rows there are); -1 when there are none. */
    public int rowAt(double y) {
        int n = rungs.size();
        if (n == 0) {
            return -1;
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (tops[mid] <= y) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * The rows to draw for a viewport from {@code top}, {@code height} high: those it shows, and the rows just
     * below it whose fan arrows start inside it. {@code {first, end}}, end exclusive.
     */
    public int[] rowsToDraw(double top, double height) {
        if (rungs.isEmpty()) {
            return new int[] {0, 0};
        }
        int first = rowAt(top);
        int last = rowAt(top + height);
        int end = Math.min(rungs.size(), last + 1 + FAN_MAX);
        return new int[] {first, end};
    }

    /** The row whose rung has transcript sequence number {@code seq}, or -1. */
    public int rowOfSeq(long seq) {
        return Ladder.indexOfSeq(rungs, seq);
    }

    /** The columns for a drawing {@code width} wide: room for the brackets left, the latencies right. */
    public Columns columns(double width) {
        double clientX = Math.round(fontSize * 5.5);
        double latencyWidth = Math.round(fontSize * 6);
        double serverX = Math.max(clientX + fontSize * 12, width - latencyWidth - Math.round(fontSize * 2.5));
        serverX = Math.min(serverX, clientX + fontSize * 75);
        return new Columns(width, clientX, serverX, serverX + Math.round(fontSize * 1.5) + latencyWidth);
    }

    /** Where row {@code row}'s arrow (or band) and label go. */
    public Shape shape(int row, Columns c) {
        Rung r = rungs.get(row);
        double top = tops[row];
        double h = rowHeight(row);
        double y = top + h - rowHeight + arrowOffset();
        double pad = Math.round(fontSize * 0.8);
        String label = label(r);
        if (r.direction() == Direction.ACROSS) {
            double inset = Math.round(fontSize * 0.6);
            double margin = Math.round(rowHeight * 0.15);
            return new Shape(row, r, c.clientX - inset, top + margin, c.serverX + inset, top + h - margin, label,
                    (c.clientX + c.serverX) / 2, top + h / 2 + fontSize * 0.35, Align.CENTER, false);
        }
        boolean toServer = r.direction() == Direction.TO_SERVER;
        double fromX = toServer ? c.clientX : c.serverX;
        double toX = toServer ? c.serverX : c.clientX;
        Burst b = burst(row);
        double startY = y;
        boolean fan = b != null && b.fan() && r.kind() != Kind.NOTE;
        if (fan) {
            int sideFirst = toServer ? b.first : b.first + b.out;
            int k = row - sideFirst;
            int segmentFirst = sideFirst + (k / FAN_MAX) * FAN_MAX;
            startY = tops[segmentFirst] + rowHeight(segmentFirst) - rowHeight + arrowOffset()
                    + (k % FAN_MAX) * fanStep();
        }
        double labelY = y - Math.round(fontSize * 0.45);
        if (!fan) {
            return new Shape(row, r, fromX, startY, toX, y, label, (c.clientX + c.serverX) / 2, labelY, Align.CENTER,
                    false);
        }
        // In a fan the arrows are apart only near where they arrive: the label goes there.
        return new Shape(row, r, fromX, startY, toX, y, label, toServer ? c.serverX - pad : c.clientX + pad, labelY,
                toServer ? Align.RIGHT : Align.LEFT, true);
    }

    /** The latency shown in the right-hand column for a reply, or null. */
    public static String latencyText(Rung r) {
        return r.kind() == Kind.REPLY && r.latencyMicros() >= 0 ? Ladder.latency(r.latencyMicros()) : null;
    }

    /**
     * A rung's label as drawn: replies marked by class (✔ 2xx, ➜ 3xx, ⚠ 4xx, ✖ 5xx) so colour is not the only
     * sign, root causes and follow-ons named, payload sizes with thousands separators. A band's label has two lines.
     */
    public static String label(Rung r) {
        return labelHead(r) + labelTail(r);
    }

    /** The part of a label that may be cut short when there is no room for all of it. */
    private static String labelHead(Rung r) {
        return switch (r.kind()) {
            case COMMAND -> r.label();
            case REPLY -> switch (r.replyClass()) {
                case 2 -> "\u2714 ";
                case 3 -> "\u279c ";
                case 4 -> "\u26a0 ";
                case 5 -> "\u2716 ";
                default -> "";
            } + MORE_LINES.matcher(r.label()).replaceFirst("");
            case PAYLOAD -> (r.label().startsWith("BDAT") ? "BDAT chunk" : "message (DATA)") + ", "
                    + String.format(Locale.ROOT, "%,d", r.bytes()) + " bytes";
            case TLS -> {
                String[] parts = r.label().replaceFirst("^TLS ", "").split(", ", 2);
                String verdict = parts.length > 1 ? parts[1] : "";
                String took = "";
                int at = verdict.lastIndexOf("handshake ");
                if (at >= 0) {
                    took = " (" + verdict.substring(at + "handshake ".length()) + ")";
                    verdict = verdict.substring(0, at).replaceFirst(",? $", "");
                }
                yield "TLS handshake" + took + (verdict.isEmpty() ? "" : ": " + verdict) + "\n"
                        + parts[0].replace(" ", " \u00b7 ");
            }
            case FAILURE -> {
                int paren = r.label().indexOf(" (");
                yield "\u2716 " + (paren < 0 ? r.label() : r.label().substring(0, paren) + "\n"
                        + r.label().substring(paren + 1));
            }
            case NOTE -> "TCP " + r.label();
            case FOLDED -> "\u25b8 " + r.label();
            case UNFOLDED -> "\u25be " + r.label();
        };
    }

    /** The part of a label kept whole however little room there is: "(+12 lines)", "← root cause". */
    private static String labelTail(Rung r) {
        if (r.kind() != Kind.REPLY) {
            return "";
        }
        Matcher more = MORE_LINES.matcher(r.label());
        return (more.find() ? more.group() : "") + (r.rootCause() ? "  \u2190 root cause" : r.followOn()
                ? "  (follow-on)" : "");
    }

    private static final Pattern MORE_LINES = Pattern.compile(
            " \\(\\+\\d+ lines?\\)$");

    /** Row {@code r}'s label cut to {@code max} pixels: the head shortened with an ellipsis, the tail kept. */
    public static String fitted(Rung r, double max, ToDoubleFunction<String> width) {
        String all = label(r);
        if (width.applyAsDouble(all) <= max) {
            return all;
        }
        String tail = labelTail(r);
        return fit(labelHead(r), max - width.applyAsDouble(tail), width) + tail;
    }

    /** Which colour a rung is drawn in; each drawing maps these to its theme's colours. */
    public enum Ink { CLIENT, REPLY_2, REPLY_3, REPLY_4, REPLY_5, NOTE, TLS, FAILURE }

    public static Ink ink(Rung r) {
        return switch (r.kind()) {
            case COMMAND, PAYLOAD -> Ink.CLIENT;
            case REPLY -> switch (r.replyClass()) {
                case 2 -> Ink.REPLY_2;
                case 3 -> Ink.REPLY_3;
                case 4 -> Ink.REPLY_4;
                case 5 -> Ink.REPLY_5;
                default -> Ink.NOTE;
            };
            case TLS -> Ink.TLS;
            case FAILURE -> Ink.FAILURE;
            case NOTE, FOLDED, UNFOLDED -> Ink.NOTE;
        };
    }

    /** Replies are drawn dashed (a return, as in UML), and so is the TCP connect. */
    public static boolean dashed(Rung r) {
        return r.kind() == Kind.REPLY || r.kind() == Kind.NOTE;
    }

    /** Refusals of class 5, root causes, failures and the TLS band are written in bold. */
    public static boolean bold(Rung r) {
        return r.replyClass() >= 5 || r.rootCause() || r.kind() == Kind.FAILURE || r.kind() == Kind.TLS;
    }

    /** The line width of a rung's arrow: payloads thick (more so the more bytes), refusals heavier. */
    public double lineWidth(Rung r) {
        double base = Math.max(1.5, fontSize / 8);
        return switch (r.kind()) {
            case PAYLOAD -> Math.min(base * 5, base * 2 + Math.log10(Math.max(1, r.bytes())) * base * 0.5)
                    * (fanned(r) ? 0.6 : 1);
            case REPLY -> r.replyClass() >= 5 ? base * 2 : r.replyClass() == 4 ? base * 1.6 : base;
            default -> base;
        };
    }

    /** A payload drawn in a fan is thinner, so it does not hide the commands around it. */
    private boolean fanned(Rung r) {
        int row = rowOfSeq(r.seq());
        Burst b = row < 0 ? null : burst(row);
        return b != null && b.fan();
    }

    /** The label {@code text} cut to fit {@code max} pixels, with an ellipsis. */
    public static String fit(String text, double max, ToDoubleFunction<String> width) {
        if (width.applyAsDouble(text) <= max) {
            return text;
        }
        int lo = 0;
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (width.applyAsDouble(text.substring(0, mid) + "\u2026") <= max) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return text.substring(0, lo) + "\u2026";
    }

    /** The widest a label may be drawn. */
    public double labelRoom(Shape s, Columns c) {
        return s.fan() ? c.lane() * 0.78 : c.lane() - fontSize * 1.5;
    }

    /**
     * The rung under a click at ({@code x}, {@code y}), or -1: the nearest arrow within {@link #HIT_SLOP}, a label,
     * or a band. {@code width} measures label text as drawn.
     */
    public int hit(double x, double y, Columns c, ToDoubleFunction<String> width) {
        if (rungs.isEmpty()) {
            return -1;
        }
        int[] range = rowsToDraw(y - rowHeight * 2, rowHeight * 4);
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int i = range[0]; i < range[1]; i++) {
            Shape s = shape(i, c);
            double d;
            if (s.band()) {
                d = x >= s.x1() && x <= s.x2() && y >= s.y1() && y <= s.y2() ? 0 : Double.MAX_VALUE;
            } else {
                d = distanceToSegment(x, y, s.x1(), s.y1(), s.x2(), s.y2());
                if (insideLabel(s, c, x, y, width)) {
                    d = Math.min(d, 0.5);
                }
            }
            if (d <= HIT_SLOP && d < bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        return best;
    }

    private boolean insideLabel(Shape s, Columns c, double x, double y, ToDoubleFunction<String> width) {
        double w = Math.min(width.applyAsDouble(s.label()), labelRoom(s, c));
        double left = switch (s.align()) {
            case LEFT -> s.labelX();
            case CENTER -> s.labelX() - w / 2;
            case RIGHT -> s.labelX() - w;
        };
        return x >= left && x <= left + w && y <= s.labelY() + fontSize * 0.3 && y >= s.labelY() - fontSize;
    }

    static double distanceToSegment(double px, double py, double x1, double y1, double x2, double y2) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len2));
        double cx = x1 + t * dx;
        double cy = y1 + t * dy;
        return Math.hypot(px - cx, py - cy);
    }
}
