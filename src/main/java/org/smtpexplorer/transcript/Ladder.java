package org.smtpexplorer.transcript;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.SmtpReply;

/**
 * A session as a ladder (a sequence diagram): one step per command, reply, payload, TLS handshake or failure, in
 * order, between a client and a server lifeline. Built from the transcript alone, secrets redacted, so the same
 * ladder can be drawn in the window, written as Mermaid for Markdown, or checked in a test. An AUTH exchange of
 * several round trips (SCRAM, LOGIN) can be shown folded into one row: see {@link #folded} and {@link LadderFolds}.
 *
 * @param server the server's name, as connected to (host:port), or "server"
 * @param steps  the rungs, top to bottom
 * @param sasl   the AUTH exchanges among them, top to bottom (none in a ladder that is already folded)
 */
public record Ladder(String server, List<Rung> steps, List<SaslExchange> sasl) {

    public Ladder {
        steps = List.copyOf(steps);
        sasl = List.copyOf(sasl);
    }

    /** A ladder of rungs as they are to be drawn, folds included: nothing left to fold. */
    public Ladder(String server, List<Rung> steps) {
        this(server, steps, List.of());
    }

    /** Which way a rung points, or that it spans both lifelines (a note). */
    public enum Direction { TO_SERVER, TO_CLIENT, ACROSS }

    /**
     * What a rung shows. FOLDED stands for the middle steps of an AUTH exchange, hidden; UNFOLDED heads them when
     * they are shown (a row to click to fold them again).
     */
    public enum Kind { COMMAND, REPLY, PAYLOAD, TLS, FAILURE, NOTE, FOLDED, UNFOLDED }

    /**
     * An AUTH exchange, by rung index: its AUTH command ({@code first}), then the server's 334 challenges and the
     * client's responses, then its final reply ({@code finalRow}; -1 while it is awaited, or when the exchange ended
     * without one). {@code end} is the row after its last; {@code responses} counts the client's lines after the AUTH
     * command, its round trips; once {@code closed}, nothing more joins it.
     */
    public record SaslExchange(int first, int end, int finalRow, int responses, boolean closed) {
        /** More than one round trip (SCRAM, LOGIN, PLAIN without an initial response and a retry...): worth a fold. */
        public boolean foldable() {
            return responses >= 2;
        }

        /** The first row a fold hides: the one after the first challenge. */
        public int hiddenFrom() {
            return first + 2;
        }

        /** The row after the last one a fold hides: the final reply, or the end so far. */
        public int hiddenEnd() {
            return finalRow >= 0 ? finalRow : end;
        }

        /** How many rows a fold hides. */
        public int hidden() {
            return Math.max(0, hiddenEnd() - hiddenFrom());
        }

        /** It was refused (its final reply is 4xx or 5xx), or it ended without a final reply. */
        public boolean failed(List<Rung> rungs) {
            return finalRow >= 0 ? rungs.get(finalRow).refusal() : closed;
        }
    }

    /**
     * One rung of the ladder.
     *
     * @param direction     client to server, server to client, or across both
     * @param kind          what it is
     * @param label         its text, one line, escaped and redacted
     * @param flight        the pipelined flight it belongs to (commands and their replies, and a BDAT chunk's bytes),
     *                      or 0
     * @param replyClass    for replies, 2 to 5; otherwise 0
     * @param latencyMicros for replies, the time since the command went out, or -1
     * @param bytes         for payloads, the bytes it stands for; for a fold, the steps it stands for; otherwise -1
     * @param encrypted     it crossed inside TLS
     * @param seq           the transcript entry it comes from, to link the two views
     * @param rootSeq       for a refusal the session named as the root cause of its failure, {@code seq} itself; for
     *                      a refusal that only followed from that one (a follow-on), the root cause's seq; else -1
     */
    public record Rung(Direction direction, Kind kind, String label, int flight, int replyClass, long latencyMicros,
                       long bytes, boolean encrypted, long seq, long rootSeq) {

        /** A reply that refused (4xx or 5xx). */
        public boolean refusal() {
            return replyClass >= 4;
        }

        /** The refusal the session's failure was named after. */
        public boolean rootCause() {
            return rootSeq >= 0 && rootSeq == seq;
        }

        /** A refusal that only followed from an earlier one, the root cause. */
        public boolean followOn() {
            return rootSeq >= 0 && rootSeq != seq;
        }

        Rung withRoot(long root) {
            return new Rung(direction, kind, label, flight, replyClass, latencyMicros, bytes, encrypted, seq, root);
        }
    }

    /** The ladder of {@code entries} (redacted here: the ladder never shows a secret). */
    public static Ladder of(List<TranscriptEntry> entries) {
        Builder b = new Builder();
        entries.forEach(b::add);
        return b.build();
    }

