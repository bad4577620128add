package org.smtpexplorer.ui.replay;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.smtpexplorer.ui.common.TextCell;

/**
 * Two transcripts side by side, one list row per aligned step, so both sides scroll together and cannot drift: the
 * marker column (glyph and word), the saved step on the left, the other on the right, a blank filler where a side has
 * no such step. Differing rows are tinted and their differing lines bold; runs of steps alike fold into one row.
 * Below: the selected row's two exchanges and their explanation, and the capabilities keyword by keyword.
 */
public final class SideBySideView extends BorderPane {
    /** The marker column's width: the glyph and its longest word ("replay only"). */
    private static final double MARKER_WIDTH = 118;
    private final HBox buttons;

    public SideBySideView(SideBySideViewModel vm) {
        getStyleClass().add("side-by-side");
        setId("side-by-side");

        Label summary = new Label();
        summary.setId("replay-summary");
        summary.getStyleClass().add("diff-summary");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        summary.textProperty().bind(vm.summaryProperty());
        summary.setMaxWidth(Double.MAX_VALUE);

        Button cancel = new Button("Cancel");
        cancel.setId("replay-cancel");
        cancel.setTooltip(new Tooltip("Stop the replay now; the rows so far stay"));
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        CheckBox collapse = new CheckBox("Collapse steps alike");
        collapse.setId("collapse-alike");
        collapse.setTooltip(new Tooltip("Fold runs of two or more steps alike into one row; double-click a row (or"
                + " press Enter) to open or fold its run"));
        collapse.selectedProperty().bindBidirectional(vm.collapseAlikeProperty());
        Button copy = new Button("Copy as text");
        copy.setId("replay-copy");
        copy.setTooltip(new Tooltip("The comparison as smtpx replay prints it: - saved, + replay, = alike"));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(vm.asText());
            Clipboard.getSystemClipboard().setContent(c);
        });
        FlowPane legend = new FlowPane(10, 4);
        legend.setId("diff-legend");
        for (DiffRow.Marker m : List.of(DiffRow.Marker.CHANGED, DiffRow.Marker.SAVED_ONLY,
                DiffRow.Marker.REPLAY_ONLY, DiffRow.Marker.PENDING, DiffRow.Marker.ALIKE)) {
            Label l = new Label(m.glyph() + " " + m.word());
            l.getStyleClass().addAll("diff-legend", m.styleClass());
            l.setMinWidth(Region.USE_PREF_SIZE);
            legend.getChildren().add(l);
        }
        buttons = new HBox(8, cancel, collapse, copy);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.getChildren().forEach(n -> ((Region) n).setMinWidth(Region.USE_PREF_SIZE));
        FlowPane bar = new FlowPane(16, 6, buttons, legend);
        ListView<DiffRow> list = new ListView<>(vm.rows());
        VBox.setMargin(summary, new Insets(0, 0, 0, 8));
        VBox.setMargin(bar, new Insets(0, 0, 0, 8));
        VBox top = new VBox(6, summary, bar, headings(vm, list));
        top.setPadding(new Insets(8, 8, 4, 0));
        setTop(top);

        list.setId("diff-rows");
        list.getStyleClass().add("diff-rows");
        list.setCellFactory(l -> new RowCell(l, vm));
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.select(b));
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.toggle(list.getSelectionModel().getSelectedItem());
            }
        });

        SplitPane split = new SplitPane(list, details(vm));
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        setCenter(split);
    }

    /** Adds controls after Cancel, Collapse and Copy (the window's text size buttons). */
    public void addTools(Node... tools) {
        for (Node n : tools) {
            if (n instanceof Region r) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
            buttons.getChildren().add(n);
        }
    }

    private static Node headings(SideBySideViewModel vm, ListView<DiffRow> list) {
        Label marker = new Label("");
        marker.setMinWidth(MARKER_WIDTH);
        marker.setPrefWidth(MARKER_WIDTH);
        Label left = heading(vm.savedTitleProperty().getValue());
        left.textProperty().bind(vm.savedTitleProperty());
        left.setId("saved-title");
        Label right = heading("");
        right.textProperty().bind(vm.otherTitleProperty());
        right.setId("other-title");
        // As wide as the rows' two sides below, so each heading stands over its column.
        for (Label l : List.of(left, right)) {
            l.prefWidthProperty().bind(list.widthProperty().subtract(28 + MARKER_WIDTH + 12).divide(2));
        }
        HBox box = new HBox(6, marker, left, right);
        return box;
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("diff-heading");
        l.setMaxWidth(Double.MAX_VALUE);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.tooltipProperty().bind(Bindings.createObjectBinding(() -> new Tooltip(l.getText()), l.textProperty()));
        return l;
    }

    private static Node details(SideBySideViewModel vm) {
        TextArea saved = detailArea("detail-saved");
        saved.textProperty().bind(vm.savedDetailProperty());
        TextArea other = detailArea("detail-other");
        other.textProperty().bind(vm.otherDetailProperty());
        TextArea explain = new TextArea();
        explain.setId("detail-explanation");
        explain.setEditable(false);
        explain.setWrapText(true);
        explain.textProperty().bind(vm.explanationProperty());
        explain.setPromptText("Select a row: both exchanges as they crossed the wire, and what they mean");
        HBox both = new HBox(6, saved, other);
        HBox.setHgrow(saved, Priority.ALWAYS);
        HBox.setHgrow(other, Priority.ALWAYS);
        SplitPane selected = new SplitPane(both, explain);
        selected.setOrientation(Orientation.HORIZONTAL);
        selected.setDividerPositions(0.62);
        Tab step = new Tab("Selected step", selected);
        step.setId("tab-selected-step");

        TableView<CapabilityRow> caps = new TableView<>(vm.capabilities());
        caps.setId("capability-table");
        caps.getStyleClass().add("capability-table");
        caps.setPlaceholder(new Label("No EHLO in either session"));
        caps.getColumns().add(column("EHLO / keyword", r -> r.heading() ? r.phase() : "    " + r.keyword(), 2));
        caps.getColumns().add(column("Before (saved)", r -> r.heading() ? "" : value(r.before()), 2));
        caps.getColumns().add(column("After", r -> r.heading() ? "" : value(r.after()), 2));
        caps.getColumns().add(column("Change", CapabilityRow::change, 3));
        caps.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        caps.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(CapabilityRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("capability-heading", "capability-differs");
                if (!empty && item != null) {
                    getStyleClass().add(item.heading() ? "capability-heading" : "capability-differs");
                }
            }
        });
        Tab capsTab = new Tab("Capabilities", caps);
        capsTab.setId("tab-capabilities");
        capsTab.textProperty().bind(Bindings.createStringBinding(() -> {
            int n = vm.capabilityChangesProperty().get();
            return n == 0 ? "Capabilities (alike)" : "Capabilities (" + n + " differ)";
        }, vm.capabilityChangesProperty()));
        TabPane tabs = new TabPane(step, capsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("diff-detail-tabs");
        return tabs;
    }

    private static String value(String parameters) {
        return parameters == null ? "(not offered)" : parameters.isEmpty() ? "(offered)" : parameters;
    }

    private static TableColumn<CapabilityRow, String> column(String title,
            java.util.function.Function<CapabilityRow, String> value, double weight) {
        TableColumn<CapabilityRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())).getReadOnlyProperty());
        c.setPrefWidth(100 * weight);
        c.setCellFactory(col -> new TextCell<>());
        return c;
    }

    private static TextArea detailArea(String id) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setEditable(false);
        a.setWrapText(true);
        a.getStyleClass().add("diff-detail");
        a.setPrefColumnCount(30);
        return a;
    }

    /** One aligned row: marker, saved side, other side; or a collapsed run. */
    private static final class RowCell extends ListCell<DiffRow> {
        private final ListView<DiffRow> list;
        private final SideBySideViewModel vm;

        RowCell(ListView<DiffRow> list, SideBySideViewModel vm) {
            this.list = list;
            this.vm = vm;
            setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && getItem() != null) {
                    vm.toggle(getItem());
                }
            });
        }

        @Override
        protected void updateItem(DiffRow row, boolean empty) {
            super.updateItem(row, empty);
            for (DiffRow.Marker m : DiffRow.Marker.values()) {
                getStyleClass().remove(m.styleClass());
            }
            setText(null);
            if (empty || row == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            getStyleClass().add(row.marker().styleClass());
            Label marker = new Label(row.marker().glyph() + " " + row.marker().word());
            marker.getStyleClass().add("diff-marker");
            marker.setMinWidth(MARKER_WIDTH);
            marker.setPrefWidth(MARKER_WIDTH);
            marker.setMaxWidth(MARKER_WIDTH);
            marker.setWrapText(true);
            HBox box;
            if (row.collapsed()) {
                Label text = new Label(row.name());
                text.getStyleClass().add("diff-run-text");
                text.setWrapText(true);
                text.setMinHeight(Region.USE_PREF_SIZE);
                Button open = new Button("Show");
                open.getStyleClass().add("open-run");
                open.setTooltip(new Tooltip("Show these steps one by one"));
                open.setMinWidth(Region.USE_PREF_SIZE);
                open.setOnAction(e -> vm.toggle(row));
                HBox.setHgrow(text, Priority.ALWAYS);
                text.setMaxWidth(Double.MAX_VALUE);
                box = new HBox(6, marker, text, open);
                box.setAlignment(Pos.CENTER_LEFT);
                setTooltip(new Tooltip(row.name()));
            } else {
                VBox left = side(row.savedLines(), true, row);
                VBox right = side(row.replayLines(), false, row);
                box = new HBox(6, marker, left, right);
                setTooltip(new Tooltip(row.marker().glyph() + " " + row.name() + ": " + row.marker().word()));
            }
            // The two sides share the width left by the marker and the scroll bar, so long lines wrap in place.
            box.prefWidthProperty().bind(list.widthProperty().subtract(28));
            box.setMaxWidth(Region.USE_PREF_SIZE);
            box.setMinWidth(0);
            setGraphic(box);
        }

        private VBox side(List<String> lines, boolean saved, DiffRow row) {
            VBox v = new VBox(0);
            v.getStyleClass().add("diff-side");
            if (lines.isEmpty()) {
                v.getStyleClass().add("diff-blank");
                Label none = new Label("(not in " + (saved ? "the saved session" : vm.otherSide()) + ")");
                none.getStyleClass().add("diff-filler");
                v.getChildren().add(none);
            }
            for (int i = 0; i < lines.size(); i++) {
                Label l = new Label(lines.get(i));
                l.getStyleClass().add("diff-line");
                if (saved ? row.savedDiffers(i) : row.replayDiffers(i)) {
                    l.getStyleClass().add("diff-line-differs");
                }
                l.setWrapText(true);
                l.setMinHeight(Region.USE_PREF_SIZE);
                l.setMaxWidth(Double.MAX_VALUE);
                v.getChildren().add(l);
            }
            v.prefWidthProperty().bind(list.widthProperty().subtract(28 + MARKER_WIDTH + 12).divide(2));
            v.setMinWidth(0);
            v.setMaxWidth(Region.USE_PREF_SIZE);
            return v;
        }
    }
}
