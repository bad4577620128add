package org.smtpexplorer.transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * A session as a ladder (a sequence diagram): one step per command, reply, payload, TLS handshake or failure, in
 * order, between a client and a server lifeline. Built from the transcript alone, secrets redacted, so the same
 * ladder can be drawn in the window, written as Mermaid for Markdown, or checked in a test.
 *
 * @param server the server's name, as connected to (host:port), or "server"
 * @param steps  the rungs, top to bottom
 */
public record Ladder(String server, List<Rung> steps) {

    public Ladder {
        steps = List.copyOf(steps);
    }

    /** Which way a rung points, or that it spans both lifelines (a note). */
    public enum Direction { TO_SERVER, TO_CLIENT, ACROSS }

    /** What a rung shows. */
    public enum Kind { COMMAND, REPLY, PAYLOAD, TLS, FAILURE, NOTE }

    /**
     * One rung of the ladder.
     *
     * @param direction     client to server, server to client, or across both
     * @param kind          what it is
     * @param label         its text, one line, escaped and redacted
     * @param flight        the pipelined flight it belongs to (commands and their replies), or 0
     * @param replyClass    for replies, 2 to 5; otherwise 0
     * @param latencyMicros for replies, the time since the command went out, or -1
     * @param bytes         for payloads, the bytes it stands for; otherwise -1
     * @param encrypted     it crossed inside TLS
     * @param seq           the transcript entry it comes from, to link the two views
     */
    public record Rung(Direction direction, Kind kind, String label, int flight, int replyClass, long latencyMicros,
                       long bytes, boolean encrypted, long seq) {

        /** A reply that refused (4xx or 5xx). */
        public boolean refusal() {
            return replyClass >= 4;
        }
    }

    /** The ladder of {@code entries} (redacted here: the ladder never shows a secret). */
    public static Ladder of(List<TranscriptEntry> entries) {
        List<Rung> out = new ArrayList<>();
        String server = "server";
        boolean tls = false;
        for (TranscriptEntry raw : entries) {
            TranscriptEntry e = raw.redacted();
            if (e instanceof TranscriptEntry.Connect c) {
                server = c.host() == null ? "server" : (c.host().contains(":") ? "[" + c.host() + "]" : c.host())
                        + (c.port() > 0 ? ":" + c.port() : "");
                tls = false;
                out.add(new Rung(Direction.TO_SERVER, Kind.NOTE, "connect", 0, 0, -1, -1, false, c.seq()));
            } else if (e instanceof TranscriptEntry.Command c) {
                out.add(new Rung(Direction.TO_SERVER, Kind.COMMAND, Printable.escape(c.text()), c.flight(), 0, -1,
                        -1, tls, c.seq()));
            } else if (e instanceof TranscriptEntry.Reply r) {
                String[] lines = r.text().split("\n", -1);
                String first = Printable.escape(lines[0]);
                String label = lines.length > 1 ? first + " (+" + (lines.length - 1) + " line"
                        + (lines.length > 2 ? "s" : "") + ")" : first;
                out.add(new Rung(Direction.TO_CLIENT, Kind.REPLY, label, r.flight(), r.replyClass(),
                        r.latencyMicros() == null ? -1 : r.latencyMicros(), -1, tls, r.seq()));
            } else if (e instanceof TranscriptEntry.Payload p) {
                out.add(new Rung(Direction.TO_SERVER, Kind.PAYLOAD, (p.verb() == null ? "message" : p.verb())
                        + " payload, " + p.bytes() + " bytes", 0, 0, -1, p.bytes(), tls, p.seq()));
            } else if (e instanceof TranscriptEntry.TlsUp t) {
                tls = true;
                String label = "TLS " + (t.protocol() == null ? "" : t.protocol()) + " "
                        + (t.cipher() == null ? "" : t.cipher());
                out.add(new Rung(Direction.ACROSS, Kind.TLS, label.strip(), 0, 0, -1, -1, true, t.seq()));
            } else if (e instanceof TranscriptEntry.Failure f) {
                out.add(new Rung(Direction.ACROSS, Kind.FAILURE, Printable.escape(f.text()), 0, 0, -1, -1, tls,
                        f.seq()));
            }
            // Notes are the tool's own remarks; the ladder shows what crossed the wire.
        }
        return new Ladder(server, out);
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
                        r.latencyMicros()) + ")" : "").append('\n');
                case PAYLOAD -> sb.append("    C-)S: ").append(mermaidText(r.label())).append('\n');
                case TLS -> {
                    if (!inTls) {
                        sb.append("    rect rgb(230, 244, 234)\n");
                        inTls = true;
                    }
                    sb.append("    Note over C,S: ").append(mermaidText(r.label())).append(" (encrypted below)\n");
                }
                case FAILURE -> sb.append("    Note over C,S: ✖ ").append(mermaidText(r.label())).append('\n');
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

    private static String latency(long micros) {
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
