package org.smtpexplorer.ui.transcript;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.smtpexplorer.engine.auth.AuthExchange;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * Pure function from a transcript entry to the lines shown and their CSS classes. The direction marker and the
 * lock come from the entry's kind (engine state), never from server text, which is always escaped. Not colour
 * alone: an arrow gives each line's direction and a mark each reply's class (see {@link #mark}), and the CSS gives
 * refusals weight, so a session reads the same in grey or to a colour-blind eye.
 */
public final class TranscriptStyler {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    static final int PREVIEW_LINES = 4;
    /** Before a client line: sent to the server. */
    static final String SENT = "\u2192  ";
    /** Before a continuation line, where no mark goes. */
    static final String NO_MARK = "   ";

    /** One displayed line: its text and its style classes. */
    public record StyledLine(String text, List<String> styles) {
    }

    private TranscriptStyler() {
    }

    public static List<StyledLine> style(TranscriptEntry e, boolean revealSecrets) {
        String time = TIME.format(e.time()) + "  ";
        List<StyledLine> out = new ArrayList<>();
        if (e instanceof TranscriptEntry.Command c) {
            TranscriptEntry shown = revealSecrets ? c : c.redacted();
            out.add(new StyledLine(time + SENT + "C: " + Printable.escape(shown.text()),
                    classes("client", flightClass(c))));
            if (c.hasSecret() && revealSecrets) {
                String decoded = AuthExchange.decodeForDisplay(c.text().substring(c.secretFrom()));
                if (decoded != null) {
                    out.add(new StyledLine(" ".repeat(time.length()) + NO_MARK + "   decoded: "
                            + describeSecret(decoded), classes("note", "secret")));
                }
            }
        } else if (e instanceof TranscriptEntry.Reply r) {
            String replyClass = "reply-" + r.replyClass() + "xx";
            String latency = r.latencyMicros() == null ? "" : "  (" + formatLatency(r.latencyMicros()) + ")";
            String[] lines = r.text().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                out.add(new StyledLine((i == 0 ? time + mark(r.code()) : " ".repeat(time.length()) + NO_MARK)
                        + "S: " + Printable.escape(lines[i]) + (i == lines.length - 1 ? latency : ""),
                        classes("server", replyClass)));
            }
        } else if (e instanceof TranscriptEntry.Payload p) {
            String indent = " ".repeat(time.length()) + NO_MARK + "C: ";
            List<String> preview = previewLines(p);
            for (int i = 0; i < preview.size(); i++) {
                out.add(new StyledLine((i == 0 ? time + SENT + "C: " : indent) + Printable.escape(preview.get(i)),
                        classes("client", "payload-text")));
            }
            out.add(new StyledLine((preview.isEmpty() ? time + SENT + "C: " : indent) + "[... "
                    + String.format("%,d", p.bytes()) + " bytes: " + Printable.escape(p.text()) + " ...]",
                    classes("client", "payload")));
        } else if (e instanceof TranscriptEntry.TlsUp) {
            out.add(new StyledLine(time + "\u2550\u2550\u2550 " + Printable.escape(e.text()) + " \u2550\u2550\u2550",
                    classes("tls")));
        } else if (e instanceof TranscriptEntry.Failure) {
            out.add(new StyledLine(time + "!  " + Printable.escape(e.text()), classes("error")));
        } else if (e instanceof TranscriptEntry.Connect) {
            out.add(new StyledLine(time + "*  " + Printable.escape(e.text()), classes("connect")));
        } else {
            out.add(new StyledLine(time + "*  " + Printable.escape(e.text()), classes("note")));
        }
        return out;
    }

    /**
     * Before a reply's first line: an arrow back from the server and what kind of reply it is, 2xx done, 3xx go on,
     * 4xx try again later, 5xx refused.
     */
    static String mark(Integer code) {
        String kind = code == null ? "?" : switch (code / 100) {
            case 2 -> "\u2713";
            case 3 -> "\u21aa";
            case 4 -> "\u21bb";
            case 5 -> "\u2717";
            default -> "?";
        };
        return "\u2190" + kind + " ";
    }

    /** The first lines of a payload's preview, as sent. */
    static List<String> previewLines(TranscriptEntry e) {
        if (e.raw() == null || e.raw().length == 0) {
            return List.of();
        }
        String text = new String(e.raw(), java.nio.charset.StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(text.lines().limit(PREVIEW_LINES).toList());
        return lines;
    }

    /** Consecutive flights alternate in shade, so the commands of one pipelined flight read as a group. */
    private static String flightClass(TranscriptEntry.Command c) {
        return c.flight() % 2 == 0 ? "flight-even" : "flight-odd";
    }

    private static List<String> classes(String... names) {
        List<String> out = new ArrayList<>(names.length + 1);
        out.add("line");
        for (String n : names) {
            out.add(n);
        }
        return out;
    }

    /** PLAIN's three NUL-separated fields named; anything else shown escaped. */
    static String describeSecret(String decoded) {
        String[] plain = decoded.split("\u0000", -1);
        if (plain.length == 3) {
            return "authzid=\"" + Printable.escape(plain[0]) + "\" user=\"" + Printable.escape(plain[1])
                    + "\" password=\"" + Printable.escape(plain[2]) + "\"";
        }
        return Printable.escape(decoded);
    }

    static String formatLatency(long micros) {
        return micros < 10_000 ? String.format("%.1f ms", micros / 1000.0) : (micros / 1000) + " ms";
    }

    /** The raw-bytes rendering of an entry: CR and LF visible, every non-ASCII byte as \xHH. */
    public static String raw(TranscriptEntry e, boolean revealSecrets) {
        return raw(e, revealSecrets, false);
    }

    /** As {@link #raw(TranscriptEntry, boolean)}, or as a hex dump of 16 bytes a line with {@code hex}. */
    public static String raw(TranscriptEntry e, boolean revealSecrets, boolean hex) {
        return raw(e, revealSecrets, hex, false);
    }

    /**
     * The raw-bytes rendering of an entry: a hex dump of 16 bytes a line with {@code hex}; otherwise the bytes with
     * CR and LF visible, a new line after each LF, and, with {@code utf8}, well-formed UTF-8 shown decoded (controls,
     * bidi overrides and invalid bytes still escaped, see {@link Printable#escapeBytes}), else every byte outside
     * printable ASCII as \xHH.
     */
    public static String raw(TranscriptEntry e, boolean revealSecrets, boolean hex, boolean utf8) {
        byte[] raw = revealSecrets ? e.raw() : e.redactedRaw();
        if (raw == null) {
            return null;
        }
        String prefix = prefix(e);
        if (hex) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < raw.length; i += 16) {
                sb.append(i == 0 ? "" : "\n").append(prefix).append(String.format("%04x ", i));
                StringBuilder ascii = new StringBuilder();
                for (int j = i; j < i + 16; j++) {
                    if (j < raw.length) {
                        int c = raw[j] & 0xff;
                        sb.append(String.format(" %02x", c));
                        ascii.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
                    } else {
                        sb.append("   ");
                    }
                }
                sb.append("  ").append(ascii);
            }
            return sb.toString();
        }
        String s = prefix + Printable.escapeBytes(raw, 0, raw.length, utf8, "\n" + prefix);
        return s.endsWith("\n" + prefix) ? s.substring(0, s.length() - prefix.length() - 1) : s;
    }

    /** Replies and the bytes that broke a session came from the server; everything else from the client. */
    private static String prefix(TranscriptEntry e) {
        return e instanceof TranscriptEntry.Reply || e instanceof TranscriptEntry.Failure ? "S: " : "C: ";
    }
}