    /**
     * Builds a ladder one entry at a time, as a live session appends them: the window adds what each pulse brought.
     * Adding the failure that ends a session can mark earlier rungs (its root cause and follow-ons); {@link
     * #add} says from which rung on anything changed. Not thread-safe.
     */
    public static final class Builder {
        private final List<Rung> out = new ArrayList<>();
        private final List<Rung> view = Collections.unmodifiableList(out);
        private final List<SaslExchange> sasl = new ArrayList<>();
        private final List<SaslExchange> saslView = Collections.unmodifiableList(sasl);
        /** For each rung that is a refusal, its summary ("550 5.1.1 User unknown"), as the session names replies. */
        private final List<String> summaries = new ArrayList<>();
        private String server = "server";
        private boolean tls;
        /** The keywords of the last EHLO reply before TLS, to name what the one after TLS added; null before. */
        private Set<String> ehloInClear;
        /** When the last entry that crossed the wire happened, and whether TLS can start right after it. */
        private java.time.Instant previousTime;
        private boolean previousStartsTls;
        /** Where the current transaction (its last MAIL) or else the current connection began, as a rung index. */
        private int scopeStart;

        /**
         * Adds one transcript entry (redacted here).
         *
         * @return the index of the first rung added or changed; the rung count when the entry drew nothing
         */
        public int add(TranscriptEntry raw) {
            TranscriptEntry e = raw.redacted();
            int changed = out.size();
            int drawnBefore = out.size();
            if (e instanceof TranscriptEntry.Connect c) {
                server = c.host() == null ? "server" : (c.host().contains(":") ? "[" + c.host() + "]" : c.host())
                        + (c.port() > 0 ? ":" + c.port() : "");
                tls = false;
                scopeStart = out.size();
                out.add(new Rung(Direction.TO_SERVER, Kind.NOTE, "connect", 0, 0, -1, -1, false, c.seq(), -1));
            } else if (e instanceof TranscriptEntry.Command c) {
                if ("MAIL".equals(c.verb())) {
                    scopeStart = out.size();
                }
                out.add(new Rung(Direction.TO_SERVER, Kind.COMMAND, Printable.escape(c.text()), c.flight(), 0, -1,
                        -1, tls, c.seq(), -1));
            } else if (e instanceof TranscriptEntry.Reply r) {
                String[] lines = r.text().split("\n", -1);
                String first = Printable.escape(lines[0]);
                String label = lines.length > 1 ? first + " (+" + (lines.length - 1) + " line"
                        + (lines.length > 2 ? "s" : "") + ")" : first;
                if ("EHLO".equals(r.answering()) && r.code() == 250) {
                    Set<String> keywords = ehloKeywords(lines);
                    if (!tls) {
                        ehloInClear = keywords;
                    } else if (ehloInClear != null) {
                        // What TLS unlocked (AUTH, typically): the point of the second EHLO (RFC 3207 §4.2).
                        Set<String> added = new LinkedHashSet<>(keywords);
                        added.removeAll(ehloInClear);
                        if (!added.isEmpty()) {
                            label += "; new after TLS: " + Printable.escape(String.join(", ", added));
                        }
                    }
                }
                out.add(new Rung(Direction.TO_CLIENT, Kind.REPLY, label, r.flight(), r.replyClass(),
                        r.latencyMicros() == null ? -1 : r.latencyMicros(), -1, tls, r.seq(), -1));
            } else if (e instanceof TranscriptEntry.Payload p) {
                // A BDAT chunk's bytes go out right behind its command, in the same flight.
                Rung before = out.isEmpty() ? null : out.get(out.size() - 1);
                int flight = before != null && before.kind() == Kind.COMMAND && "BDAT".equals(p.verb())
                        ? before.flight() : 0;
                out.add(new Rung(Direction.TO_SERVER, Kind.PAYLOAD, (p.verb() == null ? "message" : p.verb())
                        + " payload, " + p.bytes() + " bytes", flight, 0, -1, p.bytes(), tls, p.seq(), -1));
            } else if (e instanceof TranscriptEntry.TlsUp t) {
                tls = true;
                String label = ("TLS " + (t.protocol() == null ? "" : t.protocol()) + " "
                        + (t.cipher() == null ? "" : t.cipher())).strip() + (t.verdict() == null ? ""
                        : t.verified() ? ", certificate verified" : ", certificate NOT verified");
                // The handshake ran from the reply to STARTTLS (or the connect, for implicit TLS) to this event.
                if (previousTime != null && t.time() != null && previousStartsTls) {
                    long micros = java.time.Duration.between(previousTime, t.time()).toNanos() / 1000;
                    if (micros >= 0) {
                        label += ", handshake " + latency(micros);
                    }
                }
                out.add(new Rung(Direction.ACROSS, Kind.TLS, label, 0, 0, -1, -1, true, t.seq(), -1));
            } else if (e instanceof TranscriptEntry.Failure f) {
                changed = Math.min(changed, markCauses(f.text()));
                out.add(new Rung(Direction.ACROSS, Kind.FAILURE, Printable.escape(f.text()), 0, 0, -1, -1, tls,
                        f.seq(), -1));
            }
            if (!(e instanceof TranscriptEntry.Note)) {
                previousTime = e.time();
                previousStartsTls = e instanceof TranscriptEntry.Connect || e instanceof TranscriptEntry.Reply r
                        && "STARTTLS".equals(r.answering());
            }
            if (out.size() > drawnBefore) {
                followSasl(e, drawnBefore);
            }
            // Notes are the tool's own remarks; the ladder shows what crossed the wire.
            summaries.add(e instanceof TranscriptEntry.Reply r ? summaryOf(r) : null);
            while (summaries.size() > out.size()) {
                summaries.remove(summaries.size() - 1);
            }
            return changed;
        }

