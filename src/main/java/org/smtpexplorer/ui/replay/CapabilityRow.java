package org.smtpexplorer.ui.replay;

import java.util.ArrayList;
import java.util.List;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transcript.SessionDiff;

/**
 * One line of the capability comparison: a phase's heading (which EHLO, how many keywords alike), or a keyword that
 * differs, with its parameters before (the saved session) and after (the replay).
 *
 * @param phase   the phase, "EHLO before TLS" or "EHLO after TLS"
 * @param keyword the keyword, or null for the phase's heading
 * @param before  its parameters in the saved session ("" for none), or null when not advertised there
 * @param after   its parameters in the replay, or null when not advertised there
 * @param change  in words: "only before", "only after", "changed parameter"; for a heading, how the phase compares
 */
public record CapabilityRow(String phase, String keyword, String before, String after, String change) {

    /** A heading, not a keyword. */
    public boolean heading() {
        return keyword == null;
    }

    /** The rows for {@code diff}'s capabilities: each phase's heading, then its keywords that differ. */
    public static List<CapabilityRow> of(SessionDiff diff) {
        List<CapabilityRow> out = new ArrayList<>();
        for (SessionDiff.CapabilityPhase p : diff.capabilities()) {
            String change;
            if (!p.inSaved()) {
                change = "only after: the saved session had no such EHLO";
            } else if (!p.inReplay()) {
                change = "only before: the replay had no such EHLO";
            } else if (p.changes().isEmpty()) {
                change = p.alike() + (p.alike() == 1 ? " keyword" : " keywords") + " alike";
            } else {
                change = p.changes().size() + (p.changes().size() == 1 ? " keyword differs, " : " keywords differ, ")
                        + p.alike() + " alike";
            }
            out.add(new CapabilityRow(p.phase(), null, null, null, change));
            for (SessionDiff.KeywordChange k : p.changes()) {
                String kind = k.saved() == null ? "only after" : k.replay() == null ? "only before"
                        : "changed parameter";
                out.add(new CapabilityRow(p.phase(), Printable.escape(k.keyword()), escape(k.saved()),
                        escape(k.replay()), kind));
            }
        }
        return out;
    }

    private static String escape(String s) {
        return s == null ? null : Printable.escape(s);
    }
}
