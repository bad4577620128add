package org.smtpexplorer.lab;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The server's side of every conversation: per session, timestamped lines received, sent and noted. Bounded, so a
 * long-running lab or a garbage scenario cannot fill the memory: the oldest sessions are forgotten first, and a
 * session's log stops with a note once it reaches its line limit. Safe for concurrent use.
 */
public final class ServerLog {
    static final int MAX_SESSIONS = 500;
    static final int MAX_LINES_PER_SESSION = 5000;

    private final Map<Integer, Entry> sessions = new LinkedHashMap<>();
    private final Consumer<LogLine> tap;
    private final Clock clock;

    ServerLog(Consumer<LogLine> tap, Clock clock) {
        this.tap = tap;
        this.clock = clock;
    }

    /**
     * The log of one session.
     *
     * @param session the session number
     * @param client  the client's address and port
     * @param opened  when the connection was accepted
     * @param lines   its lines in order
     */
    public record SessionLog(int session, String client, Instant opened, List<LogLine> lines) {
        public SessionLog {
            lines = List.copyOf(lines);
        }
    }

    /** A snapshot of every session still kept, oldest first. */
    public synchronized List<SessionLog> sessions() {
        return sessions.values().stream().map(Entry::snapshot).toList();
    }

    public synchronized Optional<SessionLog> session(int session) {
        return Optional.ofNullable(sessions.get(session)).map(Entry::snapshot);
    }

    /** Every kept line of every session, in time order. */
    public synchronized List<LogLine> lines() {
        List<LogLine> all = new ArrayList<>();
        sessions.values().forEach(e -> all.addAll(e.lines));
        all.sort(Comparator.comparing(LogLine::at));
        return all;
    }

    void open(int session, String client) {
        synchronized (this) {
            sessions.put(session, new Entry(session, client, clock.instant()));
            Iterator<Integer> oldest = sessions.keySet().iterator();
            while (sessions.size() > MAX_SESSIONS) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    void add(int session, LogLine.Direction direction, String text) {
        LogLine line = new LogLine(session, clock.instant(), direction, text);
        synchronized (this) {
            Entry e = sessions.get(session);
            if (e == null || e.truncated) {
                return;
            }
            if (e.lines.size() == MAX_LINES_PER_SESSION - 1) {
                e.truncated = true;
                line = new LogLine(session, line.at(), LogLine.Direction.NOTE,
                        "log of this session truncated after " + MAX_LINES_PER_SESSION + " lines");
            }
            e.lines.add(line);
        }
        tap.accept(line);
    }

    private static final class Entry {
        final int session;
        final String client;
        final Instant opened;
        final List<LogLine> lines = new ArrayList<>();
        boolean truncated;

        Entry(int session, String client, Instant opened) {
            this.session = session;
            this.client = client;
            this.opened = opened;
        }

        SessionLog snapshot() {
            return new SessionLog(session, client, opened, lines);
        }
    }
}
