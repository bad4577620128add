package org.smtpexplorer.ui.transcript;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.smtpexplorer.engine.auth.AuthExchange;
import org.smtpexplorer.transcript.EntryKind;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * Pure function from a transcript entry to the lines shown and their CSS classes. The direction marker and the
 * lock come from the entry's kind (engine state), never from server text, which is always escaped.
 */
public final class TranscriptStyler {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    static final int PREVIEW_LINES = 4;

    /** One displayed line: its text and its style classes. */
    public record StyledLine(String text, List<String> styles) {
    }

    private TranscriptStyler() {
    }

    public static List<StyledLine> style(TranscriptEntry e, boolean revealSecrets) {
        String time = TIME.format(e.time()) + "  ";
        List<StyledLine> out = new ArrayList<>();
        switch (e.kind()) {
            case CLIENT -> {
                TranscriptEntry shown = revealSecrets ? e : e.redacted();
                out.add(new StyledLine(time + "C: " + Printable.escape(shown.text()), classes("client", flightClass(e))));
                if (e.hasSecret() && revealSecrets) {
                    String decoded = AuthExchange.decodeForDisplay(e.text().substring(e.secretFrom()));
                    if (decoded != null) {
                        out.add(new StyledLine(" ".repeat(time.length()) + "   decoded: " + describeSecret(decoded),
                                classes("note", "secret")));
                    }
                }
            }
            case SERVER -> {
                String replyClass = e.code() == null ? "reply" : "reply-" + (e.code() / 100) + "xx";
                String latency = e.latencyMicros() == null ? "" : "  (" + formatLatency(e.latencyMicros()) + ")";
                String[] lines = e.text().split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    out.add(new StyledLine((i == 0 ? time : " ".repeat(time.length())) + "S: "
                            + Printable.escape(lines[i]) + (i == lines.length - 1 ? latency : ""),
                            classes("server", replyClass)));
                }
            }
            case PAYLOAD -> {
                String indent = " ".repeat(time.length()) + "C: ";
                List<String> preview = previewLines(e);
                for (int i = 0; i < preview.size(); i++) {
                    out.add(new StyledLine((i == 0 ? time + "C: " : indent) + Printable.escape(preview.get(i)),
                            classes("client", "payload-text")));
                }
                out.add(new StyledLine((preview.isEmpty() ? time + "C: " : indent) + "[... "
                        + String.format("%,d", e.bytes() == null ? 0 : e.bytes()) + " bytes: "
                        + Printable.escape(e.text()) + " ...]", classes("client", "payload")));
            }
            case TLS -> out.add(new StyledLine(time + "\u2550\u2550\u2550 " + Printable.escape(e.text())
                    + " \u2550\u2550\u2550", classes("tls")));
            case ERROR -> out.add(new StyledLine(time + "!  " + Printable.escape(e.text()), classes("error")));
            case CONNECT -> out.add(new StyledLine(time + "*  " + Printable.escape(e.text()), classes("connect")));
            case NOTE -> out.add(new StyledLine(time + "*  " + Printable.escape(e.text()), classes("note")));
            default -> throw new IllegalStateException("unknown kind " + e.kind());
        }
        return out;
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
    private static String flightClass(TranscriptEntry e) {
        return e.flight() != null && e.flight() % 2 == 0 ? "flight-even" : "flight-odd";
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

    /** The raw-bytes rendering of an entry: CR and LF visible, non-printable bytes as \xHH. */
    public static String raw(TranscriptEntry e, boolean revealSecrets) {
        byte[] raw = revealSecrets ? e.raw() : e.redactedRaw();
        if (raw == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(e.kind() == EntryKind.SERVER ? "S: " : "C: ");
        for (byte b : raw) {
            int c = b & 0xff;
            if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n\n").append(e.kind() == EntryKind.SERVER ? "S: " : "C: ");
            } else if (c < 0x20 || c >= 0x7f || c == '\\') {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        String s = sb.toString();
        return s.endsWith("\n" + (e.kind() == EntryKind.SERVER ? "S: " : "C: ")) ? s.substring(0, s.length() - 4) : s;
    }
}
