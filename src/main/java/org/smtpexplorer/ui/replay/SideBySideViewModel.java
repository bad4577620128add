package org.smtpexplorer.ui.replay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.smtpexplorer.explain.Explanation;
import org.smtpexplorer.explain.KnowledgeBase;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transcript.SavedRequest;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.SessionDiff;
import org.smtpexplorer.transcript.SessionStep;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.TranscriptExport;
import org.smtpexplorer.transport.Replay;
import org.smtpexplorer.ui.common.Poller;
import org.smtpexplorer.ui.common.Tasks;

/**
 * Two sessions side by side, aligned by step: a saved session and its replay against another server (live, as the
 * replay runs), or a saved session and the window's own (no replay). The rows, the capabilities keyword by keyword,
 * a summary line, and the selected row's two exchanges with what they mean. The replay runs on the injected
 * {@link Tasks}; its transcript is sampled by the injected {@link Poller}, so no worker writes a property and a plain
 * JUnit test decides when rows arrive. Every property is written on the FX thread.
 */
public final class SideBySideViewModel {
    private final Tasks tasks;
    private final Poller poller;
    private final KnowledgeBase kb;
    private final ObservableList<DiffRow> rows = FXCollections.observableArrayList();
    private final ObservableList<CapabilityRow> capabilities = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper savedTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper otherTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper savedDetail = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper otherDetail = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper explanation = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final BooleanProperty collapseAlike = new SimpleBooleanProperty(true);
    private final Set<Integer> expanded = new HashSet<>();
    private SavedSession saved;
    private String savedName = "";
    private String otherName = "";
    private SessionDiff diff;
    private boolean exact;
    private Replay replay;
    private Poller.Polling polling;
    private int seen;
    private String state = "";
    private boolean cancelling;
    /** The replay ended before its end: the saved steps after its last are not replayed, not missing. */
    private boolean cutShort;
    private final ReadOnlyIntegerWrapper capabilityChanges = new ReadOnlyIntegerWrapper(0);

    public SideBySideViewModel(Tasks tasks, Poller poller, KnowledgeBase kb) {
        this.tasks = tasks;
        this.poller = poller;
        this.kb = kb;
        collapseAlike.addListener((o, a, b) -> refreshRows());
    }

    /** The aligned rows, collapsed runs included, in order. */
    public ObservableList<DiffRow> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** The capabilities compared: each EHLO's heading, then its keywords that differ. */
    public ObservableList<CapabilityRow> capabilities() {
        return FXCollections.unmodifiableObservableList(capabilities);
    }

    /** One line: how the replay ended, how many steps differ, the first difference, capabilities, outcome. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The left column's heading: the saved session, its server and steps. */
    public ReadOnlyStringProperty savedTitleProperty() {
        return savedTitle.getReadOnlyProperty();
    }

    /** The right column's heading: the replay (or the window's session), its server and steps. */
    public ReadOnlyStringProperty otherTitleProperty() {
        return otherTitle.getReadOnlyProperty();
    }

    /** The selected row's saved exchange, its bytes escaped; empty when none is selected. */
    public ReadOnlyStringProperty savedDetailProperty() {
        return savedDetail.getReadOnlyProperty();
    }

    /** The selected row's exchange on the right. */
    public ReadOnlyStringProperty otherDetailProperty() {
        return otherDetail.getReadOnlyProperty();
    }

    /** What the selected row's commands and replies mean (the knowledge base). */
    public ReadOnlyStringProperty explanationProperty() {
        return explanation.getReadOnlyProperty();
    }