        /**
         * A session that fails names its root cause ("what: SUMMARY (kind; follow-on: SUMMARY; ...)"): the first
         * refusal in scope with that summary is marked as the root cause, the later refusals named after
         * "follow-on:" as its follow-ons. Returns the lowest index changed.
         */
        private int markCauses(String failure) {
            int lowest = out.size();
            int root = -1;
            int followAt = failure.indexOf("follow-on: ");
            String followOns = followAt < 0 ? "" : failure.substring(followAt + "follow-on: ".length());
            for (int i = scopeStart; i < out.size(); i++) {
                String summary = summaries.get(i);
                if (summary == null || !out.get(i).refusal() || out.get(i).rootSeq() >= 0) {
                    continue;
                }
                if (root < 0 && (failure.contains(": " + summary + " (") || failure.endsWith(": " + summary))) {
                    root = i;
                    out.set(i, out.get(i).withRoot(out.get(i).seq()));
                    lowest = Math.min(lowest, i);
                } else if (root >= 0 && followOns.contains(summary)) {
                    out.set(i, out.get(i).withRoot(out.get(root).seq()));
                    lowest = Math.min(lowest, i);
                }
            }
            return lowest;
        }

        /**
         * Row {@code row}, drawn for {@code e}, joins the AUTH exchange under way: a client line after a 334 is a
         * response (the server reads it as one, whatever it says), a 334 another challenge, any other reply the final
         * one; anything else (TLS, a new connection, a failure) ends the exchange without one. An AUTH starts one.
         */
        private void followSasl(TranscriptEntry e, int row) {
            int at = sasl.size() - 1;
            SaslExchange open = at < 0 || sasl.get(at).closed() ? null : sasl.get(at);
            boolean auth = e instanceof TranscriptEntry.Command c && "AUTH".equals(c.verb());
            if (open != null) {
                if (e instanceof TranscriptEntry.Command && !auth) {
                    sasl.set(at, new SaslExchange(open.first(), row + 1, -1, open.responses() + 1, false));
                } else if (e instanceof TranscriptEntry.Reply r) {
                    boolean challenge = r.code() == 334;
                    sasl.set(at, new SaslExchange(open.first(), row + 1, challenge ? -1 : row, open.responses(),
                            !challenge));
                } else {
                    sasl.set(at, new SaslExchange(open.first(), open.end(), -1, open.responses(), true));
                }
            }
            if (auth) {
                sasl.add(new SaslExchange(row, row + 1, -1, 0, false));
            }
        }

        /** The rungs so far, read-only and live. */
        public List<Rung> rungs() {
            return view;
        }

        /** The AUTH exchanges so far, read-only and live; the last may still be under way. */
        public List<SaslExchange> saslExchanges() {
            return saslView;
        }

        public String server() {
            return server;
        }

        public Ladder build() {
            return new Ladder(server, out, sasl);
        }
    }

    /**
     * The ladder as the window first shows it, and as {@code smtpx send --ladder} writes it: each AUTH exchange of
     * more than one round trip folded into one row between its first challenge and its final reply, except one that
     * failed (whose steps are what a reader needs to see).
     */
    public Ladder folded() {
        return shown(Map.of());
    }

    /**
     * The ladder with the AUTH exchanges folded or not as {@code open} says (by the seq of their AUTH command; true
     * opens), the others as {@link #folded}.
     */
    public Ladder shown(Map<Long, Boolean> open) {
        LadderFolds folds = new LadderFolds(steps, sasl);
        open.forEach(folds::choose);
        folds.refresh(0);
        return new Ladder(server, folds.shown());
    }

