package org.smtpexplorer.ui.ladder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.smtpexplorer.transcript.EntryKind;
import org.smtpexplorer.transcript.Ladder;
import org.smtpexplorer.transcript.Ladder.Kind;
import org.smtpexplorer.transcript.Ladder.Rung;
import org.smtpexplorer.transcript.Ladder.SaslExchange;
import org.smtpexplorer.transcript.LadderFolds;
import org.smtpexplorer.transcript.LadderLayout;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.ui.transcript.TranscriptStyler;

/**
 * The ladder of a live transcript, and which rung is selected. The I/O side only appends to the transcript; the
 * view calls {@link #pull} once per pulse, which takes what arrived since (within a time budget) into the ladder and
 * its layout in one go. Selection is by row, and by transcript sequence number for the link with the text view.
 *
 * <p>An AUTH exchange of several round trips is shown folded ({@link LadderFolds}); {@link #toggle} opens or folds
 * one. Selecting an entry hidden in a fold selects the fold's row and leaves it folded: the transcript's caret
 * follows new lines during a run, and opening every fold it passes would undo the folding on each run. The entry
 * stays the selected one, so opening the fold then selects its own arrow.
 */
public final class LadderViewModel {
    /** Entries taken into the ladder at a time, between checks of the time budget. */
    private static final int CHUNK = 500;
    /** How far a command's reply (or a reply's command) is looked for, in rows. */
    private static final int SEARCH = 4000;
    private final Transcript transcript;
    private final Ladder.Builder builder = new Ladder.Builder();
    private final LadderFolds folds = new LadderFolds(builder.rungs(), builder.saslExchanges());
    private LadderLayout layout;
    /** Every entry taken so far, at the index of its seq (the transcript numbers them from 0, without gaps). */
    private final List<TranscriptEntry> entries = new ArrayList<>();
    private final ReadOnlyIntegerWrapper selectedRow = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyObjectWrapper<TranscriptEntry> selectedEntry = new ReadOnlyObjectWrapper<>();
    private long revision;
    /** The selected entry, to find its row again when rows fold or open; -1 for none. */
    private long selectedSeq = -1;
    /** When a fold's row itself is selected, the seq of its exchange's AUTH command; else -1. */
    private long selectedFold = -1;
    /** An entry to select once it has been taken in, or -1. */
    private long pendingSeq = -1;
    private long longestPullNanos;

    public LadderViewModel(Transcript transcript, double fontSize) {
        this.transcript = transcript;
        this.layout = new LadderLayout(fontSize);
    }

    public LadderLayout layout() {
        return layout;
    }

    /** Lays the ladder out again for labels of {@code size} pixels (a theme or a zoom changed it). */
    public void fontSize(double size) {
        if (size != layout.fontSize()) {
            layout = new LadderLayout(size);
            layout.update(folds.shown(), 0);
            revision++;
        }
    }

    /** The server's name, as connected to. */
    public String server() {
        return builder.server();
    }

    /** Counts changes to the rows, so a view knows when to draw again. */
    public long revision() {
        return revision;
    }

    /**
     * Takes entries that arrived since the last call into the ladder, for at most {@code budgetNanos} (the rest
     * waits for the next call). True when rows were added or changed.
     */
    public boolean pull(long budgetNanos) {
        long started = System.nanoTime();
        boolean changed = false;
        while (System.nanoTime() - started < budgetNanos) {
            List<TranscriptEntry> batch = transcript.since(entries.size());
            if (batch.isEmpty()) {
                break;
            }
            int changedFrom = builder.rungs().size();
            for (TranscriptEntry e : batch.subList(0, Math.min(CHUNK, batch.size()))) {
                entries.add(e);
                changedFrom = Math.min(changedFrom, builder.add(e));
            }
            layout.replaceFrom(folds.shown(), folds.refresh(changedFrom));
            changed = true;
        }
        if (changed) {
            revision++;
            reselect();
            if (pendingSeq >= 0 && pendingSeq < entries.size()) {
                selectSeq(pendingSeq);
            }
        }
        longestPullNanos = Math.max(longestPullNanos, System.nanoTime() - started);
        return changed;
    }

    /** The longest time one {@link #pull} took, in milliseconds: the ladder's own cost per pulse. */
    public long longestPullMillis() {
        return longestPullNanos / 1_000_000;
    }

    /** The ladder so far as shown, folds as they are on screen: for export. */
    public Ladder ladder() {
        return new Ladder(builder.server(), folds.shown());
    }