    /** Capabilities that differ (a whole EHLO one side had counts once), as the summary counts them. */
    public ReadOnlyIntegerProperty capabilityChangesProperty() {
        return capabilityChanges.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Runs of two or more steps alike are shown as one row (each can be opened). */
    public BooleanProperty collapseAlikeProperty() {
        return collapseAlike;
    }

    /** The comparison itself, or null before any. */
    public SessionDiff diff() {
        return diff;
    }

    /** Compares {@code saved} with the window's session {@code current}: nothing is sent. */
    public void compare(SavedSession saved, String name, List<TranscriptEntry> current) {
        reset(saved, name, "this window's session", false);
        state = "compared with this window's session";
        show(SessionDiff.of(saved.entries(), current), false);
        otherTitle.set("This window's session: " + where(current) + ", " + SessionStep.of(current).size() + " steps");
    }

    /**
     * Runs {@code replay} in the background, rows appearing as its transcript grows; nothing happens while one is
     * under way.
     *
     * @param name what the saved session is called (its file)
     */
    public void start(Replay replay, String name) {
        if (running.get()) {
            return;
        }
        reset(replay.saved(), name, "", replay.exact());
        this.replay = replay;
        String target = where(replay.request().connection().host(), replay.request().connection().port());
        otherName = "replay  " + target;
        running.set(true);
        state = "replaying against " + target;
        show(SessionDiff.of(saved.entries(), List.of(), exact), true);
        seen = 0;
        polling = poller.start(this::sample);
        tasks.run(replay::run, this::finished, failure -> {
            stopPolling();
            running.set(false);
            cutShort = true;
            state = "the replay failed: " + Printable.escape(String.valueOf(failure.getMessage()));
            show(SessionDiff.of(saved.entries(), replay.transcript().entries(), exact), false);
        });
    }

    /** Stops the replay under way; its rows so far stay. */
    public void cancel() {
        Replay r = replay;
        if (r != null && running.get()) {
            cancelling = true;
            state = "cancelling";
            summary.set(summaryLine());
            r.cancel();
        }
    }

    /** Opens a collapsed run, or collapses the run an open row belongs to. */
    public void toggle(DiffRow row) {
        if (row == null || row.run() < 0) {
            return;
        }
        if (!expanded.remove(row.run())) {
            expanded.add(row.run());
        }
        refreshRows();
    }

    /** Shows {@code row}'s two exchanges and what they mean; null clears them. */
    public void select(DiffRow row) {
        if (row == null) {
            savedDetail.set("");
            otherDetail.set("");
            explanation.set("");
            return;
        }
        if (row.collapsed()) {
            savedDetail.set(row.name());
            otherDetail.set(row.name());
            explanation.set("Steps alike are collapsed: open the run to see them.");
            return;
        }
        SessionStep left = row.step().saved();
        SessionStep right = row.step().replay();
        savedDetail.set(left == null ? "(no such step in the saved session)" : "Saved, step " + row.savedIndex()
                + " (" + left.name() + ")\n" + exchange(left));
        otherDetail.set(right == null ? "(no such step in " + shortOther() + ")" : capitalised(shortOther())
                + ", step " + row.replayIndex() + " (" + right.name() + ")\n" + exchange(right));
        explanation.set(explain(left, right));
    }

    /** The comparison as {@code smtpx replay} prints it, for the clipboard. */
    public String asText() {
        if (diff == null) {
            return "";
        }
        return "--- saved   " + savedName + "\n+++ " + otherName + "\n" + diff.toText() + "* " + diff.summary() + "\n";
    }

    // --- internals ---

    private void reset(SavedSession s, String name, String other, boolean exactText) {
        saved = s;
        savedName = Printable.escape(name);
        otherName = other;
        exact = exactText;
        expanded.clear();
        cancelling = false;
        cutShort = false;
        replay = null;
        select(null);
        SavedRequest recipe = savedRecipe(s);
        savedTitle.set("Saved: " + savedName + (recipe == null ? "" : ", " + where(recipe.host(), recipe.port()))
                + ", " + SessionStep.of(s.entries()).size() + " steps");
        otherTitle.set("");
    }

    private void sample() {
        Replay r = replay;
        if (r == null) {
            return;
        }
        int n = r.transcript().size();
        if (n != seen) {
            seen = n;
            show(SessionDiff.of(saved.entries(), r.transcript().entries(), exact), true);
        }
    }

    private void finished(Replay.Result result) {
        stopPolling();
        running.set(false);
        cutShort = result.cutShort() || result.unreachable();
        if (result.cancelled()) {
            state = "replay cancelled";
        } else if (result.unreachable()) {
            state = "could not connect (" + Printable.escape(result.failure().getMessage()) + "): nothing to compare";
        } else if (result.cutShort()) {
            state = "replay cut short: " + result.failure().failureClass().summary() + ": "
                    + Printable.escape(result.failure().getMessage());
        } else {
            state = "replay ran to the end";
        }
        show(result.diff(), false);
    }

    private void stopPolling() {
        if (polling != null) {
            polling.stop();
            polling = null;
        }
    }

    private void show(SessionDiff d, boolean live) {
        diff = d;
        refreshRows();
        capabilities.setAll(CapabilityRow.of(d));
        capabilityChanges.set(capabilityChanges(d, running.get() || cutShort));
        if (replay != null) {
            String target = where(replay.request().connection().host(), replay.request().connection().port());
            int steps = (int) d.rows().stream().filter(r -> r.replay() != null).count();
            otherTitle.set("Replay: " + target + ", " + steps + (steps == 1 ? " step" : " steps")
                    + (live ? " so far" : ""));
        }
        summary.set(summaryLine());
    }

    private void refreshRows() {
        if (diff == null) {
            return;
        }
        List<DiffRow> next = SideBySide.rows(diff, running.get(), cutShort, collapseAlike.get(), expanded);
        int common = 0;
        while (common < rows.size() && common < next.size() && same(rows.get(common), next.get(common))) {
            common++;
        }
        if (common < rows.size()) {
            rows.remove(common, rows.size());
        }
        if (common < next.size()) {
            rows.addAll(next.subList(common, next.size()));
        }
    }

    /** The same row as shown: rows left alone keep their place and selection while new ones arrive. */
    private static boolean same(DiffRow a, DiffRow b) {
        return a.marker() == b.marker() && a.name().equals(b.name()) && a.savedIndex() == b.savedIndex()
                && a.replayIndex() == b.replayIndex() && a.run() == b.run() && a.savedLines().equals(b.savedLines())
                && a.replayLines().equals(b.replayLines());
    }

    private String summaryLine() {
        return summary(cancelling && running.get() ? "cancelling" : state, diff, running.get(), cutShort,
                shortOther());
    }

    /** What the right-hand side is: "the replay" or "this window's session". */
    public String otherSide() {
        return shortOther();
    }

    private String shortOther() {
        return replay != null || otherName.startsWith("replay") ? "the replay" : "this window's session";
    }

    /**
     * "replay ran to the end; 3 steps differ; first difference: RCPT TO:&lt;x&gt; — 250 2.1.5 vs 550 5.1.1;
     * 2 capabilities differ; message: accepted 250 2.0.0 vs refused 554 5.5.1".
     */
    static String summary(String state, SessionDiff d, boolean running, boolean cutShort, String other) {
        List<String> parts = new ArrayList<>();
        parts.add(state);
        if (d == null) {
            return state;
        }
        boolean unfinished = running || cutShort;
        List<SessionDiff.Row> differing = new ArrayList<>();
        int lastReplayed = SideBySide.lastReplayed(d);
        int notReplayed = 0;
        for (int i = 0; i < d.rows().size(); i++) {
            SessionDiff.Row r = d.rows().get(i);
            if (unfinished && i > lastReplayed && r.change() == SessionDiff.Change.SAVED_ONLY) {
                notReplayed++;
            } else if (r.change() != SessionDiff.Change.ALIKE) {
                differing.add(r);
            }
        }
        if (differing.isEmpty()) {
            parts.add(running ? "no step differs so far" : "no step differs");
        } else {
            parts.add(differing.size() + (differing.size() == 1 ? " step differs" : " steps differ")
                    + (running ? " so far" : ""));
            parts.add("first difference: " + describe(differing.get(0), other));
        }
        int caps = capabilityChanges(d, unfinished);
        if (caps > 0) {
            parts.add(caps + (caps == 1 ? " capability differs" : " capabilities differ"));
        }
        if (cutShort && !running && notReplayed > 0) {
            parts.add(notReplayed + (notReplayed == 1 ? " step not replayed" : " steps not replayed"));
        }
        if (!running) {
            parts.add("message: " + outcome(d.savedOutcome()) + (d.outcomeAlike() ? " on both"
                    : " vs " + outcome(d.replayOutcome())));
        }
        return String.join("; ", parts);
    }

    /**
     * As {@link SessionDiff#capabilityChanges()}; while the replay is unfinished, an EHLO it has not reached is not
     * counted as one it lacks.
     */
    static int capabilityChanges(SessionDiff d, boolean unfinished) {
        int n = 0;
        for (SessionDiff.CapabilityPhase p : d.capabilities()) {
            if (unfinished && !p.inReplay()) {
                continue;
            }
            n += p.inSaved() != p.inReplay() ? 1 : p.changes().size();
        }
        return n;
    }

    /** "accepted 250 2.0.0", "refused 554 5.5.1", "not sent": the reply's text is in the rows. */
    private static String outcome(SessionDiff.Outcome o) {
        String codes = o.code() == 0 ? "" : " " + o.code() + (o.enhanced() == null ? "" : " " + o.enhanced());
        return switch (o.kind()) {
            case ACCEPTED -> "accepted" + codes;
            case REFUSED -> "refused" + codes;
            case NO_REPLY -> "sent, no reply";
            case NOT_SENT -> "not sent";
        };
    }

    /** A differing row in a few words: "RCPT TO:&lt;x&gt; — 250 2.1.5 vs 550 5.1.1", "RSET only in the replay". */
    static String describe(SessionDiff.Row r, String other) {
        return switch (r.change()) {
            case SAVED_ONLY -> label(r.saved()) + " only in the saved session";
            case REPLAY_ONLY -> label(r.replay()) + " only in " + other;
            case ALIKE -> label(r.saved()) + " alike";
            case CHANGED -> {
                String a = label(r.saved());
                String b = label(r.replay());
                if (!a.equals(b)) {
                    yield a + " vs " + b;
                }
                String x = reply(r.saved());
                String y = reply(r.replay());
                if (x.equals(y)) {
                    x = replyText(r.saved());
                    y = replyText(r.replay());
                }
                yield a + " \u2014 " + x + " vs " + y;
            }
        };
    }

    private static String label(SessionStep s) {
        if (s.kind() == SessionStep.Kind.FAILURE) {
            return "failure (" + Printable.escape(s.entries().get(0).text()) + ")";
        }
        return s.command().map(c -> Printable.escape(c.text())).orElse(s.name());
    }

    private static String reply(SessionStep s) {
        List<TranscriptEntry.Reply> r = s.replies();
        if (r.isEmpty()) {
            return "no reply";
        }
        TranscriptEntry.Reply last = r.get(r.size() - 1);
        return last.code() + (last.enhanced() == null ? "" : " " + last.enhanced());
    }

    private static String replyText(SessionStep s) {
        List<TranscriptEntry.Reply> r = s.replies();
        return r.isEmpty() ? "no reply" : "\"" + Printable.escape(r.get(r.size() - 1).text().split("\n", -1)[0])
                + "\"";
    }

    /** The step's entries as they crossed the wire: bytes escaped (\r\n shown), one line each; others as text. */
    static String exchange(SessionStep s) {
        StringBuilder sb = new StringBuilder();
        for (TranscriptEntry e : s.entries()) {
            byte[] raw = e.redactedRaw();
            String line;
            if (raw != null && (e instanceof TranscriptEntry.Command || e instanceof TranscriptEntry.Reply)) {
                String prefix = e instanceof TranscriptEntry.Command ? "C: " : "S: ";
                String body = Printable.escapeBytes(raw, 0, raw.length, true, "\n" + prefix);
                line = prefix + (body.endsWith("\n" + prefix) ? body.substring(0, body.length() - prefix.length() - 1)
                        : body);
            } else {
                line = TranscriptExport.textLine(e.redacted());
            }
            sb.append(sb.length() == 0 ? "" : "\n").append(line);
        }
        return sb.toString();
    }

    private String explain(SessionStep left, SessionStep right) {
        // The replies first, saved then replayed: where two steps differ, it is mostly in what the server said.
        Map<String, Explanation> found = new LinkedHashMap<>();
        for (boolean replies : new boolean[] {true, false}) {
            for (SessionStep s : new SessionStep[] {left, right}) {
                if (s == null) {
                    continue;
                }
                for (TranscriptEntry e : s.entries()) {
                    if (e instanceof TranscriptEntry.Reply == replies) {
                        for (Explanation x : kb.explain(e)) {
                            found.putIfAbsent(x.key() + "|" + x.title(), x);
                        }
                    }
                }
            }
        }
        if (found.isEmpty()) {
            return "Nothing in the knowledge base for this step.";
        }
        StringBuilder sb = new StringBuilder();
        for (Explanation x : found.values()) {
            sb.append(sb.length() == 0 ? "" : "\n\n")
                    .append(x.title().startsWith(x.key()) ? x.title() : x.key() + ": " + x.title()).append('\n')
                    .append(x.text()).append("\nSource: ").append(String.join("; ", x.sources()));
        }
        return sb.toString();
    }

    private static SavedRequest savedRecipe(SavedSession s) {
        try {
            return Replay.recipe(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String where(List<TranscriptEntry> entries) {
        for (TranscriptEntry e : entries) {
            if (e instanceof TranscriptEntry.Connect c) {
                return where(c.host(), c.port());
            }
        }
        return "not connected";
    }

    private static String where(String host, int port) {
        return Printable.escape(host.contains(":") ? "[" + host + "]:" + port : host + ":" + port);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
