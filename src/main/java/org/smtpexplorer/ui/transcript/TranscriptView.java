package org.smtpexplorer.ui.transcript;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * A read-only, colour-coded transcript. The I/O side only enqueues; once per pulse the FX side drains the queue
 * and makes one bounded edit, so a flood of lines never floods the FX thread.
 *
 * <p>The text area holds one page of {@link #PAGE} events; every event stays in the view's model, so search,
 * selection and export see all of them. While the view follows the end, it shows the newest page: in a flood it
 * skips the pages in between instead of drawing them (nobody reads 100,000 lines a second). A pager below the text
 * appears when there is more than one page.
 */
public final class TranscriptView extends BorderPane {
    /** Events on one page of the text area. */
    static final int PAGE = 2_000;
    /** At most this many events are styled and appended in one pulse: one edit of bounded cost. */
    private static final int PER_PULSE = 120;
    /** At most this many queued events are moved to the model in one pulse. */
    private static final int POLL_PER_PULSE = 20_000;
    /**
     * In a flood, the text is redrawn at most this often. Every redraw lays out a screenful of new paragraphs, the
     * costliest thing a pulse does; in between, only the pager's count moves.
     */
    private static final long FLOOD_REDRAW_NANOS = 250_000_000;

    private final StyleClassedTextArea area = new StyleClassedTextArea();
    private final ConcurrentLinkedQueue<TranscriptEntry> queue = new ConcurrentLinkedQueue<>();
    /** Every event this view has received, in order. */
    private final List<TranscriptEntry> model = new ArrayList<>();
    /** For each paragraph of the current page, its event. */
    private final List<TranscriptEntry> paragraphs = new ArrayList<>();
    private final ReadOnlyObjectWrapper<TranscriptEntry> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper pageText = new ReadOnlyStringWrapper("");
    private final SimpleBooleanProperty atFirst = new SimpleBooleanProperty(true);
    private final SimpleBooleanProperty atLast = new SimpleBooleanProperty(true);
    private final BooleanProperty revealSecrets = new SimpleBooleanProperty(false);
    private final BooleanProperty hex = new SimpleBooleanProperty(false);
    private final BooleanProperty utf8 = new SimpleBooleanProperty(true);
    private final boolean rawMode;
    private final HBox pager;
    private int page;
    /** Events of the current page already in the text area: model indexes below this one. */
    private int drawnTo;
    private boolean following = true;
    private long longestDrainNanos;
    private long lastRedraw;
    private final AnimationTimer drain = new AnimationTimer() {
        @Override
        public void handle(long now) {
            // A view in a tab not in front takes events into its model but draws them only once it is shown.
            if (showing()) {
                drainNow();
            } else {
                take();
            }
        }
    };

    public TranscriptView(Transcript transcript, boolean rawMode) {
        this.rawMode = rawMode;
        area.setEditable(false);
        area.setWrapText(!rawMode);
        area.getStyleClass().add(rawMode ? "raw-view" : "transcript-view");
        area.setId(rawMode ? "raw" : "transcript");
        setCenter(new VirtualizedScrollPane<>(area));
        pager = pager();
        transcript.addListener(queue::add);
        queue.addAll(transcript.entries());
        revealSecrets.addListener((o, a, b) -> redrawPage());
        hex.addListener((o, a, b) -> redrawPage());
        utf8.addListener((o, a, b) -> redrawPage());
        area.currentParagraphProperty().addListener((o, a, b) -> selected.set(
                b < paragraphs.size() ? paragraphs.get(b) : null));
        drain.start();
    }

    private HBox pager() {
        Button first = new Button("First");
        first.setOnAction(e -> showPage(0));
        Button earlier = new Button("Earlier");
        earlier.setOnAction(e -> showPage(page - 1));
        Button later = new Button("Later");
        later.setOnAction(e -> showPage(page + 1));
        Button latest = new Button("Latest");
        latest.setTooltip(new Tooltip("Show the newest events and follow the session"));
        latest.setOnAction(e -> followEnd());
        Label where = new Label();
        where.textProperty().bind(pageText);
        where.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        first.disableProperty().bind(atFirst);
        earlier.disableProperty().bind(atFirst);
        later.disableProperty().bind(atLast);
        HBox box = new HBox(6, where, first, earlier, later, latest);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(4, 6, 4, 6));
        box.getStyleClass().add("transcript-pager");
        box.setId(rawMode ? "raw-pager" : "transcript-pager");
        return box;
    }

    public StyleClassedTextArea area() {
        return area;
    }

    /** In the raw view, bytes as a hex dump instead of escaped text. */
    public BooleanProperty hexProperty() {
        return hex;
    }

    /**
     * In the raw view (unless hex), well-formed UTF-8 shown decoded, the default; off, every byte outside printable
     * ASCII as an escape.
     */
    public BooleanProperty utf8Property() {
        return utf8;
    }

    public BooleanProperty revealSecretsProperty() {
        return revealSecrets;
    }

    /** How many events the view holds (all pages). */
    public int eventCount() {
        return model.size();
    }

    /** The page shown, from 0. */
    public int page() {
        return page;
    }

    /** How many pages the events fill. */
    public int pageCount() {
        return Math.max(1, (model.size() + PAGE - 1) / PAGE);
    }

    /** "Events 2,001 to 4,000 of 1,000,000", or empty while everything fits one page. */
    public ReadOnlyStringProperty pageTextProperty() {
        return pageText.getReadOnlyProperty();
    }

    /** True while the view shows the newest events as they arrive. */
    public boolean isFollowing() {
        return following;
    }

    /** Appends what arrived since the last pulse; public so tests can flush without waiting for a pulse. */
    public void drainNow() {
        long started = System.nanoTime();
        TranscriptEntry e;
        int polled = 0;
        while (polled < POLL_PER_PULSE && (e = queue.poll()) != null) {
            model.add(e);
            polled++;
        }
        boolean flood = polled > PER_PULSE || !queue.isEmpty();
        if (flood && following && started - lastRedraw < FLOOD_REDRAW_NANOS) {
            updatePager();
            return;
        }
        lastRedraw = started;
        if (following && lastPage() != page) {
            startPage(lastPage());
        }
        int end = Math.min(model.size(), (page + 1) * PAGE);
        if (drawnTo < end) {
            int to = Math.min(end, drawnTo + PER_PULSE);
            append(model.subList(drawnTo, to));
            drawnTo = to;
            if (following) {
                // Follow the end, but at the start of the last line, so long lines never scroll sideways.
                area.moveTo(area.getParagraphs().size() - 1, 0);
                area.requestFollowCaret();
            }
        }
        updatePager();
        longestDrainNanos = Math.max(longestDrainNanos, System.nanoTime() - started);
    }

    /** Moves what arrived into the model, without drawing it (or counting it in the pager, which is not seen). */
    private void take() {
        TranscriptEntry e;
        int polled = 0;
        while (polled < POLL_PER_PULSE && (e = queue.poll()) != null) {
            model.add(e);
            polled++;
        }
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

    private int lastPage() {
        return pageCount() - 1;
    }

    private void startPage(int p) {
        page = p;
        drawnTo = p * PAGE;
        paragraphs.clear();
        area.clear();
    }

    /** Shows page {@code p} (clamped) from its top; the view stops following unless it is the last page. */
    public void showPage(int p) {
        int target = Math.max(0, Math.min(p, lastPage()));
        following = target == lastPage();
        startPage(target);
        drainNow();
        if (!following) {
            area.moveTo(0);
            area.showParagraphAtTop(0);
        }
    }

    /** Shows the newest events and follows the session again. */
    public void followEnd() {
        following = true;
        if (page != lastPage()) {
            startPage(lastPage());
        }
        drainNow();
    }

    private void updatePager() {
        boolean many = model.size() > PAGE;
        if (many != (getBottom() != null)) {
            setBottom(many ? pager : null);
        }
        String text = many ? String.format("Events %,d to %,d of %,d%s", page * PAGE + 1,
                Math.min(model.size(), (page + 1) * PAGE), model.size(), following ? " (following)" : "") : "";
        if (!text.equals(pageText.get())) {
            pageText.set(text);
        }
        atFirst.set(page == 0);
        atLast.set(page == lastPage());
    }

    private void append(List<TranscriptEntry> batch) {
        StringBuilder text = new StringBuilder();
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        boolean empty = area.getLength() == 0;
        for (TranscriptEntry e : batch) {
            for (Line l : lines(e)) {
                String line = (empty && text.length() == 0 ? "" : "\n") + l.text();
                text.append(line);
                paragraphs.add(e);
                spans.add(l.styles(), line.length());
            }
        }
        if (text.length() == 0) {
            return;
        }
        int start = area.getLength();
        // An edit puts the caret after the inserted text; a reader who is not following keeps their place.
        int anchor = area.getAnchor();
        int caret = area.getCaretPosition();
        area.appendText(text.toString());
        area.setStyleSpans(start, spans.create());
        if (!following) {
            area.selectRange(anchor, caret);
        }
    }

    private record Line(String text, List<String> styles) {
    }

    /** The lines an event shows as in this view (none, in the raw view, for an event without bytes). */
    private List<Line> lines(TranscriptEntry e) {
        if (rawMode) {
            String raw = TranscriptStyler.raw(e, revealSecrets.get(), hex.get(), utf8.get());
            if (raw == null) {
                return List.of();
            }
            List<String> styles = List.of("line", e.kind().name().toLowerCase());
            return raw.lines().map(l -> new Line(l, styles)).toList();
        }
        return TranscriptStyler.style(e, revealSecrets.get()).stream()
                .map(l -> new Line(l.text(), l.styles())).toList();
    }

    private void redrawPage() {
        startPage(page);
        drainNow();
    }

    /** The event of the line under the caret, for explanations. */
    public ReadOnlyObjectProperty<TranscriptEntry> selectedEntryProperty() {
        return selected.getReadOnlyProperty();
    }

    /**
     * Puts the caret on the first line of the event numbered {@code seq}, turning to its page; false if absent. The
     * view then stays there (stops following) unless that is the newest event, as a reader who pages back does.
     */
    public boolean select(long seq) {
        int index = indexOf(seq);
        if (index < 0) {
            return false;
        }
        showUpTo(index);
        int paragraph = paragraphs.indexOf(model.get(index));
        if (paragraph < 0) {
            return false;
        }
        area.moveTo(paragraph, 0);
        area.requestFollowCaret();
        if (index < model.size() - 1 && following) {
            following = false;
            updatePager();
        }
        return true;
    }

    private int indexOf(long seq) {
        int lo = 0;
        int hi = model.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long s = model.get(mid).seq();
            if (s < seq) {
                lo = mid + 1;
            } else if (s > seq) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Turns to the page of event {@code index} and draws that page at least up to it, now. */
    private void showUpTo(int index) {
        int p = index / PAGE;
        if (p != page) {
            following = p == lastPage();
            startPage(p);
        }
        if (drawnTo <= index) {
            append(model.subList(drawnTo, index + 1));
            drawnTo = index + 1;
        }
        updatePager();
    }

    /**
     * Selects the next occurrence of {@code query} after the caret, in every event the view holds (turning the page
     * when the match is on another); false when there is none.
     */
    public boolean find(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        String q = query.toLowerCase();
        int caretParagraph = area.getCurrentParagraph();
        int from = caretParagraph < paragraphs.size() ? indexOf(paragraphs.get(caretParagraph).seq()) : page * PAGE;
        int caretColumn = area.getCaretColumn();
        int n = model.size();
        for (int k = 0; k <= n; k++) {
            int i = (Math.max(from, 0) + k) % Math.max(n, 1);
            if (i >= n) {
                break;
            }
            // On the way round, the caret's own event comes back last: matches before the caret.
            List<Line> lines = lines(model.get(i));
            for (int j = 0; j < lines.size(); j++) {
                String text = lines.get(j).text().toLowerCase();
                int skip = k == 0 && i == from ? skipOnFirst(caretParagraph, i, j, caretColumn) : 0;
                int at = skip < 0 ? -1 : text.indexOf(q, skip);
                if (at >= 0) {
                    showUpTo(i);
                    int paragraph = paragraphs.indexOf(model.get(i)) + j;
                    int start = area.getAbsolutePosition(paragraph, at);
                    area.selectRange(start, start + query.length());
                    area.requestFollowCaret();
                    return true;
                }
            }
        }
        return false;
    }

    /** On the caret's own event: lines before the caret's are skipped, and its line only after the caret. */
    private int skipOnFirst(int caretParagraph, int index, int line, int caretColumn) {
        int first = paragraphs.indexOf(model.get(index));
        int caretLine = first < 0 ? -1 : caretParagraph - first;
        return line < caretLine ? -1 : line == caretLine ? caretColumn : 0;
    }

    public void stop() {
        drain.stop();
    }
}
