package org.smtpexplorer.explain;

import java.util.ArrayList;
import java.util.List;

/** Renders explanations as plain text for a terminal: a title line, the text wrapped, a "Source:" line. */
public final class TextFormatter {

    /** Default wrap width in columns. */
    public static final int WIDTH = 100;

    private TextFormatter() {
    }

    /** One explanation, wrapped at {@link #WIDTH} columns, ending with a line break. */
    public static String format(Explanation e) {
        return format(e, WIDTH);
    }

    public static String format(Explanation e, int width) {
        int w = Math.max(20, width);
        StringBuilder out = new StringBuilder();
        appendWrapped(out, e.title() + " [" + e.kind() + "]", w);
        for (String line : e.text().split("\n", -1)) {
            appendWrapped(out, line, w);
        }
        if (!e.sources().isEmpty()) {
            appendWrapped(out, "Source: " + String.join("; ", e.sources()), w);
        }
        if (!e.seeAlso().isEmpty()) {
            appendWrapped(out, "See also: " + String.join(", ", e.seeAlso()), w);
        }
        return out.toString();
    }

    /**
     * What {@code smtpx explain QUERY} prints: every match separated by a blank line, or one line saying the
     * query is unknown.
     */
    public static String formatAll(String query, List<Explanation> matches) {
        if (matches.isEmpty()) {
            StringBuilder out = new StringBuilder();
            appendWrapped(out, "\"" + (query == null ? "" : query.strip()) + "\": unknown, not in our knowledge "
                    + "base. Try a command (RCPT), a reply code (550), an enhanced status code (5.7.1), an EHLO "
                    + "keyword (CHUNKING), a SASL mechanism (SCRAM-SHA-256) or a parameter (NOTIFY=).", WIDTH);
            return out.toString();
        }
        List<String> parts = new ArrayList<>();
        for (Explanation e : matches) {
            parts.add(format(e));
        }
        return String.join("\n", parts);
    }

    /** Greedy word wrap; continuation lines keep the original line's indentation. Long words are not split. */
    static void appendWrapped(StringBuilder out, String line, int width) {
        int indentLen = 0;
        while (indentLen < line.length() && line.charAt(indentLen) == ' ') {
            indentLen++;
        }
        String indent = line.substring(0, indentLen);
        String[] words = line.substring(indentLen).split(" +");
        StringBuilder current = new StringBuilder(indent);
        boolean empty = true;
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            if (!empty && current.length() + 1 + word.length() > width) {
                out.append(current).append('\n');
                current = new StringBuilder(indent);
                empty = true;
            }
            if (!empty) {
                current.append(' ');
            }
            current.append(word);
            empty = false;
        }
        out.append(current).append('\n');
    }
}
