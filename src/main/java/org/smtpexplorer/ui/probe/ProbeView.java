package org.smtpexplorer.ui.probe;

import java.io.IOException;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.stage.FileChooser;
import org.smtpexplorer.probe.VariantResult;

/**
 * The smuggling probe panel: what it does, the "I control this server" box, Run, Cancel and Save JSON, a row per
 * look-alike, and the selected row explained.
 */
public final class ProbeView extends TitledPane {
    public ProbeView(ProbeViewModel vm) {
        setText("SMTP smuggling probe");
        setExpanded(false);
        setId("probe-pane");
        Label about = new Label("Tries 12 end-of-data look-alikes (<LF>.<LF>, <LF>.<CR><LF>, ...) on the server in the"
                + " connection form, with its From and first To, one session each, and shows which ones end the"
                + " message there. It sends test messages: only for servers you control.");
        about.setWrapText(true);
        about.setMinHeight(Region.USE_PREF_SIZE);
        CheckBox confirm = new CheckBox("I control this server (needed when it is not on loopback)");
        confirm.selectedProperty().bindBidirectional(vm.controlConfirmedProperty());
        confirm.setId("probe-confirm");
        confirm.setWrapText(true);
        confirm.setMinHeight(Region.USE_PREF_SIZE);
        Button run = new Button("Run probe");
        run.setId("probe-run");
        run.disableProperty().bind(vm.runningProperty());
        run.setOnAction(e -> vm.run());
        Button cancel = new Button("Cancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        Button save = new Button("Save JSON...");
        save.disableProperty().bind(vm.reportProperty().isNull());
        save.setOnAction(e -> save(vm));
        Label status = new Label();
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.textProperty().bind(vm.statusProperty());
        status.setId("probe-status");

        ListView<VariantResult> table = new ListView<>(vm.rows());
        table.setId("probe-table");
        table.setPrefHeight(300);
        // Three lines a row: the default cell size is one line.
        table.setFixedCellSize(Math.ceil(Font.getDefault().getSize() * 4.6));
        table.setCellFactory(l -> new ListCell<>() {
            {
                setWrapText(true);
                // Wrap to the list's width (less its scroll bar) instead of widening the cell.
                prefWidthProperty().bind(l.widthProperty().subtract(24));
                setMaxWidth(Region.USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(VariantResult item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : ProbeViewModel.row(item));
            }
        });
        TextArea detail = new TextArea();
        detail.setEditable(false);
        detail.setWrapText(true);
        detail.setPrefRowCount(8);
        detail.setId("probe-detail");
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) ->
                detail.setText(b == null ? "" : ProbeViewModel.describe(b)));

        VBox box = new VBox(6, about, confirm, new HBox(6, run, cancel, save), status, table, detail);
        box.setPadding(new Insets(6));
        setContent(box);
    }

    private void save(ProbeViewModel vm) {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName("smuggling-probe.json");
        var file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            try {
                vm.saveJson(Path.of(file.getPath()));
            } catch (IOException e) {
                new Alert(Alert.AlertType.ERROR, "Cannot write " + file + ": " + e.getMessage()).showAndWait();
            }
        }
    }
}
