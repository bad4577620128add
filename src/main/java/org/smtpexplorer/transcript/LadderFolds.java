package org.smtpexplorer.transcript;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.smtpexplorer.transcript.Ladder.Direction;
import org.smtpexplorer.transcript.Ladder.Kind;
import org.smtpexplorer.transcript.Ladder.Rung;
import org.smtpexplorer.transcript.Ladder.SaslExchange;

/**
 * The rows of a ladder as shown, with AUTH exchanges folded: an exchange of more than one round trip shows its AUTH
 * command, its first 334, one row standing for the steps in between ({@link Kind#FOLDED}, its {@code bytes} their
 * number), and its final reply. Opened, the row stays as a head ({@link Kind#UNFOLDED}) above every step. Each
 * exchange is folded until it is chosen otherwise ({@link #choose}, {@link #toggle}), except one that failed: there
 * the steps are what a reader needs to see, so it opens by itself when its refusal arrives (or the session ends in
 * it), unless it was chosen folded.
 *
 * <p>Follows a growing ladder: {@link #refresh} takes the rows changed since, and redoes the shown rows only from the
 * exchange they belong to, so a live session costs what it adds. Not thread-safe.
 */
public final class LadderFolds {
    private final List<Rung> all;
    private final List<SaslExchange> sasl;
    /** What was chosen for an exchange, by the seq of its AUTH command: true open, false folded. */
    private final Map<Long, Boolean> choices = new HashMap<>();
    private final List<Rung> shown = new ArrayList<>();
    private final List<Rung> shownView = Collections.unmodifiableList(shown);
    /** For each shown row, the row of {@code all} it shows; for a fold, the first step it stands for. */
    private int[] fullOf = new int[64];
    /** For each shown row that is a fold (open or not), the index of its exchange; else -1. */
    private int[] foldOf = new int[64];

    /**
     * @param all  every rung, as built (a live list that only grows, or whose rows change in place)
     * @param sasl the AUTH exchanges among them (live as well)
     */
    public LadderFolds(List<Rung> all, List<SaslExchange> sasl) {
        this.all = all;
        this.sasl = sasl;
    }

    /** The rows as shown, read-only and live. */
    public List<Rung> shown() {
        return shownView;
    }

    /** Opens ({@code true}) or folds the exchange whose AUTH command is entry {@code authSeq}, from the next refresh. */
    public void choose(long authSeq, boolean open) {
        choices.put(authSeq, open);
    }

    /** Whether exchange {@code x} is shown open: as chosen, else open only when it failed. */
    public boolean open(SaslExchange x) {
        Boolean chosen = choices.get(all.get(x.first()).seq());
        return chosen != null ? chosen : x.failed(all);
    }

    /**
     * Brings the shown rows up to date with {@code all}, of which the rows from {@code changedFrom} on are new or
     * changed. Returns the first shown row that is new or changed.
     */
    public int refresh(int changedFrom) {
        int start = Math.min(changedFrom, all.size());
        int x = lastExchangeFrom(start);
        // A row of an exchange (or the one that ended it) can change how all of it shows: redo it from its AUTH.
        if (x >= 0 && start <= sasl.get(x).end()) {
            start = sasl.get(x).first();
        }
        int row = firstShownFrom(start);
        rebuild(row, start);
        return row;
    }

    /**
     * Opens the fold at shown row {@code row}, or folds it again if open. Returns the first shown row that changed,
     * or -1 when the row is not a fold.
     */
    public int toggle(int row) {
        SaslExchange x = foldAt(row);
        if (x == null) {
            return -1;
        }
        choose(all.get(x.first()).seq(), !open(x));
        int from = firstShownFrom(x.first());
        rebuild(from, x.first());
        return from;
    }

    /** The exchange whose fold (open or not) is shown row {@code row}, or null. */
    public SaslExchange foldAt(int row) {
        return row >= 0 && row < shown.size() && foldOf[row] >= 0 ? sasl.get(foldOf[row]) : null;
    }

    /**
     * The folded exchange shown row {@code row} is part of (its AUTH command, its first challenge, the fold or its
     * final reply), or null: also when the exchange is open.
     */
    public SaslExchange foldedAround(int row) {
        // A fold always follows its AUTH command and first challenge, and its final reply follows it.
        for (int fold = row; fold <= row + 2; fold++) {
            if (folded(fold)) {
                return foldAt(fold);
            }
        }
        if (folded(row - 1) && row < shown.size() && fullOf[row] == foldAt(row - 1).finalRow()) {
            return foldAt(row - 1);
        }
        return null;
    }

