package org.smtpexplorer.transcript;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where a session's time went, as bars on one time axis (a waterfall, as in a browser's network panel): the name
 * lookup, the TCP connect, the wait for the greeting, each command's wait for its reply, the TLS handshake and each
 * payload's transfer. Built from the transcript's timestamps alone, so a saved session can be looked at later.
 *
 * @param start the first event's time: the axis's zero
 * @param bars  top to bottom in the order they ended (the transcript's order: replies of a pipelined flight in the
 *              order they came back, all starting when the flight left)
 */
public record Waterfall(Instant start, List<Bar> bars) {

    public Waterfall {
        bars = List.copyOf(bars);
    }

    /** What a bar stands for. */
    public enum Phase {
        LOOKUP("name lookup"), CONNECT("TCP connect"), GREETING("greeting"), REPLY("reply wait"),
        TLS("TLS handshake"), TRANSFER("payload transfer");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        /** In words, for legends and totals. */
        public String label() {
            return label;
        }
    }

    /**
     * One bar.
     *
     * @param phase       what it stands for
     * @param label       e.g. "RCPT 550" or "BDAT chunk 2 of 3: 1048576 bytes"
     * @param startMicros from the axis's zero
     * @param endMicros   from the axis's zero, at least {@code startMicros}
     * @param seq         the transcript event that ends it, to link views
     * @param refusal     a reply that refused (4xx or 5xx)
     */
    public record Bar(Phase phase, String label, long startMicros, long endMicros, long seq, boolean refusal) {
        public long micros() {
            return endMicros - startMicros;
        }
    }

    /** The waterfall of {@code entries}; empty when there are none. */
    public static Waterfall of(List<TranscriptEntry> entries) {
        if (entries.isEmpty()) {
            return new Waterfall(Instant.EPOCH, List.of());
        }
        Instant zero = entries.get(0).time();
        for (TranscriptEntry e : entries) {
            if (e instanceof TranscriptEntry.Connect c && c.lookupMicros() != null) {
                zero = c.time().minusNanos(c.lookupMicros() * 1000);
                break;
            }
        }
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            TranscriptEntry e = entries.get(i);
            long at = micros(zero, e.time());
            long before = i == 0 ? at : micros(zero, entries.get(i - 1).time());
            if (e instanceof TranscriptEntry.Connect c) {
                if (c.lookupMicros() != null) {
                    bars.add(new Bar(Phase.LOOKUP, "look up " + c.host(), at - c.lookupMicros(), at, c.seq(), false));
                }
                long end = i + 1 < entries.size() ? micros(zero, entries.get(i + 1).time()) : at;
                bars.add(new Bar(Phase.CONNECT, "connect to [" + c.address() + "]:" + c.port(), at, end, c.seq(),
                        false));
            } else if (e instanceof TranscriptEntry.Reply r) {
                long from = r.latencyMicros() != null ? at - r.latencyMicros() : before;
                boolean greeting = "CONNECT".equals(r.answering());
                String what = greeting ? "greeting" : r.answering() == null ? "reply"
                        : "END_OF_DATA".equals(r.answering()) ? "end of data" : r.answering();
                bars.add(new Bar(greeting ? Phase.GREETING : Phase.REPLY, what + " " + r.code(), Math.min(from, at),
                        at, r.seq(), r.replyClass() >= 4));
            } else if (e instanceof TranscriptEntry.TlsUp t) {
                bars.add(new Bar(Phase.TLS, ("TLS " + nz(t.protocol()) + " " + nz(t.cipher())).strip(), before, at,
                        t.seq(), false));
            } else if (e instanceof TranscriptEntry.Payload p) {
                bars.add(new Bar(Phase.TRANSFER, p.text(), before, at, p.seq(), false));
            }
        }
        return new Waterfall(zero, bars);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static long micros(Instant zero, Instant t) {
        Duration d = Duration.between(zero, t);
        return d.getSeconds() * 1_000_000 + d.getNano() / 1000;
    }

    /**
     * The events of the last session in {@code entries} (a window's transcript holds every session it ran): from the
     * first connection attempt of the last session, the one that timed its name lookup, on. All of them when no
     * attempt did (a transcript from before lookups were timed): then from the last attempt.
     */
    public static List<TranscriptEntry> lastSession(List<TranscriptEntry> entries) {
        int lastConnect = -1;
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i) instanceof TranscriptEntry.Connect c) {
                if (c.lookupMicros() != null) {
                    return entries.subList(i, entries.size());
                }
                if (lastConnect < 0) {
                    lastConnect = i;
                }
            }
        }
        return lastConnect < 0 ? entries : entries.subList(lastConnect, entries.size());
    }

    /** From the first bar's start to the last bar's end, in microseconds. */
    public long totalMicros() {
        long first = Long.MAX_VALUE;
        long last = 0;
        for (Bar b : bars) {
            first = Math.min(first, b.startMicros());
            last = Math.max(last, b.endMicros());
        }
        return bars.isEmpty() ? 0 : last - first;
    }

    /** The time each phase took, summed over its bars (overlapping bars of a pipelined flight count once each). */
    public Map<Phase, Long> totals() {
        Map<Phase, Long> out = new EnumMap<>(Phase.class);
        for (Bar b : bars) {
            out.merge(b.phase(), b.micros(), Long::sum);
        }
        return out;
    }

    /** The waterfall as text, one bar a line with its start, length and an ASCII bar {@code width} wide. */
    public String toText(int width) {
        StringBuilder sb = new StringBuilder();
        long total = Math.max(1, totalMicros());
        long first = bars.stream().mapToLong(Bar::startMicros).min().orElse(0);
        for (Bar b : bars) {
            int from = (int) ((b.startMicros() - first) * width / total);
            int len = Math.max(1, (int) (b.micros() * width / total));
            sb.append(String.format("%9s %9s  ", millis(b.startMicros() - first), millis(b.micros())))
                    .append(" ".repeat(Math.min(width, from)))
                    .append((b.refusal() ? "!" : "#").repeat(Math.min(len, width - Math.min(width, from) + 1)))
                    .append("  ").append(Printable.escape(b.label())).append('\n');
        }
        sb.append(String.format("%9s %9s  total", "", millis(totalMicros())));
        for (Map.Entry<Phase, Long> t : totals().entrySet()) {
            sb.append("; ").append(t.getKey().label()).append(' ').append(millis(t.getValue()));
        }
        return sb.append('\n').toString();
    }

    /** Milliseconds with one decimal: "12.3 ms". */
    public static String millis(long micros) {
        return String.format("%.1f ms", micros / 1000.0);
    }
}
