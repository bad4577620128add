package org.smtpexplorer.history;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.smtpexplorer.transcript.InstantText;

/**
 * One session in the history's index: enough to list and search it without reading its transcript.
 *
 * @param number  its number, kept for good (1, 2, ...; a later session never takes an earlier one's number)
 * @param time    when it started
 * @param source  what ran it: "send", "replay" or "window"
 * @param server  host:port as connected to
 * @param outcome how it ended
 * @param size    the message's size in bytes, or -1 when it had none
 * @param from    the envelope sender, or "" (also for none)
 * @param to      the envelope recipients
 * @param file    the transcript's file name in the history folder
 */
public record HistoryEntry(int number, Instant time, String source, String server, Outcome outcome, long size,
                           String from, List<String> to, String file) {

    /**
     * A file name the history writes: letters, digits, dots, underscores and hyphens, ending in ".json" (no path, no
     * way out of the folder). A loop, not a regular expression: a short command line pays for the classes.
     */
    static boolean isFileName(String name) {
        if (name.length() <= ".json".length() || !name.endsWith(".json")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    public HistoryEntry {
        to = List.copyOf(to);
    }

    /** Whether {@code text} occurs (ignoring case) in its server, addresses, outcome or reply text. */
    public boolean matches(String text) {
        if (text == null || text.isBlank()) {
            return true;
        }
        String needle = text.strip().toLowerCase(Locale.ROOT);
        return String.join("\n", server, from, String.join("\n", to), outcome.kind().word(), outcome.text(),
                source, "#" + number).toLowerCase(Locale.ROOT).contains(needle);
    }

    /** The line the index keeps: tab-separated fields, each with backslash, tab, CR and LF escaped. */
    String toLine() {
        return String.join("\t", String.valueOf(number), InstantText.of(time), escape(source), escape(server),
                outcome.kind().name(), escape(outcome.text()), String.valueOf(size), escape(from),
                escape(String.join("\n", to)), escape(file));
    }

    /**
     * Reads an index line.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static HistoryEntry parse(String line) {
        List<String> f = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == '\t') {
                f.add(line.substring(start, i));
                start = i + 1;
            }
        }
        if (f.size() != 10) {
            throw new IllegalArgumentException("expected 10 fields, found " + f.size());
        }
        try {
            String file = unescape(f.get(9));
            if (!isFileName(file)) {
                throw new IllegalArgumentException("the file name \"" + file + "\" is not one the history writes");
            }
            String to = unescape(f.get(8));
            return new HistoryEntry(Integer.parseInt(f.get(0)), Instant.parse(f.get(1)), unescape(f.get(2)),
                    unescape(f.get(3)), new Outcome(Outcome.Kind.valueOf(f.get(4)), unescape(f.get(5))),
                    Long.parseLong(f.get(6)), unescape(f.get(7)), to.isEmpty() ? List.of() : List.of(to.split("\n")),
                    file);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("a number or time that does not read: " + e.getMessage(), e);
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i == s.length()) {
                throw new IllegalArgumentException("a field ends in a lone backslash");
            }
            switch (s.charAt(i)) {
                case '\\' -> sb.append('\\');
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                default -> throw new IllegalArgumentException("unknown escape \\" + s.charAt(i));
            }
        }
        return sb.toString();
    }
}
