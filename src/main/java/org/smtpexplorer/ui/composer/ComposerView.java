package org.smtpexplorer.ui.composer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.smtpexplorer.compose.TransferEncoding;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.ui.connection.ConnectionViewModel;

/** The composer tab: binds to the {@link ComposerViewModel} and the form's message fields. */
public final class ComposerView extends ScrollPane {
    private final ComposerViewModel vm;
    private final Path attachmentFolder;

    public ComposerView(ComposerViewModel vm, ConnectionViewModel form, Path attachmentFolder) {
        this.vm = vm;
        this.attachmentFolder = attachmentFolder;
        setFitToWidth(true);
        setId("composer");
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        g.setPadding(new Insets(8));
        int r = 0;
        row(g, r++, "From", field(form.fromProperty(), "from"));
        row(g, r++, "To", field(form.toProperty(), "to"));
        row(g, r++, "Cc", field(vm.ccProperty(), "cc"));
        row(g, r++, "Bcc (envelope only)", field(vm.bccProperty(), "bcc"));
        row(g, r++, "Reply-To", field(vm.replyToProperty(), "reply-to"));
        Label analysis = new Label();
        analysis.textProperty().bind(vm.addressesProperty());
        analysis.setWrapText(true);
        analysis.setId("address-analysis");
        analysis.getStyleClass().add("address-analysis");
        row(g, r++, "Addresses", analysis);
        row(g, r++, "Subject", field(form.subjectProperty(), "subject"));
        TextArea body = new TextArea();
        body.textProperty().bindBidirectional(form.bodyProperty());
        body.setPrefRowCount(8);
        body.setWrapText(true);
        body.setId("body");
        row(g, r++, "Text", body);
        TextArea html = new TextArea();
        html.textProperty().bindBidirectional(vm.htmlProperty());
        html.setPrefRowCount(3);
        html.setPromptText("Optional HTML alternative");
        row(g, r++, "HTML", html);
        row(g, r++, "Attachments", attachments());
        row(g, r++, "Options", options(form));
        ListView<String> problems = new ListView<>(vm.problems());
        problems.setPrefHeight(90);
        problems.setId("composer-problems");
        row(g, r++, "Problems", problems);
        Label draft = new Label();
        draft.textProperty().bind(vm.draftStatusProperty());
        draft.getStyleClass().add("explain-source");
        Button importEml = new Button("Import .eml...");
        importEml.setOnAction(e -> importEml());
        Button exportEml = new Button("Export .eml...");
        exportEml.setOnAction(e -> exportEml());
        Button raw = new Button("Show raw source");
        raw.setId("show-raw-source");
        raw.setOnAction(e -> showRaw());
        g.add(new HBox(6, importEml, exportEml, raw, draft), 1, r);
        setContent(g);
    }

