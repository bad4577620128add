package org.smtpexplorer.ui.common;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines typed on the command line, for Up and Down as in a shell: Up walks back from the newest, Down walks
 * forward and past the newest returns what was being typed. A line equal to the one before is kept once.
 */
public final class CommandHistory {
    private final List<String> lines = new ArrayList<>();
    private final int capacity;
    private int position;
    private String draft = "";

    public CommandHistory(int capacity) {
        this.capacity = capacity;
    }

    /** A line was sent. */
    public void add(String line) {
        if (lines.isEmpty() || !lines.get(lines.size() - 1).equals(line)) {
            lines.add(line);
            if (lines.size() > capacity) {
                lines.remove(0);
            }
        }
        position = lines.size();
        draft = "";
    }

    /** Up: the line before, keeping {@code current} to come back to; the oldest stays put. */
    public String previous(String current) {
        if (position == lines.size()) {
            draft = current;
        }
        if (position > 0) {
            position--;
        }
        return lines.isEmpty() ? current : lines.get(position);
    }

    /** Down: the line after; past the newest, what was being typed. */
    public String next() {
        if (position < lines.size()) {
            position++;
        }
        return position == lines.size() ? draft : lines.get(position);
    }
}
