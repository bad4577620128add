package org.smtpexplorer.ui.transcript;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.layout.BorderPane;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * A read-only, colour-coded transcript. The I/O side only enqueues; once per pulse the FX side drains the queue
 * and appends everything in one edit, so a flood of lines never floods the FX thread.
 */
public final class TranscriptView extends BorderPane {
    /** Bounds the work of one pulse, so a flood is spread over frames instead of freezing one. */
    private static final long BUDGET_NANOS = 8_000_000;
    private static final int CHUNK = 500;
    private final StyleClassedTextArea area = new StyleClassedTextArea();
    private final ConcurrentLinkedQueue<TranscriptEntry> queue = new ConcurrentLinkedQueue<>();
    private final List<TranscriptEntry> shown = new ArrayList<>();
    private final List<TranscriptEntry> paragraphs = new ArrayList<>();
    private final javafx.beans.property.ReadOnlyObjectWrapper<TranscriptEntry> selected =
            new javafx.beans.property.ReadOnlyObjectWrapper<>();
    private final BooleanProperty revealSecrets = new SimpleBooleanProperty(false);
    private final BooleanProperty hex = new SimpleBooleanProperty(false);
    private final boolean rawMode;
    private long longestDrainNanos;
    private final AnimationTimer drain = new AnimationTimer() {
        @Override
        public void handle(long now) {
            // A view in a tab that is not in front waits: its lines are appended when it is shown again.
            if (showing()) {
                drainNow();
            }
        }
    };
    /** An entry to select once its line has been appended, or -1. */
    private long pendingSelection = -1;

    public TranscriptView(Transcript transcript, boolean rawMode) {
        this.rawMode = rawMode;
        area.setEditable(false);
        area.setWrapText(!rawMode);
        area.getStyleClass().add(rawMode ? "raw-view" : "transcript-view");
        area.setId(rawMode ? "raw" : "transcript");
        setCenter(new VirtualizedScrollPane<>(area));
        transcript.addListener(queue::add);
        queue.addAll(transcript.entries());
        revealSecrets.addListener((o, a, b) -> rerender());
        hex.addListener((o, a, b) -> rerender());
        area.currentParagraphProperty().addListener((o, a, b) -> selected.set(
                b < paragraphs.size() ? paragraphs.get(b) : null));
        drain.start();
    }

    public StyleClassedTextArea area() {
        return area;
    }

    /** In the raw view, bytes as a hex dump instead of escaped text. */
    public BooleanProperty hexProperty() {
        return hex;
    }

    public BooleanProperty revealSecretsProperty() {
        return revealSecrets;
    }

    /** Appends what arrived since the last pulse; public so tests can flush without waiting for a pulse. */
    public void drainNow() {
        long started = System.nanoTime();
        // Append in small chunks until the pulse's time budget is spent; the rest waits for the next pulse.
        while (!queue.isEmpty() && System.nanoTime() - started < BUDGET_NANOS) {
            List<TranscriptEntry> batch = new ArrayList<>(CHUNK);
            TranscriptEntry e;
            while (batch.size() < CHUNK && (e = queue.poll()) != null) {
                batch.add(e);
            }
            shown.addAll(batch);
            append(batch);
        }
        if (queue.isEmpty()) {
            // Once the lines have caught up (the caret follows the last one), a selection made meanwhile applies.
            applyPendingSelection();
        }
        longestDrainNanos = Math.max(longestDrainNanos, System.nanoTime() - started);
    }

    /** Whether the view is on screen: in a scene, and neither it nor a parent hidden (as a tab not in front is). */
    private boolean showing() {
        if (getScene() == null) {
            return false;
        }
        for (javafx.scene.Node n = this; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** The longest time one pulse spent appending, in milliseconds: the transcript's own cost on the FX thread. */
    public long longestDrainMillis() {
        return longestDrainNanos / 1_000_000;
    }

    private void append(List<TranscriptEntry> batch) {
        StringBuilder text = new StringBuilder();
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        boolean empty = area.getLength() == 0;
        for (TranscriptEntry e : batch) {
            if (rawMode) {
                String raw = TranscriptStyler.raw(e, revealSecrets.get(), hex.get());
                if (raw == null) {
                    continue;
                }
                String line = (empty && text.length() == 0 ? "" : "\n") + raw;
                text.append(line);
                raw.lines().forEach(l -> paragraphs.add(e));
                spans.add(List.of("line", e.kind().name().toLowerCase()), line.length());
            } else {
                for (TranscriptStyler.StyledLine l : TranscriptStyler.style(e, revealSecrets.get())) {
                    String line = (empty && text.length() == 0 ? "" : "\n") + l.text();
                    text.append(line);
                    paragraphs.add(e);
                    spans.add(l.styles(), line.length());
                }
            }
        }
        if (text.length() == 0) {
            return;
        }
        int start = area.getLength();
        area.appendText(text.toString());
        area.setStyleSpans(start, spans.create());
        // Follow the end, but at the start of the last line, so long lines never scroll the view sideways.
        area.moveTo(area.getParagraphs().size() - 1, 0);
        area.requestFollowCaret();
    }

    private void rerender() {
        area.clear();
        paragraphs.clear();
        List<TranscriptEntry> all = new ArrayList<>(shown);
        append(all);
    }

    /** The entry of the line under the caret, for explanations. */
    public javafx.beans.property.ReadOnlyObjectProperty<TranscriptEntry> selectedEntryProperty() {
        return selected.getReadOnlyProperty();
    }

    /**
     * Puts the caret on the first line of transcript entry {@code seq} and scrolls to it (the ladder's selection,
     * shared); at once if that line is here, else when it is appended. Nothing happens when that entry is selected
     * already or has no line.
     */
    public void selectEntry(long seq) {
        TranscriptEntry now = selected.get();
        if (now != null && now.seq() == seq) {
            return;
        }
        pendingSelection = seq;
        applyPendingSelection();
    }

    private void applyPendingSelection() {
        if (pendingSelection < 0 || paragraphs.isEmpty()) {
            return;
        }
        long seq = pendingSelection;
        int lo = 0;
        int hi = paragraphs.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (paragraphs.get(mid).seq() < seq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (paragraphs.get(lo).seq() == seq) {
            pendingSelection = -1;
            area.moveTo(lo, 0);
            area.requestFollowCaret();
        } else if (paragraphs.get(lo).seq() > seq) {
            // Its line was appended already (or it has none): there is nothing to wait for.
            pendingSelection = -1;
        }
    }

    /** Selects the next occurrence of {@code query} after the caret; false when there is none. */
    public boolean find(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        String all = area.getText().toLowerCase();
        int from = area.getCaretPosition();
        int at = all.indexOf(query.toLowerCase(), from);
        if (at < 0) {
            at = all.indexOf(query.toLowerCase());
        }
        if (at < 0) {
            return false;
        }
        area.selectRange(at, at + query.length());
        area.requestFollowCaret();
        return true;
    }

    public void stop() {
        drain.stop();
    }
}