    private Node attachments() {
        ListView<Path> list = new ListView<>(vm.attachments());
        list.setPrefHeight(80);
        list.setId("attachments");
        list.setPlaceholder(new Label("Drop files here, or Add..."));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Path file, boolean empty) {
                super.updateItem(file, empty);
                setText(empty || file == null ? null : AttachmentText.describe(file));
                setTooltip(empty || file == null ? null : new Tooltip(file.toAbsolutePath().toString()));
            }
        });
        list.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        list.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                vm.addAttachments(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        Button add = new Button("Add...");
        add.setOnAction(e -> {
            var files = new FileChooser().showOpenMultipleDialog(getScene().getWindow());
            if (files != null) {
                vm.addAttachments(files.stream().map(File::toPath).toList());
            }
        });
        Button remove = new Button("Remove");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> vm.attachments().remove(list.getSelectionModel().getSelectedItem()));
        HBox.setHgrow(list, Priority.ALWAYS);
        return new HBox(6, list, new VBox(6, add, remove));
    }

    private Node options(ConnectionViewModel form) {
        ComboBox<TransferEncoding> encoding = new ComboBox<>();
        encoding.getItems().setAll(TransferEncoding.values());
        encoding.valueProperty().bindBidirectional(vm.encodingProperty());
        ComboBox<SendRequest.Toggle> utf8 = new ComboBox<>();
        utf8.getItems().setAll(SendRequest.Toggle.values());
        utf8.valueProperty().bindBidirectional(vm.smtpUtf8Property());
        ComboBox<SendRequest.Transfer> transfer = new ComboBox<>();
        transfer.getItems().setAll(SendRequest.Transfer.values());
        transfer.valueProperty().bindBidirectional(form.transferProperty());
        transfer.setId("transfer");
        TextField chunk = field(form.chunkSizeProperty(), "chunk-size");
        chunk.setPrefColumnCount(8);
        chunk.setPromptText("auto");
        chunk.setTooltip(new Tooltip("BDAT chunk size in bytes. Empty (or 0): the whole message in one chunk, or"
                + " 1 MiB, 2, 4 and so on when pipelined with MAIL and RCPT"));
        TextField notify = field(vm.dsnNotifyProperty(), "dsn-notify");
        notify.setPromptText("SUCCESS,FAILURE");
        TextField ret = field(vm.dsnRetProperty(), "dsn-ret");
        ret.setPromptText("FULL or HDRS");
        TextField envid = field(vm.envidProperty(), "envid");
        envid.setPromptText("ENVID");
        CheckBox requireTls = new CheckBox("REQUIRETLS");
        requireTls.selectedProperty().bindBidirectional(vm.requireTlsProperty());
        GridPane o = new GridPane();
        o.setHgap(6);
        o.setVgap(6);
        requireTls.setMinWidth(Region.USE_PREF_SIZE);
        o.addRow(0, label("Encoding"), encoding, label("SMTPUTF8"), utf8);
        o.addRow(1, label("Transfer"), transfer, label("BDAT chunk"), chunk);
        o.addRow(2, label("DSN notify"), notify, label("DSN ret"), ret);
        o.addRow(3, label("ENVID"), envid, requireTls);
        for (javafx.scene.Node n : List.of(encoding, utf8, transfer, chunk, notify, ret, envid)) {
            ((Region) n).setMinWidth(60);
        }
        return o;
    }

    /** A field's name: never cut short; the field beside it gives way instead. */
    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private void importEml() {
        var file = new FileChooser().showOpenDialog(getScene().getWindow());
        if (file != null) {
            try {
                vm.importEml(file.toPath(), attachmentFolder);
            } catch (IOException e) {
                new Alert(Alert.AlertType.ERROR, "Cannot import " + file + ": " + e.getMessage()).show();
            }
        }
    }

    private void exportEml() {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName("message.eml");
        var file = fc.showSaveDialog(getScene().getWindow());
        if (file != null) {
            try {
                vm.exportEml(file.toPath());
            } catch (IOException e) {
                new Alert(Alert.AlertType.ERROR, "Cannot export " + file + ": " + e.getMessage()).show();
            }
        }
    }

    private void showRaw() {
        TextArea text = new TextArea();
        text.setEditable(false);
        text.getStyleClass().add("raw-source");
        try {
            text.setText(vm.rawPreview());
        } catch (IOException e) {
            text.setText("The message cannot be composed: " + e.getMessage());
        }
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setHeaderText("The message exactly as it will be sent (first 256 KiB)");
        a.getDialogPane().setContent(text);
        a.setResizable(true);
        a.show();
    }

    private static TextField field(StringProperty p, String id) {
        TextField f = new TextField();
        f.textProperty().bindBidirectional(p);
        f.setId(id);
        return f;
    }

    private static void row(GridPane g, int r, String label, Node node) {
        Label l = new Label(label);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        g.add(l, 0, r);
        g.add(node, 1, r);
        GridPane.setHgrow(node, Priority.ALWAYS);
    }
}