    /** The keywords an EHLO reply lists, upper case, from its lines after the first ("250-AUTH PLAIN" is AUTH). */
    private static Set<String> ehloKeywords(String[] lines) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].length() > 4 ? lines[i].substring(4).strip() : "";
            int space = line.indexOf(' ');
            String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
            if (!keyword.isEmpty()) {
                out.add(keyword);
            }
        }
        return out;
    }

    /** How the session names a refusal in its failure: the reply's summary, from its bytes; null if not one. */
    private static String summaryOf(TranscriptEntry.Reply e) {
        if (e.code() < 400 || e.raw() == null) {
            return null;
        }
        try {
            List<SmtpReply> replies = new ReplyParser().feed(e.raw());
            return replies.size() == 1 ? replies.get(0).summary() : null;
        } catch (SmtpException ex) {
            return null;
        }
    }

    /**
     * The ladder as a Mermaid {@code sequenceDiagram}, for Markdown: commands as solid arrows, replies as dashed
     * ones with their latency, refusals marked, the TLS handshake as a highlighted band over everything after it,
     * payloads with their size, failures as notes. Pipelined commands that went out together are boxed.
     */
    public String toMermaid() {
        StringBuilder sb = new StringBuilder("sequenceDiagram\n");
        sb.append("    participant C as Client\n");
        sb.append("    participant S as ").append(mermaidText(server)).append('\n');
        boolean inTls = false;
        int openFlight = 0;
        for (int i = 0; i < steps.size(); i++) {
            Rung r = steps.get(i);
            int flightSize = r.kind() == Kind.COMMAND ? countFlight(i, r.flight()) : 0;
            if (openFlight != 0 && (r.kind() != Kind.COMMAND || r.flight() != openFlight)) {
                sb.append("    end\n");
                openFlight = 0;
            }
            switch (r.kind()) {
                case NOTE -> sb.append("    Note over C,S: ").append(mermaidText(r.label())).append('\n');
                case COMMAND -> {
                    if (flightSize > 1 && openFlight == 0) {
                        sb.append("    rect rgb(238, 243, 251)\n");
                        sb.append("    Note left of C: pipelined, ").append(flightSize).append(" commands\n");
                        openFlight = r.flight();
                    }
                    sb.append("    C->>S: ").append(mermaidText(r.label())).append('\n');
                }
                case REPLY -> sb.append("    S-->>C: ").append(r.refusal() ? (r.replyClass() == 4 ? "⚠ " : "✖ ")
                        : "").append(mermaidText(r.label())).append(r.latencyMicros() >= 0 ? " (" + latency(
                        r.latencyMicros()) + ")" : "").append(r.rootCause() ? " root cause" : r.followOn()
                        ? " follow-on" : "").append('\n');
                case PAYLOAD -> sb.append("    C-)S: ").append(mermaidText(r.label())).append('\n');
                case TLS -> {
                    if (!inTls) {
                        sb.append("    rect rgb(230, 244, 234)\n");
                        inTls = true;
                    }
                    int verdict = r.label().indexOf(", ");
                    sb.append("    Note over C,S: ").append(mermaidText(verdict < 0 ? r.label()
                            : r.label().substring(0, verdict))).append(" (encrypted below)").append(verdict < 0 ? ""
                            : mermaidText("; " + r.label().substring(verdict + 2))).append('\n');
                }
                case FAILURE -> sb.append("    Note over C,S: ✖ ").append(mermaidText(r.label())).append('\n');
                case FOLDED -> sb.append("    Note over C,S: ▸ ").append(mermaidText(r.label())).append('\n');
                case UNFOLDED -> sb.append("    Note over C,S: ▾ ").append(mermaidText(r.label())).append('\n');
            }
        }
        if (openFlight != 0) {
            sb.append("    end\n");
        }
        if (inTls) {
            sb.append("    end\n");
        }
        return sb.toString();
    }

    private int countFlight(int from, int flight) {
        if (flight == 0) {
            return 1;
        }
        int n = 0;
        for (int i = from; i < steps.size() && steps.get(i).kind() == Kind.COMMAND
                && steps.get(i).flight() == flight; i++) {
            n++;
        }
        return n;
    }

    /** A latency as the ladder shows it: "850 µs", "1.5 ms", "10.0 s". */
    /** The index of the rung of {@code rungs} (in transcript order) drawn for entry {@code seq}, or -1. */
    static int indexOfSeq(List<Rung> rungs, long seq) {
        int lo = 0;
        int hi = rungs.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long s = rungs.get(mid).seq();
            if (s == seq) {
                return mid;
            } else if (s < seq) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    public static String latency(long micros) {
        return micros < 1000 ? micros + " µs" : micros < 10_000_000 ? String.format("%.1f ms", micros / 1000.0)
                : String.format("%.1f s", micros / 1_000_000.0);
    }

    /** Mermaid ends a message at ';' and reads '#' as the start of an entity: both written as entities. */
    private static String mermaidText(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c == '#' ? "#35;" : c == ';' ? "#59;" : String.valueOf(c));
        }
        return sb.toString();
    }
}
