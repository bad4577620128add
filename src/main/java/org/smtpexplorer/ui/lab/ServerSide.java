package org.smtpexplorer.ui.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.smtpexplorer.lab.LogLine;
import org.smtpexplorer.lab.ServerLog;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * The client's transcript and the lab's own log of the same session, aligned row by row: each command the client
 * sent beside the line the lab received, each reply beside the lines the lab sent, and what only one side knows
 * (the client's notes; the lab's remarks on what it parsed, which state it is in and why it refused) on a row of
 * its own. Pure: the window draws the rows.
 */
public final class ServerSide {
    /** "Connected to /127.0.0.1:2525 from /127.0.0.1:40000": the client's own address names the lab's session. */
    private static final Pattern CONNECTED = Pattern.compile("^Connected to \\S+ from /?(\\S+)$");

    private ServerSide() {
    }

    /** Which side a row has text on. */
    public enum Kind { BOTH, CLIENT_ONLY, SERVER_ONLY }

    /**
     * One row.
     *
     * @param client the client's event, one line, escaped; empty when only the server has this row
     * @param server the lab's line(s), escaped, joined by newlines; empty when only the client has this row
     * @param kind   which side has text
     * @param seq    the client event's number, or -1
     */
    public record Row(String client, String server, Kind kind, long seq) {
    }

    /** The lab's session that the last connection in {@code entries} opened, if the lab still keeps it. */
    public static Optional<ServerLog.SessionLog> sessionOf(List<TranscriptEntry> entries,
                                                          List<ServerLog.SessionLog> sessions) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i) instanceof TranscriptEntry.Note n) {
                Matcher m = CONNECTED.matcher(n.text());
                if (m.matches()) {
                    String local = m.group(1);
                    for (int j = sessions.size() - 1; j >= 0; j--) {
                        if (sessions.get(j).client().equals(local)) {
                            return Optional.of(sessions.get(j));
                        }
                    }
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The rows for the client's events from its last connection on, beside {@code server}'s lines. */
    public static List<Row> align(List<TranscriptEntry> entries, List<LogLine> server) {
        int from = 0;
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i) instanceof TranscriptEntry.Connect) {
                from = i;
                break;
            }
        }
        // Commands take the lab's received lines in order, replies its sent lines: each direction is matched on
        // its own, so a pipelined flight (three commands read, then three replies sent) pairs up too. The lab's
        // other lines come out as rows of their own, before the first row matched to a later line.
        List<Row> rows = new ArrayList<>();
        boolean[] used = new boolean[server.size()];
        int received = 0;
        int sent = 0;
        int emitted = 0;
        for (TranscriptEntry e : entries.subList(from, entries.size())) {
            TranscriptEntry shown = e.redacted();
            if (shown instanceof TranscriptEntry.Command c) {
                received = next(server, received, LogLine.Direction.RECEIVED);
                String text = "";
                if (received < server.size()) {
                    emitted = serverOnlyBefore(server, used, emitted, received, rows);
                    used[received] = true;
                    text = "C: " + server.get(received++).text();
                }
                rows.add(row("C: " + c.text(), text, c.seq()));
            } else if (shown instanceof TranscriptEntry.Reply r) {
                int lines = r.text().split("\n", -1).length;
                StringBuilder text = new StringBuilder();
                for (int k = 0; k < lines; k++) {
                    sent = next(server, sent, LogLine.Direction.SENT);
                    if (sent >= server.size()) {
                        break;
                    }
                    emitted = serverOnlyBefore(server, used, emitted, sent, rows);
                    used[sent] = true;
                    text.append(text.isEmpty() ? "" : "\n").append("S: ").append(server.get(sent++).text());
                }
                rows.add(row("S: " + r.text().replace("\n", "\nS: "), text.toString(), r.seq()));
            } else if (shown instanceof TranscriptEntry.Payload p) {
                rows.add(row("C: [" + p.text() + "]", "", p.seq()));
            } else {
                rows.add(row((shown instanceof TranscriptEntry.Failure ? "! " : "* ") + shown.text(), "",
                        shown.seq()));
            }
        }
        // Whatever no row took (a reply the client never read, a command it never logged) comes last.
        for (int i = 0; i < server.size(); i++) {
            if (!used[i]) {
                rows.add(serverOnly(server.get(i)));
            }
        }
        return rows;
    }

    private static int next(List<LogLine> server, int from, LogLine.Direction direction) {
        int i = from;
        while (i < server.size() && server.get(i).direction() != direction) {
            i++;
        }
        return i;
    }

    /**
     * Adds the lab's own remarks before index {@code end} as rows of their own; returns {@code end}. Lines it read or
     * sent wait for the row of their direction.
     */
    private static int serverOnlyBefore(List<LogLine> server, boolean[] used, int from, int end, List<Row> rows) {
        for (int i = from; i < end; i++) {
            if (!used[i] && server.get(i).direction() == LogLine.Direction.NOTE) {
                used[i] = true;
                rows.add(serverOnly(server.get(i)));
            }
        }
        return Math.max(from, end);
    }

    private static Row serverOnly(LogLine l) {
        return new Row("", Printable.escape(l.direction().prefix() + " " + l.text()), Kind.SERVER_ONLY, -1);
    }

    private static Row row(String client, String server, long seq) {
        String c = escapeLines(client);
        String s = escapeLines(server);
        return new Row(c, s, s.isEmpty() ? Kind.CLIENT_ONLY : Kind.BOTH, seq);
    }

    private static String escapeLines(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            sb.append(sb.isEmpty() ? "" : "\n").append(Printable.escape(line));
        }
        return sb.toString();
    }
}