    /**
     * Opens the fold at row {@code row}, or folds it again; the selection stays on the same entry (or fold). False
     * when the row is not a fold.
     */
    public boolean toggle(int row) {
        int from = folds.toggle(row);
        if (from < 0) {
            return false;
        }
        layout.replaceFrom(folds.shown(), from);
        revision++;
        reselect();
        return true;
    }

    /** Whether row {@code row} stands for the middle steps of an AUTH exchange (folded or open). */
    public boolean isFold(int row) {
        return folds.foldAt(row) != null;
    }

    /** After rows folded or opened: the selected entry (or fold) is found again, in its new row. */
    private void reselect() {
        int row = -1;
        if (selectedFold >= 0) {
            row = folds.foldRowOf(folds.fullIndexOfSeq(selectedFold));
        }
        if (row < 0 && selectedSeq >= 0) {
            row = folds.shownRowOfSeq(selectedSeq);
        }
        if (row >= 0 && row != selectedRow.get()) {
            selectedRow.set(row);
        }
    }

    public ReadOnlyIntegerProperty selectedRowProperty() {
        return selectedRow.getReadOnlyProperty();
    }

    /** The transcript entry of the selected rung, for the explanation and the link with the text view. */
    public ReadOnlyObjectProperty<TranscriptEntry> selectedEntryProperty() {
        return selectedEntry.getReadOnlyProperty();
    }

    /** Selects row {@code row}; -1 (or a row that does not exist) clears the selection. */
    public void select(int row) {
        pendingSeq = -1;
        int r = row >= 0 && row < layout.size() ? row : -1;
        SaslExchange fold = folds.foldAt(r);
        selectedFold = fold == null ? -1 : builder.rungs().get(fold.first()).seq();
        selectedSeq = r < 0 ? -1 : layout.rung(r).seq();
        selectedRow.set(r);
        selectedEntry.set(r < 0 ? null : entry(r));
    }

    /**
     * Selects the rung drawn for transcript entry {@code seq}; clears the selection when it has none. An entry not
     * taken in yet is selected when it is.
     */
    public void selectSeq(long seq) {
        if (seq >= entries.size()) {
            pendingSeq = seq;
            return;
        }
        pendingSeq = -1;
        int row = folds.shownRowOfSeq(seq);
        if (row < 0 || layout.rung(row).seq() == seq) {
            select(row);
            return;
        }
        // Hidden in a fold: the fold's row is selected, the entry stays the one asked for.
        selectedFold = -1;
        selectedSeq = seq;
        selectedRow.set(row);
        selectedEntry.set(entries.get((int) seq));
    }

    /** Moves the selection {@code delta} rows (the first row when nothing is selected). */
    public void move(int delta) {
        if (layout.size() == 0) {
            return;
        }
        int now = selectedRow.get();
        select(now < 0 ? 0 : Math.max(0, Math.min(layout.size() - 1, now + delta)));
    }

    /** The transcript entry row {@code row} was drawn from. */
    public TranscriptEntry entry(int row) {
        return entries.get((int) layout.rung(row).seq());
    }

    /**
     * The rows of the exchange row {@code row} belongs to, in order: a command, its BDAT chunk and its reply; a DATA
     * payload and the reply to the end of the message.
     */
    public List<Integer> exchange(int row) {
        Rung r = layout.rung(row);
        List<Integer> rows = new ArrayList<>();
        SaslExchange whole = wholeExchange(row);
        if (whole != null) {
            for (int i = folds.foldRowOf(whole.first()) - 2; i <= folds.shownRow(whole.end() - 1); i++) {
                rows.add(i);
            }
            return rows;
        }
        switch (r.kind()) {
            case COMMAND -> {
                rows.add(row);
                if (row + 1 < layout.size() && layout.rung(row + 1).kind() == Kind.PAYLOAD
                        && layout.rung(row + 1).flight() == r.flight() && r.flight() != 0) {
                    rows.add(row + 1);
                }
                int reply = partner(row);
                if (reply >= 0) {
                    rows.add(reply);
                }
            }
            case REPLY -> {
                int command = partner(row);
                if (command >= 0) {
                    rows.add(command);
                    if (command + 1 < layout.size() && layout.rung(command + 1).kind() == Kind.PAYLOAD
                            && layout.rung(command + 1).flight() == r.flight()) {
                        rows.add(command + 1);
                    }
                } else if (endOfData(row)) {
                    for (int i = row - 1; i >= Math.max(0, row - 50); i--) {
                        if (layout.rung(i).kind() == Kind.PAYLOAD) {
                            rows.add(i);
                            break;
                        }
                    }
                }
                rows.add(row);
            }
            case PAYLOAD -> {
                if (r.flight() != 0 && row > 0 && layout.rung(row - 1).kind() == Kind.COMMAND) {
                    return exchange(row - 1);
                }
                rows.add(row);
                for (int i = row + 1; i < Math.min(layout.size(), row + 50); i++) {
                    if (endOfData(i)) {
                        rows.add(i);
                        break;
                    }
                }
            }
            default -> rows.add(row);
        }
        return rows;
    }

