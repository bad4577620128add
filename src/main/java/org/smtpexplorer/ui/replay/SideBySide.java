package org.smtpexplorer.ui.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.smtpexplorer.transcript.SessionDiff;
import org.smtpexplorer.transcript.SessionStep;

/**
 * The rows of the side-by-side view, from a {@link SessionDiff}: pure, so that the view model's test checks exactly
 * what the view shows. Runs of two or more steps alike collapse into one row unless expanded; while a replay runs,
 * and after it was cut short, the saved steps after its last step are "not replayed" rather than missing, and while
 * it runs its last run of steps alike stays open so that its rows are seen arriving.
 */
public final class SideBySide {
    private SideBySide() {
    }

    /**
     * @param diff     the two sessions compared
     * @param running  the replay side is still running
     * @param cutShort the replay side ended before its end (cancelled, a lost connection)
     * @param collapse runs of steps alike are collapsed
     * @param expanded the runs (by {@link DiffRow#run()}) the user opened
     */
    public static List<DiffRow> rows(SessionDiff diff, boolean running, boolean cutShort, boolean collapse,
                                     Set<Integer> expanded) {
        List<SessionDiff.Row> all = diff.rows();
        int lastReplayed = lastReplayed(diff);
        List<DiffRow> out = new ArrayList<>();
        int i = 0;
        while (i < all.size()) {
            SessionDiff.Row r = all.get(i);
            if (r.change() != SessionDiff.Change.ALIKE) {
                boolean pending = (running || cutShort) && i > lastReplayed
                        && r.change() == SessionDiff.Change.SAVED_ONLY;
                out.add(step(r, pending ? DiffRow.Marker.PENDING : marker(r.change()), -1));
                i++;
                continue;
            }
            int end = i;
            while (end < all.size() && all.get(end).change() == SessionDiff.Change.ALIKE) {
                end++;
            }
            List<SessionDiff.Row> run = all.subList(i, end);
            boolean trailingWhileRunning = running && end == all.size();
            if (run.size() >= 2 && collapse && !expanded.contains(i) && !trailingWhileRunning) {
                out.add(new DiffRow(DiffRow.Marker.RUN, SessionDiff.alikeRun(run), run.get(0).savedIndex(),
                        run.get(0).replayIndex(), List.of(), List.of(), 0, i, null));
            } else {
                for (SessionDiff.Row x : run) {
                    out.add(step(x, DiffRow.Marker.ALIKE, run.size() >= 2 ? i : -1));
                }
            }
            i = end;
        }
        return out;
    }

    /**
     * The position of the last row whose replay step is one the replay took (not the failure that ended it), or -1:
     * the saved steps after it have not been replayed (yet).
     */
    public static int lastReplayed(SessionDiff diff) {
        int last = -1;
        for (int i = 0; i < diff.rows().size(); i++) {
            SessionStep r = diff.rows().get(i).replay();
            if (r != null && r.kind() != SessionStep.Kind.FAILURE) {
                last = i;
            }
        }
        return last;
    }

    private static DiffRow.Marker marker(SessionDiff.Change c) {
        return switch (c) {
            case ALIKE -> DiffRow.Marker.ALIKE;
            case CHANGED -> DiffRow.Marker.CHANGED;
            case SAVED_ONLY -> DiffRow.Marker.SAVED_ONLY;
            case REPLAY_ONLY -> DiffRow.Marker.REPLAY_ONLY;
        };
    }

    private static DiffRow step(SessionDiff.Row r, DiffRow.Marker marker, int run) {
        List<String> left = lines(r.saved());
        List<String> right = lines(r.replay());
        int common = 0;
        while (common < left.size() && common < right.size() && left.get(common).equals(right.get(common))) {
            common++;
        }
        return new DiffRow(marker, r.name(), r.saved() == null ? 0 : r.savedIndex(),
                r.replay() == null ? 0 : r.replayIndex(), left, right, common, run, r);
    }

    private static List<String> lines(SessionStep s) {
        return s == null ? List.of() : s.lines();
    }
}