    private boolean folded(int row) {
        return foldAt(row) != null && shown.get(row).kind() == Kind.FOLDED;
    }

    /**
     * The shown row of the fold of the exchange whose AUTH command is row {@code first} of {@code all}, or -1 (no
     * exchange starts there, it is not foldable, or not shown yet).
     */
    public int foldRowOf(int first) {
        if (first < 0) {
            return -1;
        }
        int row = firstShownFrom(first + 2);
        SaslExchange x = foldAt(row);
        return x != null && x.first() == first ? row : -1;
    }

    /** The row of {@code all} that shown row {@code row} shows (for a fold, the first step it stands for). */
    public int fullIndex(int row) {
        return fullOf[row];
    }

    /** The shown row that shows row {@code full} of {@code all}: itself, or the fold that hides it. */
    public int shownRow(int full) {
        return lastAtOrBelow(shown.size(), i -> fullOf[i], full);
    }

    /** The shown row of transcript entry {@code seq} (the fold that hides it, if folded), or -1 if it drew none. */
    public int shownRowOfSeq(long seq) {
        int full = fullIndexOfSeq(seq);
        return full < 0 ? -1 : shownRow(full);
    }

    /** The row of {@code all} drawn for transcript entry {@code seq}, or -1. */
    public int fullIndexOfSeq(long seq) {
        return Ladder.indexOfSeq(all, seq);
    }

    /** The index of the last exchange that starts at or before row {@code full} of {@code all}, or -1. */
    private int lastExchangeFrom(int full) {
        return lastAtOrBelow(sasl.size(), i -> sasl.get(i).first(), full);
    }

    /** The last index below {@code size} whose key (rising with the index) is at most {@code value}, or -1. */
    private static int lastAtOrBelow(int size, IntUnaryOperator keyAt, int value) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keyAt.applyAsInt(mid) <= value) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The first shown row that shows row {@code full} of {@code all} or a later one; the count if none. */
    private int firstShownFrom(int full) {
        int lo = 0;
        int hi = shown.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (fullOf[mid] < full) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Shown rows from {@code row} on are made again, from row {@code start} of {@code all} on. */
    private void rebuild(int row, int start) {
        shown.subList(row, shown.size()).clear();
        int x = lastExchangeFrom(start);
        if (x < 0 || sasl.get(x).first() < start) {
            x++;
        }
        int i = start;
        while (i < all.size()) {
            SaslExchange ex = x < sasl.size() ? sasl.get(x) : null;
            if (ex != null && ex.first() == i) {
                x++;
                if (ex.foldable()) {
                    add(i, -1, all.get(i));
                    add(i + 1, -1, all.get(i + 1));
                    boolean open = open(ex);
                    add(ex.hiddenFrom(), x - 1, fold(ex, open));
                    if (open) {
                        for (int j = ex.hiddenFrom(); j < ex.hiddenEnd(); j++) {
                            add(j, -1, all.get(j));
                        }
                    }
                    i = ex.hiddenEnd();
                    continue;
                }
            }
            add(i, -1, all.get(i));
            i++;
        }
    }

    private void add(int full, int fold, Rung r) {
        int n = shown.size();
        if (fullOf.length <= n) {
            fullOf = Arrays.copyOf(fullOf, n * 2);
            foldOf = Arrays.copyOf(foldOf, n * 2);
        }
        fullOf[n] = full;
        foldOf[n] = fold;
        shown.add(r);
    }

    /** The row standing for {@code x}'s middle steps: "3 more SASL steps (2 responses, 1 challenge)". */
    private Rung fold(SaslExchange x, boolean open) {
        int responses = 0;
        for (int j = x.hiddenFrom(); j < x.hiddenEnd(); j++) {
            responses += all.get(j).direction() == Direction.TO_SERVER ? 1 : 0;
        }
        int challenges = x.hidden() - responses;
        String what = x.hidden() + (open ? "" : " more") + " SASL step" + (x.hidden() == 1 ? "" : "s") + " ("
                + responses + " response" + (responses == 1 ? "" : "s") + (challenges == 0 ? "" : ", " + challenges
                + " challenge" + (challenges == 1 ? "" : "s")) + ")";
        Rung first = all.get(x.hiddenFrom());
        return new Rung(Direction.ACROSS, open ? Kind.UNFOLDED : Kind.FOLDED, open ? what + " below" : what
                + ", folded", 0, 0, -1, x.hidden(), first.encrypted(), first.seq(), -1);
    }
}
