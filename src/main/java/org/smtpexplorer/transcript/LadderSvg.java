package org.smtpexplorer.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.smtpexplorer.transcript.Ladder.Kind;
import org.smtpexplorer.transcript.Ladder.Rung;
import org.smtpexplorer.transcript.LadderLayout.Ink;
import org.smtpexplorer.transcript.LadderLayout.Shape;

/**
 * The ladder as an SVG picture, for slides: the same rows, fans, TLS band, root causes and latencies as the window
 * draws, laid out by {@link LadderLayout}, written as text (no JavaFX), secrets redacted as in the ladder. Each rung
 * is a {@code <g class="rung ..." data-seq="N">} holding its arrow and a {@code <title>} with the whole label (so a
 * browser shows what a cut label says), and its label is in a {@code <g class="rung-label ..." data-seq="N">} drawn
 * after every arrow.
 */
public final class LadderSvg {
    /** Width of the picture, in pixels: a slide's. */
    public static final double WIDTH = 960;
    private static final double FONT_SIZE = 14;
    /** DejaVu Sans is about this wide per character, in ems, for the mix of capitals and digits SMTP is made of. */
    private static final double EM_PER_CHAR = 0.62;

    private LadderSvg() {
    }

    /**
     * The colours, as CSS colour values, one per ink and for the background, the text and the lifelines.
     *
     * @param background picture background
     * @param foreground plain text (participants, captions)
     * @param inks       one colour for each {@link Ink}
     * @param tlsBackground the TLS band's and the encrypted lane's fill
     * @param errorBackground a failure's fill
     */
    public record Palette(String background, String foreground, Map<Ink, String> inks, String tlsBackground,
                          String errorBackground) {
        public Palette {
            inks = Map.copyOf(inks);
        }

        /** The window's light theme, read from its stylesheet: one place for the colours. */
        public static Palette light() {
            return fromCss(appCss(), false);
        }

        public static Palette dark() {
            return fromCss(appCss(), true);
        }

        private static String appCss() {
            try (InputStream in = LadderSvg.class.getResourceAsStream("/org/smtpexplorer/ui/app.css")) {
                if (in == null) {
                    throw new IllegalStateException("the window's stylesheet app.css is missing");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * The looked-up colours ({@code -sx-client: #1f5fbf;}) of the stylesheet's {@code .root} rule, overridden
         * by those of its {@code .dark} rule when {@code dark}.
         */
        public static Palette fromCss(String css, boolean dark) {
            Map<String, String> colours = new java.util.HashMap<>();
            Matcher rule = Pattern.compile("([^{}]+)\\{([^}]*)}").matcher(css.replaceAll("(?s)/\\*.*?\\*/", ""));
            while (rule.find()) {
                String selector = rule.group(1).strip();
                boolean root = selector.equals(".root");
                boolean darkRule = List.of(selector.split("\\s*,\\s*")).contains(".dark");
                if (root || (dark && darkRule)) {
                    Matcher decl = Pattern.compile("(-sx-[a-z0-9-]+)\\s*:\\s*([^;]+);").matcher(rule.group(2));
                    while (decl.find()) {
                        colours.put(decl.group(1), decl.group(2).strip());
                    }
                }
            }
            Map<Ink, String> inks = new EnumMap<>(Ink.class);
            inks.put(Ink.CLIENT, need(colours, "-sx-client"));
            inks.put(Ink.REPLY_2, need(colours, "-sx-reply-2"));
            inks.put(Ink.REPLY_3, need(colours, "-sx-reply-3"));
            inks.put(Ink.REPLY_4, need(colours, "-sx-reply-4"));
            inks.put(Ink.REPLY_5, need(colours, "-sx-reply-5"));
            inks.put(Ink.NOTE, need(colours, "-sx-note"));
            inks.put(Ink.TLS, need(colours, "-sx-tls-fg"));
            inks.put(Ink.FAILURE, need(colours, "-sx-reply-5"));
            return new Palette(need(colours, "-sx-bg"), need(colours, "-sx-fg"), inks, need(colours, "-sx-tls-bg"),
                    need(colours, "-sx-error-bg"));
        }

        private static String need(Map<String, String> colours, String name) {
            String v = colours.get(name);
            if (v == null) {
                throw new IllegalArgumentException("the stylesheet defines no " + name);
            }
            return v;
        }
    }

    /**
     * The ladder as SVG text in {@code palette}'s colours. Colours, widths and weights are written on each element
     * (no stylesheet), which more programs that import SVG (slide software, converters) understand.
     */
    public static String write(Ladder ladder, Palette palette) {
        LadderLayout layout = new LadderLayout(FONT_SIZE);
        layout.update(ladder.steps(), 0);
        LadderLayout.Columns c = layout.columns(WIDTH);
        ToDoubleFunction<String> width = s -> s.codePointCount(0, s.length()) * FONT_SIZE * EM_PER_CHAR;
        double titleHeight = Math.round(FONT_SIZE * 2.4);
        double top = titleHeight + layout.headerHeight();
        double legendHeight = Math.round(FONT_SIZE * 3);
        double height = top + layout.totalHeight() + legendHeight;
        StringBuilder sb = new StringBuilder(4096 + ladder.steps().size() * 400);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(num(WIDTH)).append("\" height=\"")
                .append(num(height)).append("\" viewBox=\"0 0 ").append(num(WIDTH)).append(' ').append(num(height))
                .append("\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"").append(num(FONT_SIZE))
                .append("\">\n");
        sb.append("<title>SMTP session with ").append(xml(ladder.server())).append("</title>\n");
        sb.append("<defs>\n");
        for (Ink ink : Ink.values()) {
            sb.append("  <marker id=\"head-").append(cls(ink)).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\""
                    + " markerWidth=\"10\" markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">"
                    + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"").append(palette.inks().get(ink)).append("\"/>"
                    + "</marker>\n");
        }
        sb.append("</defs>\n");
        sb.append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"").append(num(WIDTH)).append("\" height=\"")
                .append(num(height)).append("\" fill=\"").append(palette.background()).append("\"/>\n");
        sb.append("<text class=\"title\" x=\"").append(num(FONT_SIZE)).append("\" y=\"").append(num(FONT_SIZE * 1.6))
                .append("\" font-size=\"").append(num(FONT_SIZE * 1.15)).append("\" font-weight=\"bold\" fill=\"")
                .append(palette.foreground()).append("\">SMTP session with ").append(xml(ladder.server()))
                .append("</text>\n");
        encryptedLanes(sb, layout, c, top, palette);
        header(sb, layout, c, ladder.server(), titleHeight, top + layout.totalHeight(), palette);
        fans(sb, layout, c, top, palette);
        followOns(sb, layout, c, top, palette);
        // Labels after all arrows, so that no arrow of a fan is drawn across a label.
        StringBuilder labels = new StringBuilder(ladder.steps().size() * 200);
        for (int i = 0; i < layout.size(); i++) {
            rung(sb, labels, layout, c, layout.shape(i, c), top, width, palette);
        }
        sb.append(labels);
        legend(sb, top + layout.totalHeight() + FONT_SIZE * 1.8, palette);
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void header(StringBuilder sb, LadderLayout layout, LadderLayout.Columns c, String server,
                               double y, double bottom, Palette p) {
        double h = layout.headerHeight();
        double boxH = Math.round(FONT_SIZE * 1.8);
        double boxY = y + Math.round(FONT_SIZE * 0.3);
        for (double x : new double[] {c.clientX(), c.serverX()}) {
            sb.append("<line class=\"lifeline\" x1=\"").append(num(x)).append("\" y1=\"").append(num(boxY + boxH))
                    .append("\" x2=\"").append(num(x)).append("\" y2=\"").append(num(bottom)).append("\" stroke=\"")
                    .append(p.inks().get(Ink.NOTE)).append("\" stroke-width=\"2\"/>\n");
        }
        participant(sb, c.clientX(), boxY, boxH, "client", p);
        participant(sb, c.serverX(), boxY, boxH, "server " + server, p);
        sb.append("<text class=\"latency\" x=\"").append(num(c.latencyX())).append("\" y=\"")
                .append(num(y + h - Math.round(FONT_SIZE * 0.35))).append("\" text-anchor=\"end\" fill=\"")
                .append(p.inks().get(Ink.NOTE)).append("\">latency</text>\n");
    }

    /** A participant's box over its lifeline, kept inside the picture. */
    private static void participant(StringBuilder sb, double x, double y, double h, String name, Palette p) {
        double w = Math.max(FONT_SIZE * 5, name.length() * FONT_SIZE * EM_PER_CHAR + FONT_SIZE * 1.2);
        double left = Math.max(2, Math.min(x - w / 2, WIDTH - 2 - w));
        sb.append("<g class=\"participant\"><rect x=\"").append(num(left)).append("\" y=\"").append(num(y))
                .append("\" width=\"").append(num(w)).append("\" height=\"").append(num(h))
                .append("\" rx=\"4\" fill=\"")
                .append(p.background()).append("\" stroke=\"").append(p.inks().get(Ink.NOTE))
                .append("\" stroke-width=\"1.5\"/><text x=\"").append(num(left + w / 2)).append("\" y=\"")
                .append(num(y + h * 0.68)).append("\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"")
                .append(p.foreground()).append("\">").append(xml(name)).append("</text></g>\n");
    }

    /** From each TLS band down to the next connect (or the end), the lane between the lifelines is tinted. */
    private static void encryptedLanes(StringBuilder sb, LadderLayout layout, LadderLayout.Columns c, double top,
                                       Palette p) {
        int from = -1;
        for (int i = 0; i <= layout.size(); i++) {
            Kind k = i < layout.size() ? layout.rung(i).kind() : null;
            if (from >= 0 && (k == null || (k == Kind.NOTE && !layout.rung(i).encrypted()))) {
                double y1 = top + layout.rowTop(from + 1);
                double y2 = top + layout.rowTop(i);
                if (y2 > y1) {
                    sb.append("<rect class=\"encrypted-lane\" x=\"").append(num(c.clientX())).append("\" y=\"")
                            .append(num(y1)).append("\" width=\"").append(num(c.lane())).append("\" height=\"")
                            .append(num(y2 - y1)).append("\" fill=\"").append(p.tlsBackground())
                            .append("\" fill-opacity=\"0.45\"/>\n");
                }
                from = -1;
            }
            if (k == Kind.TLS) {
                from = i;
            }
        }
    }

    private static void fans(StringBuilder sb, LadderLayout layout, LadderLayout.Columns c, double top, Palette p) {
        LadderLayout.Burst last = null;
        String ink = p.inks().get(Ink.CLIENT);
        for (int i = 0; i < layout.size(); i++) {
            LadderLayout.Burst b = layout.burst(i);
            if (b == null || b == last || !b.fan()) {
                continue;
            }
            last = b;
            double y1 = top + layout.rowTop(b.first()) + 2;
            double y2 = top + layout.rowTop(b.end()) - 2;
            double inset = Math.round(FONT_SIZE * 0.9);
            sb.append("<g class=\"fan\"><rect x=\"").append(num(c.clientX() - inset)).append("\" y=\"").append(num(y1))
                    .append("\" width=\"").append(num(c.lane() + 2 * inset)).append("\" height=\"")
                    .append(num(y2 - y1)).append("\" rx=\"6\" fill=\"none\" stroke=\"").append(ink)
                    .append("\" stroke-dasharray=\"5 4\"/><text x=\"").append(num(c.clientX() + FONT_SIZE * 0.6))
                    .append("\" y=\"").append(num(y1 + layout.captionHeight() * 0.75)).append("\" font-style=\"italic\""
                    + " fill=\"").append(ink).append("\">").append(xml(b.caption())).append("</text></g>\n");
        }
    }

    /** A dotted bracket left of the client lifeline from each root cause to each of its follow-ons. */
    private static void followOns(StringBuilder sb, LadderLayout layout, LadderLayout.Columns c, double top,
                                  Palette p) {
        for (int i = 0; i < layout.size(); i++) {
            Rung r = layout.rung(i);
            if (!r.followOn()) {
                continue;
            }
            int root = layout.rowOfSeq(r.rootSeq());
            if (root < 0) {
                continue;
            }
            double y1 = top + layout.shape(root, c).y2();
            double y2 = top + layout.shape(i, c).y2();
            double x = c.clientX() - FONT_SIZE * 1.4;
            sb.append("<path class=\"follow-on\" d=\"M").append(num(c.clientX() - 3)).append(',').append(num(y1))
                    .append(" H").append(num(x)).append(" V").append(num(y2)).append(" H").append(num(c.clientX() - 3))
                    .append("\" fill=\"none\" stroke=\"").append(p.inks().get(Ink.REPLY_5))
                    .append("\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>\n");
        }
    }

    /** A rung's arrow or band into {@code sb}, its label into {@code labels}; both groups carry its seq. */
    private static void rung(StringBuilder sb, StringBuilder labels, LadderLayout layout, LadderLayout.Columns c,
                             Shape s, double top, ToDoubleFunction<String> width, Palette p) {
        Rung r = s.rung();
        Ink ink = LadderLayout.ink(r);
        String colour = p.inks().get(ink);
        String classes = r.kind().name().toLowerCase(Locale.ROOT) + " " + cls(ink) + (LadderLayout.bold(r) ? " bold"
                : "") + (r.followOn() ? " follow-on-rung" : "") + (r.encrypted() && !s.band() ? " encrypted" : "");
        String opacity = r.followOn() ? " opacity=\"0.7\"" : "";
        sb.append("<g class=\"rung ").append(classes).append("\" data-seq=\"").append(r.seq()).append('"')
                .append(opacity).append('>');
        sb.append("<title>").append(xml(s.label().replace('\n', ' '))).append("</title>");
        labels.append("<g class=\"rung-label ").append(classes).append("\" data-seq=\"").append(r.seq()).append('"')
                .append(opacity).append('>');
        double y1 = top + s.y1();
        double y2 = top + s.y2();
        Label text = new Label(colour, LadderLayout.bold(r), s, width, p);
        if (s.band()) {
            // Folded SASL steps: a dashed box, see-through inside TLS so the encrypted lane shows.
            boolean fold = r.kind() == Kind.FOLDED || r.kind() == Kind.UNFOLDED;
            sb.append("<rect x=\"").append(num(s.x1())).append("\" y=\"").append(num(y1)).append("\" width=\"")
                    .append(num(s.x2() - s.x1())).append("\" height=\"").append(num(y2 - y1))
                    .append("\" rx=\"4\" fill=\"")
                    .append(r.kind() == Kind.TLS ? p.tlsBackground() : fold ? p.background() : p.errorBackground())
                    .append(fold && r.encrypted() ? "\" fill-opacity=\"0" : "").append("\" stroke=\"")
                    .append(colour).append("\" stroke-width=\"").append(r.kind() == Kind.FAILURE ? "2" : "1.5")
                    .append(fold ? "\" stroke-dasharray=\"5 4" : "").append("\"/>");
            String[] lines = s.label().split("\n");
            double lineHeight = FONT_SIZE * 1.25;
            double y = top + s.labelY() - (lines.length - 1) * lineHeight / 2;
            for (int i = 0; i < lines.length; i++) {
                boolean lock = i == 0 && r.kind() == Kind.TLS;
                text.write(labels, LadderLayout.fit(lines[i], layout.labelRoom(s, c), width), y + i * lineHeight,
                        lock, i == 0);
            }
        } else {
            sb.append("<line x1=\"").append(num(s.x1())).append("\" y1=\"").append(num(y1)).append("\" x2=\"")
                    .append(num(s.x2() > s.x1() ? s.x2() - 1 : s.x2() + 1)).append("\" y2=\"").append(num(y2))
                    .append("\" stroke=\"").append(colour).append("\" stroke-width=\"")
                    .append(num(layout.lineWidth(r))).append('"')
                    .append(LadderLayout.dashed(r) ? " stroke-dasharray=\"7 4\"" : "")
                    .append(" marker-end=\"url(#head-")
                    .append(cls(ink)).append(")\"/>");
            boolean lock = r.encrypted();
            double room = layout.labelRoom(s, c) - (lock ? FONT_SIZE * 0.85 : 0);
            text.write(labels, LadderLayout.fitted(r, room, width), top + s.labelY(), lock, true);
        }
        String latency = LadderLayout.latencyText(r);
        if (latency != null) {
            labels.append("<text class=\"latency\" x=\"").append(num(c.latencyX())).append("\" y=\"")
                    .append(num(y2 + FONT_SIZE * 0.35)).append("\" text-anchor=\"end\" fill=\"")
                    .append(p.inks().get(Ink.NOTE)).append("\">").append(xml(latency)).append("</text>");
        }
        sb.append("</g>\n");
        labels.append("</g>\n");
    }

    /** How a rung's label lines are written: colour, weight, and where they sit against the shape. */
    private record Label(String colour, boolean bold, Shape s, ToDoubleFunction<String> width, Palette p) {
        void write(StringBuilder sb, String label, double y, boolean lock, boolean first) {
            double w = width.applyAsDouble(label) + (lock ? FONT_SIZE * 0.85 : 0);
            double left = switch (s.align()) {
                case LEFT -> s.labelX();
                case CENTER -> s.labelX() - w / 2;
                case RIGHT -> s.labelX() - w;
            };
            if (s.fan()) {
                // Arrows of a fan cross each other's labels: each label gets a box in the colour of what is behind it.
                String box = "\" y=\"" + num(y - FONT_SIZE * 0.95) + "\" width=\"" + num(w + 6) + "\" height=\""
                        + num(FONT_SIZE * 1.3) + "\" rx=\"3\" fill=\"";
                sb.append("<rect class=\"label-box\" x=\"").append(num(left - 3)).append(box).append(p.background())
                        .append("\"/>");
                if (s.rung().encrypted()) {
                    sb.append("<rect class=\"label-box\" x=\"").append(num(left - 3)).append(box)
                            .append(p.tlsBackground()).append("\" fill-opacity=\"0.45\"/>");
                }
            }
            if (lock) {
                lock(sb, left, y, p.inks().get(Ink.TLS));
                left += FONT_SIZE * 0.85;
            }
            sb.append("<text class=\"label\" x=\"").append(num(left)).append("\" y=\"").append(num(y))
                    .append("\" fill=\"").append(colour).append('"')
                    .append(bold && first ? " font-weight=\"bold\"" : "")
                    .append('>').append(xml(label)).append("</text>");
        }
    }

    /** A padlock drawn as a path (no font has to have the glyph), its left at {@code x}, on {@code baseline}. */
    private static void lock(StringBuilder sb, double x, double baseline, String colour) {
        double s = FONT_SIZE;
        sb.append("<g class=\"lock\" fill=\"").append(colour).append("\" stroke=\"").append(colour)
                .append("\"><rect x=\"").append(num(x)).append("\" y=\"").append(num(baseline - 0.55 * s))
                .append("\" width=\"").append(num(0.62 * s)).append("\" height=\"").append(num(0.55 * s))
                .append("\" rx=\"1\" stroke=\"none\"/><path d=\"M").append(num(x + 0.14 * s)).append(',')
                .append(num(baseline - 0.55 * s)).append(" V").append(num(baseline - 0.72 * s)).append(" A")
                .append(num(0.17 * s)).append(',').append(num(0.17 * s)).append(" 0 0 1 ").append(num(x + 0.48 * s))
                .append(',').append(num(baseline - 0.72 * s)).append(" V").append(num(baseline - 0.55 * s))
                .append("\" fill=\"none\" stroke-width=\"").append(num(0.11 * s)).append("\"/></g>");
    }

    private static void legend(StringBuilder sb, double y, Palette p) {
        sb.append("<text class=\"legend\" x=\"").append(num(FONT_SIZE)).append("\" y=\"").append(num(y))
                .append("\" fill=\"").append(p.foreground()).append("\">")
                .append(xml("\u2192 client commands (solid), \u2190 replies (dashed): \u2714 2xx, \u279c 3xx,"
                        + " \u26a0 4xx, \u2716 5xx; thick arrows carry the message; the lock: inside TLS"))
                .append("</text>\n");
    }

    private static String cls(Ink ink) {
        return "ink-" + ink.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Text safe in XML 1.0: markup escaped, characters XML cannot hold (lone surrogates, most controls) replaced. */
    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> {
                    boolean pair = Character.isHighSurrogate(ch) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (pair) {
                        sb.append(ch).append(s.charAt(++i));
                    } else if ((ch < 0x20 && ch != '\t') || Character.isSurrogate(ch) || ch == 0xfffe || ch == 0xffff) {
                        sb.append('\ufffd');
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }
}