    /**
     * A command's reply or a reply's command: the k-th reply of a flight answers its k-th command (RFC 2920 keeps
     * the order). -1 when there is none (a greeting, a reply still awaited).
     */
    int partner(int row) {
        Rung r = layout.rung(row);
        int flight = r.flight();
        if (flight == 0 || (r.kind() != Kind.COMMAND && r.kind() != Kind.REPLY)) {
            return -1;
        }
        if (r.kind() == Kind.COMMAND) {
            int k = 0;
            for (int i = row - 1; i >= 0 && outgoingOf(i, flight); i--) {
                k += layout.rung(i).kind() == Kind.COMMAND ? 1 : 0;
            }
            int seen = 0;
            for (int i = row + 1; i < layout.size() && i - row < SEARCH; i++) {
                Rung o = layout.rung(i);
                if (o.kind() == Kind.REPLY && o.flight() == flight && seen++ == k) {
                    return i;
                }
            }
            return -1;
        }
        int k = 0;
        for (int i = row - 1; i >= 0 && layout.rung(i).kind() == Kind.REPLY && layout.rung(i).flight() == flight; i--) {
            k++;
        }
        int last = -1;
        for (int i = row - 1; i >= 0 && row - i < SEARCH && last < 0; i--) {
            if (layout.rung(i).kind() == Kind.COMMAND && layout.rung(i).flight() == flight) {
                last = i;
            }
        }
        int first = last;
        while (first > 0 && outgoingOf(first - 1, flight)) {
            first--;
        }
        int seen = 0;
        for (int i = first; i >= 0 && i <= last; i++) {
            if (layout.rung(i).kind() == Kind.COMMAND && seen++ == k) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The AUTH exchange row {@code row} stands for as a whole, or null: a fold's row (open or not) stands for all its
     * steps, and so does every row of a folded exchange (its command, first challenge and final reply).
     */
    private SaslExchange wholeExchange(int row) {
        SaslExchange fold = folds.foldAt(row);
        return fold != null ? fold : folds.foldedAround(row);
    }

    /** Row {@code i} is the reply to the end of a message sent by DATA. */
    private boolean endOfData(int i) {
        return entry(i) instanceof TranscriptEntry.Reply r && "END_OF_DATA".equals(r.answering());
    }

    /** Row {@code i} went out in flight {@code flight}: one of its commands or a BDAT chunk behind one. */
    private boolean outgoingOf(int i, int flight) {
        Rung o = layout.rung(i);
        return o.flight() == flight && (o.kind() == Kind.COMMAND || o.kind() == Kind.PAYLOAD);
    }

    /**
     * The exact bytes of the exchange of row {@code row}, as the Raw bytes tab shows them ({@code C:} and {@code S:},
     * CR and LF visible, secrets masked unless {@code revealSecrets}); a payload by its first bytes.
     */
    public String exchangeBytes(int row, boolean revealSecrets) {
        StringBuilder sb = new StringBuilder();
        SaslExchange whole = wholeExchange(row);
        List<TranscriptEntry> shown = new ArrayList<>();
        if (whole != null) {
            // The bytes of every step, the folded ones too: what the fold stands for.
            for (int i = whole.first(); i < whole.end(); i++) {
                shown.add(entries.get((int) builder.rungs().get(i).seq()));
            }
        } else {
            exchange(row).forEach(i -> shown.add(entry(i)));
        }
        for (TranscriptEntry e : shown) {
            String raw = TranscriptStyler.raw(e, revealSecrets);
            if (raw == null) {
                raw = e.kind() == EntryKind.TLS ? "(TLS handshake: " + e.text() + ")" : "(" + e.text() + ")";
            } else if (e instanceof TranscriptEntry.Payload p && p.raw() != null && p.bytes() > p.raw().length) {
                raw = raw + "\n[... " + String.format(Locale.ROOT, "%,d", p.bytes()) + " bytes in all; the first "
                        + p.raw().length + " are kept]";
            }
            sb.append(sb.length() == 0 ? "" : "\n").append(raw);
        }
        return sb.toString();
    }
}
