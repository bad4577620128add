package org.smtpexplorer.ui.timing;

import java.util.List;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.Waterfall;

/**
 * The timing waterfall of the session: one row per bar (the name lookup, the TCP connect, the greeting, each reply's
 * wait, the TLS handshake, each payload's transfer), its label and length on the left and its bar on one time axis
 * on the right; totals per phase underneath. Rows are a virtualised list, so a long session stays light.
 */
public final class WaterfallView extends BorderPane {
    private static final double LABEL_WIDTH = 230;
    private final ObservableList<Waterfall.Bar> rows = FXCollections.observableArrayList();
    private final Label totals = new Label();
    private long first;
    private long span = 1;

    public WaterfallView() {
        ListView<Waterfall.Bar> list = new ListView<>(rows);
        list.setId("waterfall");
        list.getStyleClass().add("waterfall");
        list.setCellFactory(v -> new BarCell());
        list.setFixedCellSize(24);
        list.setPlaceholder(new Label("Run a session to see where its time goes."));
        totals.setId("waterfall-totals");
        totals.setWrapText(true);
        totals.setPadding(new Insets(6));
        totals.setMinHeight(Region.USE_PREF_SIZE);
        setCenter(list);
        setBottom(totals);
    }

    /** Shows the waterfall of the last session in {@code entries}; call on the FX thread. */
    public void show(List<TranscriptEntry> entries) {
        Waterfall w = Waterfall.of(Waterfall.lastSession(entries));
        first = w.bars().stream().mapToLong(Waterfall.Bar::startMicros).min().orElse(0);
        span = Math.max(1, w.totalMicros());
        rows.setAll(w.bars());
        StringBuilder sb = new StringBuilder(w.bars().isEmpty() ? "" : "Total " + Waterfall.millis(w.totalMicros()));
        w.totals().forEach((phase, micros) -> sb.append(" · ").append(phase.label()).append(' ')
                .append(Waterfall.millis(micros)));
        totals.setText(sb.toString());
        totals.setTooltip(sb.isEmpty() ? null : new Tooltip(sb.toString()));
    }

    /** The bars shown, top to bottom (for tests). */
    public List<Waterfall.Bar> bars() {
        return List.copyOf(rows);
    }

    private final class BarCell extends ListCell<Waterfall.Bar> {
        private final Label label = new Label();
        private final Region bar = new Region();
        private final Pane track = new Pane(bar);

        {
            bar.setManaged(false);
        }
        private final HBox row = new HBox(8, label, track);

        BarCell() {
            label.setMinWidth(LABEL_WIDTH);
            label.setPrefWidth(LABEL_WIDTH);
            label.setMaxWidth(LABEL_WIDTH);
            HBox.setHgrow(track, Priority.ALWAYS);
            track.setMinWidth(0);
            track.setPrefHeight(14);
            bar.getStyleClass().add("waterfall-bar");
            track.widthProperty().addListener((o, a, b) -> place());
            setGraphic(null);
        }

        @Override
        protected void updateItem(Waterfall.Bar b, boolean empty) {
            super.updateItem(b, empty);
            bar.getStyleClass().setAll("waterfall-bar");
            if (empty || b == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            String text = Printable.escape(b.label()) + "  " + Waterfall.millis(b.micros());
            // The length first: it is what the row is for, and a long label is cut at its end (tooltip: all).
            label.setText(String.format("%9s  %s", Waterfall.millis(b.micros()), Printable.escape(b.label())));
            bar.getStyleClass().add(b.phase().name().toLowerCase(Locale.ROOT));
            if (b.refusal()) {
                bar.getStyleClass().add("refusal");
            }
            Tooltip tip = new Tooltip(b.phase().label() + ": " + text + ", from " + Waterfall.millis(b.startMicros()
                    - first));
            setTooltip(tip);
            label.setTooltip(tip);
            setGraphic(row);
            place();
        }

        private void place() {
            Waterfall.Bar b = getItem();
            if (b == null) {
                return;
            }
            double w = track.getWidth();
            double x = (b.startMicros() - first) * w / span;
            bar.resizeRelocate(x, 1, Math.max(2, b.micros() * w / span), 12);
        }
    }
}
