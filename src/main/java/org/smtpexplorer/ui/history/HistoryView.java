package org.smtpexplorer.ui.history;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.smtpexplorer.history.HistoryEntry;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.ui.common.TextCell;

/**
 * The History window's content: a search field, the sessions (number, time, server, outcome with its reply, size,
 * envelope, what ran it), and what can be done with one: open it in the window (transcript, ladder and message),
 * compare the window's session with it, save it as JSON for smtpx replay and export.
 */
public final class HistoryView extends BorderPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private final TableView<HistoryEntry> table = new TableView<>();

    /**
     * @param open    shows an opened session in the window
     * @param compare compares the window's session with a recorded one, side by side
     * @param replay  replays a recorded one against a server the person chooses, side by side
     */
    public HistoryView(HistoryViewModel vm, Consumer<HistoryViewModel.Opened> open,
                       Consumer<HistoryViewModel.Opened> compare, Consumer<HistoryViewModel.Opened> replay) {
        getStyleClass().add("history-view");
        TextField search = new TextField();
        search.setId("history-search");
        search.setPromptText("Search server, addresses, outcome, reply text");
        search.setTooltip(new Tooltip("Shows the sessions whose server, sender, recipients, outcome or reply text"
                + " contain this (ignoring case)"));
        search.textProperty().bindBidirectional(vm.searchProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        CheckBox keep = new CheckBox("Keep a history");
        keep.setId("history-keep");
        keep.setTooltip(new Tooltip("Keep every session the window and smtpx run (the last 500, secrets redacted)."
                + " Off stops recording; the sessions listed stay. smtpx history off/on and SMTPX_HISTORY=off do"
                + " the same for smtpx."));
        keep.selectedProperty().bindBidirectional(vm.keepProperty());
        keep.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(8, search, keep);
        top.setPadding(new Insets(8));
        setTop(top);

        table.setId("history-table");
        table.setItems(vm.shown());
        table.setPlaceholder(new Label("No sessions. Run one (F5), or clear the search."));
        // The short columns keep their whole text (minimum widths); the long ones give way, their text in tooltips.
        table.getColumns().add(column("#", 55, 55, e -> "@" + e.number()));
        table.getColumns().add(column("Time", 160, 160, e -> TIME.format(e.time().atZone(ZoneId.systemDefault()))));
        table.getColumns().add(column("Server", 150, 90, e -> Printable.escape(e.server())));
        table.getColumns().add(column("Outcome", 90, 90, e -> e.outcome().kind().word()));
        table.getColumns().add(column("Reply", 260, 120, e -> e.outcome().text()));
        table.getColumns().add(column("Size", 80, 60, e -> e.size() < 0 ? ""
                : String.format(Locale.ROOT, "%,d", e.size())));
        table.getColumns().add(column("Envelope", 180, 90, e -> e.from().isEmpty() && e.to().isEmpty() ? ""
                : Printable.escape(e.from() + " \u2192 " + String.join(", ", e.to()))));
        table.getColumns().add(column("By", 75, 75, HistoryEntry::source));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setRowFactory(t -> {
            TableRow<HistoryEntry> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.open(row.getItem(), open);
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            HistoryEntry selected = table.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && selected != null) {
                vm.open(selected, open);
            }
        });
        setCenter(table);
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE && getScene() != null) {
                getScene().getWindow().hide();
            }
        });

        Button openButton = new Button("Open in window");
        openButton.setId("history-open");
        openButton.setTooltip(new Tooltip("Load the session into the window, as Import JSON does: its transcript,"
                + " ladder and message (Enter, or double-click a row)"));
        Button compareButton = new Button("Compare...");
        compareButton.setId("history-compare");
        compareButton.setTooltip(new Tooltip("This session beside the window's, step by step, as Compare with"
                + " saved... shows a file"));
        Button replayButton = new Button("Replay against...");
        replayButton.setId("history-replay");
        replayButton.setTooltip(new Tooltip("Send this session's steps again to a server you choose and see both side"
                + " by side (smtpx replay @N --server HOST does it on the command line)"));
        Button exportButton = new Button("Save JSON...");
        exportButton.setId("history-export");
        exportButton.setTooltip(new Tooltip("Save the session with its request and message (secrets redacted), for"
                + " smtpx replay and smtpx export"));
        Button clearButton = new Button("Clear history...");
        clearButton.setId("history-clear");
        clearButton.setTooltip(new Tooltip("Remove every session from the history"));
        for (Button b : new Button[] {openButton, compareButton, replayButton, exportButton}) {
            b.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                    .or(vm.busyProperty()));
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        clearButton.setMinWidth(Region.USE_PREF_SIZE);
        openButton.setOnAction(e -> vm.open(table.getSelectionModel().getSelectedItem(), open));
        compareButton.setOnAction(e -> vm.read(table.getSelectionModel().getSelectedItem(), compare));
        replayButton.setOnAction(e -> vm.read(table.getSelectionModel().getSelectedItem(), replay));
        exportButton.setOnAction(e -> {
            HistoryEntry entry = table.getSelectionModel().getSelectedItem();
            FileChooser fc = new FileChooser();
            fc.setInitialFileName("session-" + entry.number() + ".json");
            var file = fc.showSaveDialog(getScene().getWindow());
            if (file != null) {
                vm.export(entry, file.toPath());
            }
        });
        clearButton.setOnAction(e -> {
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION, "Remove every session from the history? This cannot"
                    + " be undone.", ButtonType.YES, ButtonType.NO);
            ask.initOwner(getScene().getWindow());
            ask.setHeaderText("Clear the history");
            if (ask.showAndWait().orElse(ButtonType.NO) == ButtonType.YES) {
                vm.clear();
            }
        });
        Label status = new Label();
        status.setId("history-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        status.setMaxHeight(Double.MAX_VALUE);
        Tooltip statusTip = new Tooltip();
        statusTip.textProperty().bind(vm.statusProperty());
        statusTip.setWrapText(true);
        statusTip.setMaxWidth(600);
        status.setTooltip(statusTip);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(6, openButton, compareButton, replayButton, exportButton, spacer, clearButton);
        VBox bottom = new VBox(6, buttons, status);
        bottom.setPadding(new Insets(8));
        setBottom(bottom);
    }

    public TableView<HistoryEntry> table() {
        return table;
    }

    private static TableColumn<HistoryEntry, String> column(String title, double width, double min,
                                                           java.util.function.Function<HistoryEntry, String> text) {
        TableColumn<HistoryEntry, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setMinWidth(min);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(text.apply(d.getValue())));
        // Long text is cut with an ellipsis: the whole of it is in the cell's tooltip.
        c.setCellFactory(col -> new TextCell<>());
        return c;
    }
}
