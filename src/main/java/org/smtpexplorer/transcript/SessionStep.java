package org.smtpexplorer.transcript;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.engine.SmtpReply;

/**
 * One step of a session, as a person stepping through it sees it: the greeting, a command with what went with it (a
 * BDAT chunk's bytes) and its reply, the message after DATA with the reply to its final dot, the TLS handshake, or a
 * failure. Notes are left out: they are the tool's words, not the conversation. Built from the transcript alone
 * ({@link #of}), so that two sessions can be compared step by step ({@link SessionDiff}).
 *
 * @param kind    what the step is
 * @param key     what the step is, as compared when two sessions are aligned: the command's verb, or GREETING,
 *                MESSAGE, TLS, ERROR
 * @param entries the transcript entries of the step, in order (redacted)
 */
public record SessionStep(Kind kind, String key, List<TranscriptEntry> entries) {

    /** What a step is. */
    public enum Kind { GREETING, COMMAND, MESSAGE, TLS, FAILURE, UNSOLICITED }

    public SessionStep {
        entries = List.copyOf(entries);
    }

    /** The steps of {@code entries}: every reply goes with the command it answers, in order (RFC 5321 §4.2). */
    public static List<SessionStep> of(List<TranscriptEntry> entries) {
        List<Draft> steps = new ArrayList<>();
        Deque<Draft> awaiting = new ArrayDeque<>();
        for (TranscriptEntry raw : entries) {
            TranscriptEntry e = raw.redacted();
            if (e instanceof TranscriptEntry.Connect) {
                awaiting.clear();
                Draft d = new Draft(Kind.GREETING, "GREETING", e);
                steps.add(d);
                awaiting.add(d);
            } else if (e instanceof TranscriptEntry.Command c) {
                Draft d = new Draft(Kind.COMMAND, c.verb() == null ? "RAW" : c.verb(), e);
                steps.add(d);
                awaiting.add(d);
            } else if (e instanceof TranscriptEntry.Payload p) {
                Draft chunk = "BDAT".equals(p.verb()) ? lastBdatWithoutPayload(steps) : null;
                if (chunk != null) {
                    chunk.entries.add(e);
                } else {
                    Draft d = new Draft(Kind.MESSAGE, "MESSAGE", e);
                    steps.add(d);
                    awaiting.add(d);
                }
            } else if (e instanceof TranscriptEntry.Reply) {
                Draft d = awaiting.poll();
                if (d == null) {
                    steps.add(new Draft(Kind.UNSOLICITED, "UNSOLICITED", e));
                } else {
                    d.entries.add(e);
                }
            } else if (e instanceof TranscriptEntry.TlsUp) {
                steps.add(new Draft(Kind.TLS, "TLS", e));
            } else if (e instanceof TranscriptEntry.Failure) {
                steps.add(new Draft(Kind.FAILURE, "ERROR", e));
            }
        }
        return steps.stream().map(d -> new SessionStep(d.kind, d.key, d.entries)).toList();
    }

    private static Draft lastBdatWithoutPayload(List<Draft> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            Draft d = steps.get(i);
            if (d.kind == Kind.COMMAND && d.key.equals("BDAT")) {
                return d.entries.stream().anyMatch(x -> x instanceof TranscriptEntry.Payload) ? null : d;
            }
        }
        return null;
    }

    /** A step while its entries are gathered. */
    private static final class Draft {
        final Kind kind;
        final String key;
        final List<TranscriptEntry> entries = new ArrayList<>();

        Draft(Kind kind, String key, TranscriptEntry first) {
            this.kind = kind;
            this.key = key;
            entries.add(first);
        }
    }

    /** The command, for a command step. */
    public Optional<TranscriptEntry.Command> command() {
        return entries.stream().filter(e -> e instanceof TranscriptEntry.Command)
                .map(e -> (TranscriptEntry.Command) e).findFirst();
    }

    /** The replies (usually one; none when the session ended before it came). */
    public List<TranscriptEntry.Reply> replies() {
        return entries.stream().filter(e -> e instanceof TranscriptEntry.Reply).map(e -> (TranscriptEntry.Reply) e)
                .toList();
    }

    /** The payload: a BDAT chunk's bytes, or the message after DATA. */
    public Optional<TranscriptEntry.Payload> payload() {
        return entries.stream().filter(e -> e instanceof TranscriptEntry.Payload)
                .map(e -> (TranscriptEntry.Payload) e).findFirst();
    }

    /** The reply code, or 0 when no reply came. */
    public int code() {
        List<TranscriptEntry.Reply> r = replies();
        return r.isEmpty() ? 0 : r.get(r.size() - 1).code();
    }

    /** A short name: "greeting", "EHLO", "AUTH response", "message", "TLS", ... */
    public String name() {
        return switch (kind) {
            case GREETING -> "greeting";
            case MESSAGE -> "message";
            case TLS -> "TLS";
            case FAILURE -> "failure";
            case UNSOLICITED -> "unsolicited reply";
            case COMMAND -> switch (key) {
                case "AUTH_RESPONSE" -> "AUTH response";
                case "RAW" -> command().map(c -> firstWord(c.text())).orElse("line");
                default -> key;
            };
        };
    }

    /** The step as transcript lines ("C: ", "S: ", "* ", "! "), escaped and redacted; the connect line left out. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (TranscriptEntry e : entries) {
            if (e instanceof TranscriptEntry.Connect) {
                continue;
            }
            out.addAll(List.of(TranscriptExport.textLine(e).split("\n", -1)));
        }
        return out;
    }

    /**
     * The keywords a successful EHLO reply advertised, keyword to its parameters joined by spaces ("" for none), in
     * the order advertised; empty for any other step.
     */
    public Map<String, String> ehloKeywords() {
        List<TranscriptEntry.Reply> r = replies();
        if (!key.equals("EHLO") || r.isEmpty() || r.get(r.size() - 1).code() / 100 != 2) {
            return Map.of();
        }
        TranscriptEntry.Reply reply = r.get(r.size() - 1);
        List<String> lines = new ArrayList<>();
        for (String line : reply.text().split("\n", -1)) {
            lines.add(line.length() > 4 ? line.substring(4) : "");
        }
        Capabilities caps = Capabilities.parse(SmtpReply.of(reply.code(), lines.toArray(String[]::new)));
        Map<String, String> out = new LinkedHashMap<>();
        caps.keywords().forEach((k, v) -> out.put(k, String.join(" ", v)));
        return out;
    }

    private static String firstWord(String s) {
        String t = Printable.escape(s.strip());
        int sp = t.indexOf(' ');
        return sp < 0 ? t : t.substring(0, sp);
    }
}
