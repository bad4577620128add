package org.smtpexplorer.ui.replay;

import java.util.List;
import org.smtpexplorer.transcript.SessionDiff;

/**
 * One row of the side-by-side view: a step of the saved session beside the replay's step it aligns with (either may
 * be missing), or a run of steps alike collapsed into one line.
 *
 * @param marker      how the row differs; its glyph and word say so without colour
 * @param name        the step's short name, or for a collapsed run the run in words
 * @param savedIndex  the saved session's step number, from 1; 0 when the saved side is blank
 * @param replayIndex the replay's step number, from 1; 0 when the replay side is blank
 * @param savedLines  the saved step's transcript lines; empty when blank or collapsed
 * @param replayLines the replay's step's lines; empty when blank or collapsed
 * @param alikeLines  how many leading lines both sides share; the lines after them differ
 * @param run         the run of steps alike this row stands for or belongs to (its first row's position in the
 *                    diff), or -1
 * @param step        the aligned pair, or null for a collapsed run
 */
public record DiffRow(Marker marker, String name, int savedIndex, int replayIndex, List<String> savedLines,
                      List<String> replayLines, int alikeLines, int run, SessionDiff.Row step) {

    public DiffRow {
        savedLines = List.copyOf(savedLines);
        replayLines = List.copyOf(replayLines);
    }

    /** How a row differs, in a glyph and a word as well as a colour (for a projector, and for colour-blind eyes). */
    public enum Marker {
        ALIKE("=", "alike", "diff-alike"),
        CHANGED("\u2260", "differs", "diff-changed"),
        SAVED_ONLY("\u2212", "saved only", "diff-saved-only"),
        REPLAY_ONLY("+", "replay only", "diff-replay-only"),
        PENDING("\u2026", "not replayed", "diff-pending"),
        RUN("=", "alike", "diff-run");

        private final String glyph;
        private final String word;
        private final String styleClass;

        Marker(String glyph, String word, String styleClass) {
            this.glyph = glyph;
            this.word = word;
            this.styleClass = styleClass;
        }

        public String glyph() {
            return glyph;
        }

        public String word() {
            return word;
        }

        public String styleClass() {
            return styleClass;
        }

        /** A difference the user should look at. */
        public boolean differs() {
            return this == CHANGED || this == SAVED_ONLY || this == REPLAY_ONLY;
        }
    }

    /** A collapsed run of steps alike. */
    public boolean collapsed() {
        return marker == Marker.RUN;
    }

    /**
     * Whether line {@code i} of a changed row differs from the other side's (the rows where one side is blank differ
     * whole, which their marker says).
     */
    public boolean savedDiffers(int i) {
        return marker == Marker.CHANGED && i >= alikeLines;
    }

    public boolean replayDiffers(int i) {
        return marker == Marker.CHANGED && i >= alikeLines;
    }
}
