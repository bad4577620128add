package org.smtpexplorer.ui.transcript;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
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
import org.fxmisc.richtext.model.ReadOnlyStyledDocumentBuilder;
import org.fxmisc.richtext.util.UndoUtils;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * A read-only, colour-coded transcript. Once per pulse the FX side takes what the transcript gained since the last
 * pulse and makes one bounded edit, so a flood of lines never floods the FX thread.
 *
 * <p>Every event stays reachable (the view reads the transcript by index), so search, selection and export see all
 * of them; the text area holds at most one page of {@link #PAGE} events. While the view follows the end of a flood
 * (more than {@link #PER_PULSE} events waiting), it draws a frame at most every {@link #FLOOD_FRAME_NANOS}: the
 * newest event alone, below a dashed rule that marks what was skipped, in place of the previous frame's, so the text
 * above does not move and only that line is laid out and repainted (the costliest thing a pulse can do is lay out and
 * paint a screenful of new paragraph cells). Bursts between floods append, and the top is trimmed past a short tail. Once the flood stops, the newest page is filled in above what is shown, a few lines a pulse while
 * they are in view. A pager below the text appears when there is more than one page.
 */
public final class TranscriptView extends BorderPane {
    /** Events on one page of the text area. */
    static final int PAGE = 2_000;
    /** Lines drawn in one pulse where none of them can be in view (below or above a screenful). */
    private static final int PER_PULSE = 120;
    /**
     * Lines drawn in one pulse where they can be in view, when a page is filled in: each is a new paragraph cell to
     * lay out, several ms each in a JVM that has not compiled the text area's code yet. A flood frame draws only the
     * newest event (TranscriptUiBench, longest gap, median of 7: 91 ms drawing the newest line, 99 the newest 4, 137
     * the newest 8; 16 lines gave 90 to 180 ms).
     */
    static final int IN_VIEW_PER_PULSE = 4;
    /** More lines than a screen shows; the tail kept while skipping, and the line count past which more is off-screen. */
    static final int SCREEN_LINES = 200;
    /** A paragraph style: the lines before this one were not drawn in a flood (the pager and search reach them). */
    static final String SKIP_STYLE = "skipped-before";
    /**
     * While skipping lines in a flood, the text and the pager are redrawn at most this often: each frame lays out the
     * text area and repaints all of it, and the flood's own thread and the collector need the CPU too.
     */
    static final long FLOOD_FRAME_NANOS = 100_000_000;

    private final StyleClassedTextArea area = new StyleClassedTextArea();
    private final Transcript transcript;
    /**
     * The events this view has taken: the transcript's first {@code taken}, read from it by index (the view keeps
     * no copy of a million references).
     */
    private int taken;
    /** For each paragraph of the text area, its event. */
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
    /** Events in the text area are transcript indexes below this one. */
    private int drawnTo;
    /**
     * The text area ends with the events from this transcript index to {@link #drawnTo}, with nothing skipped; it starts
     * there too unless {@link #runParagraph} is above 0. The page is whole when this is the page's first event.
     */
    private int runFrom;
    /** The paragraph where that unbroken run starts; the paragraphs above it are lines kept from before a skip. */
    private int runParagraph;
    private boolean following = true;
    /**
     * The lines from {@link #runParagraph} on are the last flood frame's: the next frame replaces them in place, so the
     * text above does not move and only those lines are laid out and repainted (a scroll repaints the whole text area
     * in software, 35 to 107 ms on the render thread, which the next pulse waits for).
     */
    private boolean liveTail;
    private long longestDrainNanos;
    private long lastFloodFrame;
    private final AnimationTimer drain = new AnimationTimer() {
        @Override
        public void handle(long now) {
            // A view in a tab not in front takes events in but draws them only once it is shown.
            if (showing()) {
                drainNow();
            } else {
                take();
            }
        }
    };

    public TranscriptView(Transcript transcript, boolean rawMode) {
        this.transcript = transcript;
        this.rawMode = rawMode;
        area.setEditable(false);
        // Read-only: an undo history would keep every line ever drawn (and every page cleared) alive.
        area.setUndoManager(UndoUtils.noOpUndoManager());
        area.setWrapText(!rawMode);
        area.getStyleClass().add(rawMode ? "raw-view" : "transcript-view");
        area.setId(rawMode ? "raw" : "transcript");
        setCenter(new VirtualizedScrollPane<>(area));
        pager = pager();
        // In place from the start, hidden: its buttons get their skins and CSS now, not in the first pulse of a flood.
        pager.setVisible(false);
        pager.setManaged(false);
        setBottom(pager);
        revealSecrets.addListener((o, a, b) -> redrawPage());
        hex.addListener((o, a, b) -> redrawPage());
        utf8.addListener((o, a, b) -> redrawPage());
        area.currentParagraphProperty().addListener((o, a, b) -> syncSelection());
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
        return taken;
    }

    /** The page shown, from 0. */
    public int page() {
        return page;
    }

    /** How many pages the events fill. */
    public int pageCount() {
        return Math.max(1, (taken + PAGE - 1) / PAGE);
    }

    /** "Events 2,001 to 4,000 of 1,000,000", or empty while everything fits one page. */
    public ReadOnlyStringProperty pageTextProperty() {
        return pageText.getReadOnlyProperty();
    }

    /** True while the view shows the newest events as they arrive. */
    public boolean isFollowing() {
        return following;
    }

    /**
     * True when the text area holds its page whole: every event of the page from its first on, up to the newest or
     * the page's last, nothing skipped. After a flood it is whole again a few pulses after the flood stops.
     */
    public boolean isPageWhole() {
        return runParagraph == 0 && runFrom == page * PAGE && drawnTo == Math.min(taken, (page + 1) * PAGE);
    }

    /** Takes and draws what arrived since the last pulse; public so tests can flush without waiting for a pulse. */
    public void drainNow() {
        long started = System.nanoTime();
        take();
        if (following && drawnTo < taken && !isPageWhole() && started - lastFloodFrame < FLOOD_FRAME_NANOS) {
            // Still skipping: nobody reads a flood, and each frame costs a layout and a repaint of the whole text.
            return;
        }
        if (following) {
            follow();
        } else {
            fillPage();
        }
        if (following && !isPageWhole()) {
            lastFloodFrame = started;
        }
        updatePager();
        longestDrainNanos = Math.max(longestDrainNanos, System.nanoTime() - started);
    }

    /**
     * Takes what the transcript gained, without drawing it: a read of its published size, no lock (a flood of appends
     * holds the transcript's lock nearly all the time) and no queue node per event for the collector to copy.
     */
    private void take() {
        taken = transcript.size();
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

    /** The longest time one pulse spent drawing, in milliseconds: the transcript's own cost on the FX thread. */
    public long longestDrainMillis() {
        return longestDrainNanos / 1_000_000;
    }

    private int lastPage() {
        return pageCount() - 1;
    }

    /**
     * Following the end: appends what is new, or in a flood only the newest event; when nothing is new, fills in
     * the newest page above what is shown.
     */
    private void follow() {
        int n = taken;
        if (n == 0) {
            return;
        }
        page = lastPage();
        if (drawnTo < n) {
            appendNewest(n);
        } else if (!isPageWhole()) {
            fillAbove();
        } else {
            return;
        }
        if (!isPageWhole()) {
            // Skipping or filling in: the newest line is scrolled into view but the caret stays. Moving it each frame
            // cost about 20 ms of layout a frame in a cold JVM (TranscriptUiBench: longest gap 121 to 130 ms against
            // 92 to 104). It goes to the end once the page is whole.
            area.showParagraphAtBottom(area.getParagraphs().size() - 1);
            return;
        }
        // Follow the end, but at the start of the last line, so long lines never scroll sideways.
        area.moveTo(area.getParagraphs().size() - 1, 0);
        area.requestFollowCaret();
    }

    private void appendNewest(int n) {
        List<Drawn> newest = new ArrayList<>();
        int from = n;
        if (n - drawnTo > PER_PULSE) {
            // A flood: nobody reads thousands of lines a second. A frame draws only the newest event, so it lays out
            // as few new cells as it can (and styles one event: styling a hundred in a cold JVM took 47 ms).
            from--;
            newest.add(new Drawn(event(from), lines(event(from))));
        } else {
            while (from > drawnTo) {
                from--;
                newest.add(new Drawn(event(from), lines(event(from))));
            }
        }
        List<Drawn> batch = new ArrayList<>(newest);
        Collections.reverse(batch);
        boolean skipped = from > drawnTo;
        if (skipped && liveTail) {
            replaceTail(batch);
        } else {
            if (skipped) {
                runParagraph = paragraphs.size();
            }
            appendLines(batch, skipped && !paragraphs.isEmpty());
        }
        if (skipped) {
            runFrom = from;
        }
        liveTail = skipped;
        drawnTo = n;
        if (!isPageWhole() && paragraphs.size() > 2 * SCREEN_LINES) {
            trimTop(paragraphs.size() - SCREEN_LINES);
        }
    }

    /** After a flood: lines kept from before a skip, and events of earlier pages, go; the page's own come back. */
    private void fillAbove() {
        liveTail = false;
        int first = page * PAGE;
        if (runParagraph > 0) {
            deleteTop(runParagraph);
            runParagraph = 0;
        }
        if (runFrom < first) {
            int k = 0;
            while (k < paragraphs.size() && paragraphs.get(k).seq() < event(first).seq()) {
                k++;
            }
            deleteTop(k);
            runFrom = first;
        }
        if (runFrom > first) {
            // Lines inserted above what is in view cost no layout: many per pulse. Otherwise a few.
            int budget = paragraphs.size() >= SCREEN_LINES || outOfView(0) ? PER_PULSE : IN_VIEW_PER_PULSE;
            List<Drawn> above = new ArrayList<>();
            int lines = 0;
            int from = runFrom;
            while (from > first) {
                List<Line> l = lines(event(from - 1));
                if (!above.isEmpty() && lines + l.size() > budget) {
                    break;
                }
                from--;
                above.add(new Drawn(event(from), l));
                lines += l.size();
            }
            Collections.reverse(above);
            insertAtTop(above);
            runFrom = from;
        }
    }

    /** A page the reader turned to: drawn from its first event on, below what is shown. */
    private void fillPage() {
        int end = Math.min(taken, (page + 1) * PAGE);
        if (drawnTo >= end) {
            return;
        }
        int budget = paragraphs.size() >= SCREEN_LINES || outOfView(paragraphs.size() - 1) ? PER_PULSE
                : IN_VIEW_PER_PULSE;
        List<Drawn> batch = new ArrayList<>();
        int lines = 0;
        int to = drawnTo;
        while (to < end) {
            List<Line> l = lines(event(to));
            if (!batch.isEmpty() && lines + l.size() > budget) {
                break;
            }
            batch.add(new Drawn(event(to), l));
            lines += l.size();
            to++;
        }
        appendLines(batch, false);
        drawnTo = to;
    }

    /**
     * Whether paragraph {@code p} is out of view, as of the last layout, so that lines put beyond it cost no layout;
     * false when nothing has been laid out yet.
     */
    private boolean outOfView(int p) {
        return p >= 0 && !area.getVisibleParagraphs().isEmpty() && area.allParToVisibleParIndex(p).isEmpty();
    }

    /** Keeps the tail: drops about {@code count} paragraphs from the top, at an event's first line. */
    private void trimTop(int count) {
        int k = count;
        while (k > 0 && k < paragraphs.size() && paragraphs.get(k) == paragraphs.get(k - 1)) {
            k++;
        }
        if (k >= paragraphs.size()) {
            return;
        }
        deleteTop(k);
        if (k >= runParagraph) {
            runParagraph = 0;
            runFrom = indexOf(paragraphs.get(0).seq());
        } else {
            runParagraph -= k;
        }
    }

    /** Deletes the first {@code k} paragraphs; the first left never keeps the mark of a skip before it. */
    private void deleteTop(int k) {
        if (k <= 0) {
            return;
        }
        if (k >= paragraphs.size()) {
            paragraphs.clear();
            area.clear();
            syncSelection();
            return;
        }
        area.deleteText(0, area.getAbsolutePosition(k, 0));
        paragraphs.subList(0, k).clear();
        if (!area.getParagraph(0).getParagraphStyle().isEmpty()) {
            area.setParagraphStyle(0, List.of());
        }
        syncSelection();
    }

    private void startPage(int p) {
        page = p;
        drawnTo = p * PAGE;
        runFrom = drawnTo;
        runParagraph = 0;
        liveTail = false;
        paragraphs.clear();
        area.clear();
        syncSelection();
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
        boolean many = taken > PAGE;
        if (many != pager.isVisible()) {
            pager.setVisible(many);
            pager.setManaged(many);
        }
        String state = !following ? "" : isPageWhole() ? " (following)" : " (following, skipping lines)";
        String text = many ? String.format("Events %,d to %,d of %,d%s", page * PAGE + 1,
                Math.min(taken, (page + 1) * PAGE), taken, state) : "";
        if (!text.equals(pageText.get())) {
            pageText.set(text);
        }
        atFirst.set(page == 0);
        atLast.set(page == lastPage());
    }

    /** An event and the lines it shows as. */
    private record Drawn(TranscriptEntry event, List<Line> lines) {
    }

    /**
     * Appends the lines in one edit; with {@code markSkip}, the first of them shows that lines were skipped before
     * it. A reader who is not following keeps their caret and selection.
     */
    private void appendLines(List<Drawn> batch, boolean markSkip) {
        boolean empty = paragraphs.isEmpty();
        ReadOnlyStyledDocumentBuilder<Collection<String>, String, Collection<String>> doc =
                new ReadOnlyStyledDocumentBuilder<>(area.getSegOps(), List.of());
        if (!empty) {
            // Joins the area's last line, so the first line of the batch starts a paragraph of its own.
            doc.addParagraph("", List.of(), List.of());
        }
        List<TranscriptEntry> events = addLines(doc, batch, markSkip);
        if (events.isEmpty()) {
            return;
        }
        paragraphs.addAll(events);
        int anchor = area.getAnchor();
        int caret = area.getCaretPosition();
        if (empty) {
            area.replace(0, area.getLength(), doc.build());
        } else {
            area.replace(area.getLength(), area.getLength(), doc.build());
        }
        if (!following) {
            area.selectRange(anchor, caret);
        }
        syncSelection();
    }

    /** Replaces the lines from {@link #runParagraph} on with the batch, in one edit. */
    private void replaceTail(List<Drawn> batch) {
        ReadOnlyStyledDocumentBuilder<Collection<String>, String, Collection<String>> doc =
                new ReadOnlyStyledDocumentBuilder<>(area.getSegOps(), List.of());
        List<TranscriptEntry> events = addLines(doc, batch, runParagraph > 0);
        if (events.isEmpty()) {
            return;
        }
        area.replace(area.getAbsolutePosition(runParagraph, 0), area.getLength(), doc.build());
        paragraphs.subList(runParagraph, paragraphs.size()).clear();
        paragraphs.addAll(events);
        syncSelection();
    }

    /** Inserts the lines above the first, in one edit (only while following: the caret goes to the end after). */
    private void insertAtTop(List<Drawn> batch) {
        ReadOnlyStyledDocumentBuilder<Collection<String>, String, Collection<String>> doc =
                new ReadOnlyStyledDocumentBuilder<>(area.getSegOps(), List.of());
        List<TranscriptEntry> events = addLines(doc, batch, false);
        if (events.isEmpty()) {
            return;
        }
        if (paragraphs.isEmpty()) {
            area.replace(0, area.getLength(), doc.build());
        } else {
            // Joins the area's first line, which so keeps a paragraph of its own.
            doc.addParagraph("", List.of(), List.of());
            area.replace(0, 0, doc.build());
        }
        paragraphs.addAll(0, events);
        syncSelection();
    }

    private record Line(String text, List<String> styles) {
    }

    /**
     * Adds the batch's lines to {@code doc}, the first marked as coming after skipped lines when {@code markSkip};
     * returns the event each line shows, in order.
     */
    private static List<TranscriptEntry> addLines(
            ReadOnlyStyledDocumentBuilder<Collection<String>, String, Collection<String>> doc, List<Drawn> batch,
            boolean markSkip) {
        List<TranscriptEntry> events = new ArrayList<>();
        for (Drawn d : batch) {
            for (Line l : d.lines()) {
                doc.addParagraph(l.text(), l.styles(), markSkip && events.isEmpty() ? List.of(SKIP_STYLE) : List.of());
                events.add(d.event());
            }
        }
        return events;
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

    /**
     * The selected event is the caret line's. Also after every edit: an edit can put another event on the caret's
     * line without moving the caret to another paragraph number.
     */
    private void syncSelection() {
        int p = area.getCurrentParagraph();
        selected.set(p < paragraphs.size() ? paragraphs.get(p) : null);
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
        int paragraph = paragraphs.indexOf(event(index));
        if (paragraph < 0) {
            return false;
        }
        area.moveTo(paragraph, 0);
        area.requestFollowCaret();
        if (index < taken - 1 && following) {
            following = false;
            updatePager();
        }
        return true;
    }

    private TranscriptEntry event(int index) {
        return transcript.get(index);
    }

    private int indexOf(long seq) {
        int lo = 0;
        int hi = taken - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long s = event(mid).seq();
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

    /**
     * Turns to the page of event {@code index} and draws that page at least up to it, now: from the page's first
     * event on, unless the event is already in the unbroken run at the end of the text area.
     */
    private void showUpTo(int index) {
        int p = index / PAGE;
        if (p == page && index >= runFrom && index < drawnTo) {
            return;
        }
        if (p != page) {
            following = p == lastPage();
        }
        if (p != page || runParagraph > 0 || runFrom != page * PAGE) {
            startPage(p);
        }
        if (drawnTo <= index) {
            List<Drawn> batch = new ArrayList<>();
            for (int i = drawnTo; i <= index; i++) {
                batch.add(new Drawn(event(i), lines(event(i))));
            }
            appendLines(batch, false);
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
        int n = taken;
        for (int k = 0; k <= n; k++) {
            int i = (Math.max(from, 0) + k) % Math.max(n, 1);
            if (i >= n) {
                break;
            }
            // On the way round, the caret's own event comes back last: matches before the caret.
            List<Line> lines = lines(event(i));
            for (int j = 0; j < lines.size(); j++) {
                String text = lines.get(j).text().toLowerCase();
                int skip = k == 0 && i == from ? skipOnFirst(caretParagraph, i, j, caretColumn) : 0;
                int at = skip < 0 ? -1 : text.indexOf(q, skip);
                if (at >= 0) {
                    showUpTo(i);
                    int paragraph = paragraphs.indexOf(event(i)) + j;
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
        int first = paragraphs.indexOf(event(index));
        int caretLine = first < 0 ? -1 : caretParagraph - first;
        return line < caretLine ? -1 : line == caretLine ? caretColumn : 0;
    }

    public void stop() {
        drain.stop();
    }
}
