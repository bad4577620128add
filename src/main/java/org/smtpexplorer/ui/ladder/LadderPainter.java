package org.smtpexplorer.ui.ladder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.ArcType;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Font;
import javafx.scene.text.FontPosture;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.smtpexplorer.transcript.Ladder.Kind;
import org.smtpexplorer.transcript.Ladder.Rung;
import org.smtpexplorer.transcript.LadderLayout;
import org.smtpexplorer.transcript.LadderLayout.Burst;
import org.smtpexplorer.transcript.LadderLayout.Columns;
import org.smtpexplorer.transcript.LadderLayout.Shape;

/**
 * Draws rows of a {@link LadderLayout} on a canvas: only those between two heights, so the cost of a frame does not
 * grow with the session. The window draws what is in view; the PNG export draws the whole ladder in bands.
 */
final class LadderPainter {
    private static final int MEASURE_CACHE = 4096;
    private final LadderLayout layout;
    private final Function<Swatch, Color> colours;
    private final Font font;
    private final Font bold;
    private final Font small;
    private final Font italic;
    private final Text measure = new Text();
    /** The selected row and the rows of its exchange, while a paint runs. */
    private int selected = -1;
    private List<Integer> exchange = List.of();
    private final Map<String, Double> widths = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
            return size() > MEASURE_CACHE;
        }
    };

    LadderPainter(LadderLayout layout, Function<Swatch, Color> colours, String family) {
        this.layout = layout;
        this.colours = colours;
        double size = layout.fontSize();
        this.font = Font.font(family, FontWeight.NORMAL, size);
        this.bold = Font.font(family, FontWeight.BOLD, size);
        this.small = Font.font(family, FontWeight.NORMAL, Math.round(size * 0.85));
        this.italic = Font.font(family, FontWeight.NORMAL, FontPosture.ITALIC, Math.round(size * 0.9));
    }

    LadderLayout layout() {
        return layout;
    }

    /** The width of {@code text} in the label font (bold when {@code heavy}). */
    double width(String text, boolean heavy) {
        String key = (heavy ? "b" : "n") + text;
        Double w = widths.get(key);
        if (w == null) {
            measure.setFont(heavy ? bold : font);
            measure.setText(text);
            w = measure.getLayoutBounds().getWidth();
            widths.put(key, w);
        }
        return w;
    }

    /**
     * Paints a {@code width} x {@code height} area whose top shows ladder height {@code -offset + headerHeight}...:
     * a row at layout height y lands at canvas height {@code y + offset}. The header with the participants goes at
     * the top when {@code sticky} (the window), else where the rows put it (an export).
     */
    void paint(GraphicsContext g, double width, double height, double offset, boolean sticky, String server,
               int selected, List<Integer> exchange) {
        Columns c = layout.columns(width);
        g.setFill(colours.apply(Swatch.BACKGROUND));
        g.fillRect(0, 0, width, height);
        g.setTextBaseline(VPos.BASELINE);
        g.setLineCap(StrokeLineCap.BUTT);
        g.setLineJoin(StrokeLineJoin.ROUND);
        this.selected = selected;
        this.exchange = exchange;
        int[] range = layout.rowsToDraw(-offset, height);
        int first = range[0];
        int end = range[1];
        lanes(g, c, offset, first, end);
        if (selected >= 0) {
            for (int row : exchange) {
                if (row != selected && row >= first && row < end) {
                    highlight(g, width, offset, row, 0.08, false);
                }
            }
            if (selected >= first && selected < end) {
                highlight(g, width, offset, selected, 0.2, true);
            }
        }
        double lifelineTop = sticky ? 0 : offset;
        g.setStroke(colours.apply(Swatch.LIFELINE));
        g.setLineWidth(2);
        g.setLineDashes();
        double bottom = Math.min(height, offset + layout.totalHeight() + layout.rowHeight());
        g.strokeLine(c.clientX(), lifelineTop, c.clientX(), bottom);
        g.strokeLine(c.serverX(), lifelineTop, c.serverX(), bottom);
        fans(g, c, offset, first, end);
        for (int i = first; i < end; i++) {
            Rung r = layout.rung(i);
            if (r.followOn()) {
                followOn(g, c, offset, i);
            }
        }
        List<Shape> shapes = new java.util.ArrayList<>(end - first);
        for (int i = first; i < end; i++) {
            shapes.add(layout.shape(i, c));
        }
        for (Shape s : shapes) {
            row(g, c, offset, s);
        }
        // Labels after every arrow, so no arrow of a fan is drawn across a label.
        for (Shape s : shapes) {
            Rung r = s.rung();
            label(g, c, s, offset, colours.apply(Swatch.of(LadderLayout.ink(r))), LadderLayout.bold(r));
        }
        header(g, c, sticky ? 0 : offset - layout.headerHeight(), server);
    }

    /** Inside TLS, the lane between the lifelines is tinted: the tunnel the arrows travel through. */
    private void lanes(GraphicsContext g, Columns c, double offset, int first, int end) {
        g.setFill(colours.apply(Swatch.TLS_BACKGROUND));
        g.setGlobalAlpha(0.45);
        for (int i = first; i < end; i++) {
            Rung r = layout.rung(i);
            if (r.encrypted() && r.kind() != Kind.TLS) {
                g.fillRect(c.clientX(), layout.rowTop(i) + offset, c.lane(), layout.rowHeight(i));
            }
        }
        g.setGlobalAlpha(1);
    }

    private void highlight(GraphicsContext g, double width, double offset, int row, double alpha, boolean bar) {
        Color sel = colours.apply(Swatch.SELECTION);
        double top = layout.rowTop(row) + offset;
        double h = layout.rowHeight(row);
        g.setFill(sel);
        g.setGlobalAlpha(alpha);
        g.fillRect(0, top, width, h);
        g.setGlobalAlpha(1);
        if (bar) {
            g.fillRect(0, top, 4, h);
        }
    }

    private void fans(GraphicsContext g, Columns c, double offset, int first, int end) {
        Burst last = null;
        double inset = Math.round(layout.fontSize() * 0.9);
        for (int i = first; i < end; i++) {
            Burst b = layout.burst(i);
            if (b == null || b == last || !b.fan()) {
                continue;
            }
            last = b;
            double y1 = layout.rowTop(b.first()) + offset + 2;
            double y2 = layout.rowTop(b.end()) + offset - 2;
            g.setStroke(colours.apply(Swatch.CLIENT));
            g.setLineWidth(1.2);
            g.setLineDashes(5, 4);
            g.strokeRoundRect(c.clientX() - inset, y1, c.lane() + 2 * inset, y2 - y1, 10, 10);
            g.setLineDashes();
            g.setFont(italic);
            g.setTextAlign(TextAlignment.LEFT);
            g.setFill(colours.apply(Swatch.CLIENT));
            String caption = LadderLayout.fit(b.caption(), c.lane() - layout.fontSize(), s -> width(s, false) * 0.9);
            g.fillText(caption, c.clientX() + layout.fontSize() * 0.6, y1 + layout.captionHeight() * 0.75);
        }
    }

    /** A dotted bracket left of the client lifeline, from the root cause to this follow-on. */
    private void followOn(GraphicsContext g, Columns c, double offset, int row) {
        int root = layout.rowOfSeq(layout.rung(row).rootSeq());
        if (root < 0) {
            return;
        }
        double y1 = layout.shape(root, c).y2() + offset;
        double y2 = layout.shape(row, c).y2() + offset;
        double x = c.clientX() - layout.fontSize() * 1.4;
        g.setStroke(colours.apply(Swatch.FAILURE));
        g.setLineWidth(1.5);
        g.setLineDashes(2, 3);
        g.strokePolyline(new double[] {c.clientX() - 3, x, x, c.clientX() - 3}, new double[] {y1, y1, y2, y2}, 4);
        g.setLineDashes();
    }

    private void row(GraphicsContext g, Columns c, double offset, Shape s) {
        Rung r = s.rung();
        Color ink = colours.apply(Swatch.of(LadderLayout.ink(r)));
        double y1 = s.y1() + offset;
        double y2 = s.y2() + offset;
        if (fold(r)) {
            // Folded SASL steps: a dashed box, see-through so the encrypted lane shows inside TLS.
            g.setStroke(ink);
            g.setLineWidth(1.5);
            g.setLineDashes(5, 4);
            g.strokeRoundRect(s.x1(), y1, s.x2() - s.x1(), y2 - y1, 8, 8);
            g.setLineDashes();
        } else if (s.band()) {
            g.setFill(colours.apply(r.kind() == Kind.TLS ? Swatch.TLS_BACKGROUND : Swatch.ERROR_BACKGROUND));
            g.fillRoundRect(s.x1(), y1, s.x2() - s.x1(), y2 - y1, 8, 8);
            g.setStroke(ink);
            g.setLineWidth(r.kind() == Kind.TLS ? 1.5 : 2);
            g.strokeRoundRect(s.x1(), y1, s.x2() - s.x1(), y2 - y1, 8, 8);
        } else {
            arrow(g, s.x1(), y1, s.x2(), y2, layout.lineWidth(r), LadderLayout.dashed(r), ink,
                    r.followOn() ? 0.7 : 1);
        }
        String latency = LadderLayout.latencyText(r);
        if (latency != null) {
            g.setFont(small);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setFill(colours.apply(Swatch.NOTE));
            g.fillText(latency, c.latencyX(), y2 + layout.fontSize() * 0.35);
        }
    }

    private void arrow(GraphicsContext g, double x1, double y1, double x2, double y2, double lineWidth, boolean dashed,
                       Color ink, double alpha) {
        double head = Math.max(8, layout.fontSize() * 0.7) + lineWidth;
        double angle = Math.atan2(y2 - y1, x2 - x1);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        // The line stops inside the head, so a thick payload arrow does not poke through its tip.
        double ex = x2 - cos * head * 0.7;
        double ey = y2 - sin * head * 0.7;
        g.setGlobalAlpha(alpha);
        g.setStroke(ink);
        g.setLineWidth(lineWidth);
        if (dashed) {
            g.setLineDashes(7, 4);
        }
        g.strokeLine(x1, y1, ex, ey);
        g.setLineDashes();
        double half = head * 0.45;
        g.setFill(ink);
        g.fillPolygon(new double[] {x2, x2 - cos * head - sin * half, x2 - cos * head + sin * half},
                new double[] {y2, y2 - sin * head + cos * half, y2 - sin * head - cos * half}, 3);
        g.setGlobalAlpha(1);
    }

    private void label(GraphicsContext g, Columns c, Shape s, double offset, Color ink, boolean heavy) {
        Rung r = s.rung();
        if (fold(r)) {
            // On screen the fold says what a click does (an export shows the label alone): with the steps counted by
            // kind when there is room, else by number only, as the sketch has it.
            boolean folded = r.kind() == Kind.FOLDED;
            String hint = folded ? "; click to open" : "; click to fold";
            long n = r.bytes();
            String brief = (folded ? "\u25b8 " + n + " more SASL step" + (n == 1 ? "" : "s") + ", folded"
                    : "\u25be " + n + " SASL step" + (n == 1 ? "" : "s") + " below") + hint;
            double room = layout.labelRoom(s, c) - (r.encrypted() ? layout.fontSize() * 0.9 : 0);
            String text = width(s.label() + hint, false) <= room ? s.label() + hint
                    : width(brief, false) <= room ? brief : s.label();
            textAt(g, c, s, text, s.labelY() + offset, ink, false, r.encrypted());
            return;
        }
        if (s.band()) {
            String[] lines = s.label().split("\n");
            double lineHeight = layout.fontSize() * 1.25;
            double y = s.labelY() + offset - (lines.length - 1) * lineHeight / 2;
            for (int i = 0; i < lines.length; i++) {
                textAt(g, c, s, lines[i], y + i * lineHeight, ink, i == 0 && heavy, i == 0 && r.kind() == Kind.TLS);
            }
            return;
        }
        textAt(g, c, s, null, s.labelY() + offset, ink, heavy, r.encrypted());
    }

    /** One line of a label ({@code line}, or the rung's label cut to fit when null), with the lock if asked. */
    private void textAt(GraphicsContext g, Columns c, Shape s, String line, double y, Color ink, boolean heavy,
                        boolean lock) {
        Rung r = s.rung();
        double lockWidth = lock ? layout.fontSize() * 0.9 : 0;
        double room = layout.labelRoom(s, c) - lockWidth;
        String text = line == null ? LadderLayout.fitted(r, room, t -> width(t, heavy))
                : LadderLayout.fit(line, room, t -> width(t, heavy));
        double w = width(text, heavy) + lockWidth;
        double left = switch (s.align()) {
            case LEFT -> s.labelX();
            case CENTER -> s.labelX() - w / 2;
            case RIGHT -> s.labelX() - w;
        };
        g.setFont(heavy ? bold : font);
        g.setTextAlign(TextAlignment.LEFT);
        double lx = c.clientX();
        double rx = c.serverX();
        boolean crossesLifeline = left < lx && left + w > lx || left < rx && left + w > rx;
        if (s.fan() || crossesLifeline) {
            // Arrows of a fan, and a lifeline, cross the label: it gets a box in the colour of what is behind it. A
            // box rather than a halo stroked around the glyphs: stroking text is the slowest thing a canvas can be
            // asked to draw in software rendering (a halo on every label made each repaint of the ladder 60 to
            // 130 ms on the render thread, and the window's pulses waited for it).
            double fs = layout.fontSize();
            Swatch behind = r.kind() == Kind.TLS ? Swatch.TLS_BACKGROUND
                    : r.kind() == Kind.FAILURE ? Swatch.ERROR_BACKGROUND : Swatch.BACKGROUND;
            g.setFill(colours.apply(behind));
            g.fillRoundRect(left - 3, y - fs * 0.95, w + 6, fs * 1.3, 6, 6);
            if (r.encrypted() && behind == Swatch.BACKGROUND) {
                g.setFill(colours.apply(Swatch.TLS_BACKGROUND));
                g.setGlobalAlpha(0.45);
                g.fillRoundRect(left - 3, y - fs * 0.95, w + 6, fs * 1.3, 6, 6);
            }
            if (s.row() == selected || exchange.contains(s.row())) {
                g.setFill(colours.apply(Swatch.SELECTION));
                g.setGlobalAlpha(s.row() == selected ? 0.2 : 0.08);
                g.fillRoundRect(left - 3, y - fs * 0.95, w + 6, fs * 1.3, 6, 6);
            }
            g.setGlobalAlpha(1);
        }
        if (lock) {
            lock(g, left, y, colours.apply(Swatch.TLS));
        }
        g.setFill(ink);
        g.setGlobalAlpha(r.followOn() ? 0.75 : 1);
        g.fillText(text, left + lockWidth, y);
        g.setGlobalAlpha(1);
    }

    private static boolean fold(Rung r) {
        return r.kind() == Kind.FOLDED || r.kind() == Kind.UNFOLDED;
    }

    /** A padlock, drawn (no installed font is sure to have the glyph): left at {@code x}, on {@code baseline}. */
    private void lock(GraphicsContext g, double x, double baseline, Color ink) {
        double s = layout.fontSize();
        g.setFill(ink);
        g.fillRoundRect(x, baseline - 0.55 * s, 0.62 * s, 0.55 * s, 2, 2);
        g.setStroke(ink);
        g.setLineWidth(Math.max(1.2, 0.11 * s));
        g.strokeArc(x + 0.13 * s, baseline - 0.93 * s, 0.36 * s, 0.5 * s, 0, 180, ArcType.OPEN);
        g.strokeLine(x + 0.13 * s, baseline - 0.68 * s, x + 0.13 * s, baseline - 0.55 * s);
        g.strokeLine(x + 0.49 * s, baseline - 0.68 * s, x + 0.49 * s, baseline - 0.55 * s);
    }

    private void header(GraphicsContext g, Columns c, double top, String server) {
        double h = layout.headerHeight();
        if (top + h < 0) {
            return;
        }
        g.setFill(colours.apply(Swatch.BACKGROUND));
        g.fillRect(0, top, c.width(), h);
        double s = layout.fontSize();
        double boxTop = top + Math.round(s * 0.3);
        double boxH = Math.round(s * 1.8);
        participant(g, c.clientX(), boxTop, boxH, "client", 0);
        participant(g, c.serverX(), boxTop, boxH, server, c.width());
        g.setFont(small);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setFill(colours.apply(Swatch.NOTE));
        g.fillText("latency", c.latencyX(), top + h - Math.round(s * 0.35));
        g.setStroke(colours.apply(Swatch.LIFELINE));
        g.setLineWidth(2);
        g.strokeLine(c.clientX(), boxTop + boxH, c.clientX(), top + h);
        g.strokeLine(c.serverX(), boxTop + boxH, c.serverX(), top + h);
    }

    /** A participant's box over its lifeline, kept inside the drawing when {@code right} is its right edge. */
    private void participant(GraphicsContext g, double x, double top, double h, String name, double right) {
        double s = layout.fontSize();
        double w = Math.max(s * 5, width(name, true) + s * 1.2);
        double left = x - w / 2;
        if (right > 0 && left + w > right - 2) {
            left = right - 2 - w;
        }
        left = Math.max(2, left);
        g.setFill(colours.apply(Swatch.BACKGROUND));
        g.fillRoundRect(left, top, w, h, 8, 8);
        g.setStroke(colours.apply(Swatch.LIFELINE));
        g.setLineWidth(1.5);
        g.strokeRoundRect(left, top, w, h, 8, 8);
        g.setFont(bold);
        g.setTextAlign(TextAlignment.CENTER);
        g.setFill(colours.apply(Swatch.TEXT));
        g.fillText(name, left + w / 2, top + h * 0.68);
    }
}
