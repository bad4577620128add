package org.smtpexplorer.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One complete server reply. {@code lines} hold the text after the code and separator, with the enhanced status
 * prefix removed from every line that repeats it; {@code raw} holds the exact bytes received.
 *
 * @param code     the three-digit reply code; it alone decides success or failure
 * @param enhanced the RFC 3463 code from the first line, or null
 * @param lines    the text of each line, decoded leniently as UTF-8
 * @param raw      the reply exactly as received, terminators included
 * @param bareLf   true when at least one line ended in LF alone rather than CRLF
 */
public record SmtpReply(int code, EnhancedStatus enhanced, List<String> lines, byte[] raw, boolean bareLf) {

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        lines = List.copyOf(lines);
        Objects.requireNonNull(raw, "raw");
    }

    /** A reply built locally, e.g. by the lab server or a test; its raw form is its canonical wire form. */
    public static SmtpReply of(int code, EnhancedStatus enhanced, String... lines) {
        List<String> text = lines.length == 0 ? List.of("") : List.of(lines);
        SmtpReply shape = new SmtpReply(code, enhanced, text, new byte[0], false);
        return new SmtpReply(code, enhanced, text, shape.toWire(), false);
    }

    public static SmtpReply of(int code, String... lines) {
        return of(code, null, lines);
    }

    /** The canonical wire form: every line carries the code and, when present, the enhanced status. */
    public byte[] toWire() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (enhanced != null) {
                sb.append(enhanced).append(' ');
            }
            sb.append(lines.get(i)).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public int replyClass() {
        return code / 100;
    }

    public boolean isPositive() {
        return replyClass() == 2;
    }

    public boolean isIntermediate() {
        return replyClass() == 3;
    }

    public boolean isTransientFailure() {
        return replyClass() == 4;
    }

    public boolean isPermanentFailure() {
        return replyClass() == 5;
    }

    public boolean isFailure() {
        return code >= 400;
    }

    /** The text of all lines joined by one space; empty lines and the spaces around each line are left out. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            String t = l.strip();
            if (!t.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : " ").append(t);
            }
        }
        return sb.toString();
    }

    /**
     * For a failure reply, whether it is temporary (4xx: the same command may succeed later, RFC 5321 §4.2.1) or
     * permanent (5xx); null for any other reply.
     */
    public String failureKind() {
        return switch (replyClass()) {
            case 4 -> "a temporary failure (4xx): the same may succeed if tried again later";
            case 5 -> "a permanent failure (5xx): trying again as it is will not help";
            default -> null;
        };
    }

    /** A short one-line form for messages: "550 5.1.1 User unknown". */
    public String summary() {
        return code + (enhanced != null ? " " + enhanced : "") + (text().isEmpty() ? "" : " " + text());
    }

    public byte[] raw() {
        return raw.clone();
    }

    /** The raw bytes split into their lines, terminators kept. */
    public List<byte[]> rawLines() {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n') {
                out.add(Arrays.copyOfRange(raw, start, i + 1));
                start = i + 1;
            }
        }
        if (start < raw.length) {
            out.add(Arrays.copyOfRange(raw, start, raw.length));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmtpReply r && r.code == code && Objects.equals(r.enhanced, enhanced)
                && r.lines.equals(lines) && Arrays.equals(r.raw, raw) && r.bareLf == bareLf;
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, enhanced, lines, Arrays.hashCode(raw), bareLf);
    }

    @Override
    public String toString() {
        return "SmtpReply[" + summary() + "]";
    }
}
