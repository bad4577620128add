package org.smtpexplorer.ui.message;

import java.io.File;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.smtpexplorer.mime.MessageTree;
import org.smtpexplorer.mime.MimeNode;
import org.smtpexplorer.transcript.Printable;

/**
 * The message view: the MIME tree above; below, the selected part's properties, its headers (decoded beside their
 * raw bytes) and its content. It binds to a {@link MessageViewModel} and forwards the user's choices to it.
 */
public final class MessageView extends BorderPane {
    private final MessageViewModel vm;
    private final TreeView<MimeNode> tree = new TreeView<>();
    private final GridPane properties = new GridPane();
    private final StyleClassedTextArea headers = new StyleClassedTextArea();
    private final TextArea content = new TextArea();
    private final Label contentNote = new Label();

    public MessageView(MessageViewModel vm) {
        this.vm = vm;
        getStyleClass().add("message-view");
        setTop(toolbar());

        tree.setId("message-tree");
        tree.setShowRoot(true);
        tree.setCellFactory(t -> new PartCell());
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (item != null && item.getValue() != vm.selectedProperty().get()) {
                vm.select(item.getValue());
            }
        });
        vm.treeProperty().addListener((o, a, t) -> showTree(t));

        TabPane details = new TabPane(new Tab("Part", partPane()), new Tab("Headers", headersPane()),
                new Tab("Content", contentPane()));
        details.setId("message-details");
        details.getTabs().forEach(t -> t.setClosable(false));

        SplitPane split = new SplitPane(tree, details);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.4);
        setCenter(split);

        vm.properties().addListener((ListChangeListener<MessageViewModel.Row>) c -> showRows());
        vm.contentProperty().addListener((o, a, shown) -> showContent(shown));
    }

    private HBox toolbar() {
        Label status = new Label();
        status.setId("message-status");
        status.textProperty().bind(vm.statusProperty());
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(vm.statusProperty());
        tip.setWrapText(true);
        tip.setMaxWidth(600);
        status.setTooltip(tip);
        status.setMinWidth(0);
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setMaxWidth(Double.MAX_VALUE);
        Button last = new Button("Last sent");
        last.setId("message-last-sent");
        last.setTooltip(new Tooltip("Show the message this session sent last"));
        last.disableProperty().bind(vm.hasSentProperty().not());
        last.setOnAction(e -> vm.showLastSent());
        Button open = new Button("Open .eml...");
        open.setId("open-eml");
        open.setTooltip(new Tooltip("Look at a message file: one received, saved from a mail client, or a"
                + " server's queue file"));
        open.setOnAction(e -> chooseFile());
        Button save = new Button("Save part...");
        save.setId("message-save-part");
        save.setTooltip(new Tooltip("Save the selected part's whole content to a file: decoded from base64 or"
                + " quoted-printable, as an attachment would be saved (the root: the whole message as .eml)"));
        save.disableProperty().bind(vm.selectedProperty().isNull());
        save.setOnAction(e -> chooseSaveTarget());
        last.setMinWidth(Region.USE_PREF_SIZE);
        open.setMinWidth(Region.USE_PREF_SIZE);
        save.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(6, status, save, last, open);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        return bar;
    }

    private void chooseSaveTarget() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the part");
        fc.setInitialFileName(vm.suggestedFileName());
        File file = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            vm.saveSelected(file.toPath());
        }
    }

    /** The tree and the part's details: what the window's font zoom enlarges. */
    public Node readingPane() {
        return getCenter();
    }

    private void chooseFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a message");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Messages (*.eml, *.msg, *.txt)", "*.eml",
                "*.msg", "*.txt"), new FileChooser.ExtensionFilter("All files", "*"));
        File file = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            vm.open(file.toPath());
        }
    }

    private ScrollPane partPane() {
        properties.setId("message-properties");
        properties.setHgap(10);
        properties.setVgap(4);
        properties.setPadding(new Insets(8));
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        properties.getColumnConstraints().addAll(names, values);
        ScrollPane scroll = new ScrollPane(properties);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private void showRows() {
        properties.getChildren().clear();
        int r = 0;
        for (MessageViewModel.Row row : vm.properties()) {
            Label name = new Label(row.name());
            name.getStyleClass().add("message-property-name");
            if (row.name().startsWith("\u26a0")) {
                name.getStyleClass().add("message-problem");
            }
            Label value = new Label(row.value());
            value.setWrapText(true);
            value.setMinHeight(Region.USE_PREF_SIZE);
            value.getStyleClass().add("message-property-value");
            properties.addRow(r++, name, value);
        }
    }

    /**
     * Each field decoded (its RFC 2047 encoded words), and under it, in grey, its bytes as they are in the message,
     * folding and line ends shown: all of it visible and copyable, wrapped, not cut to a table column.
     */
    private VirtualizedScrollPane<StyleClassedTextArea> headersPane() {
        headers.setId("message-headers");
        headers.setEditable(false);
        headers.setWrapText(true);
        headers.getStyleClass().add("message-headers");
        vm.headers().addListener((ListChangeListener<MessageViewModel.HeaderRow>) c -> showHeaders());
        return new VirtualizedScrollPane<>(headers);
    }

    private void showHeaders() {
        StringBuilder text = new StringBuilder();
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        List<Integer> rawParagraphs = new ArrayList<>();
        int paragraph = 0;
        List<MessageViewModel.HeaderRow> rows = vm.headers();
        if (rows.isEmpty()) {
            add(text, spans, "No header fields", "header-raw");
        }
        for (int i = 0; i < rows.size(); i++) {
            MessageViewModel.HeaderRow h = rows.get(i);
            add(text, spans, (i == 0 ? "" : "\n") + h.name() + ":", "header-name");
            add(text, spans, " " + h.decoded(), "header-value");
            paragraph += i == 0 ? 0 : 1;
            // The raw field, a paragraph per folded line, each indented (and its wrapped rest with it).
            for (String line : h.raw().split("\n", -1)) {
                add(text, spans, "\n" + line, "header-raw");
                rawParagraphs.add(++paragraph);
            }
        }
        headers.replaceText(text.toString());
        headers.setStyleSpans(0, spans.create());
        for (int p : rawParagraphs) {
            headers.setParagraphStyle(p, List.of("header-raw-line"));
        }
        headers.moveTo(0);
        headers.requestFollowCaret();
    }

    private static void add(StringBuilder text, StyleSpansBuilder<Collection<String>> spans, String s, String style) {
        text.append(s);
        spans.add(List.of(style), s.length());
    }

    private static Tooltip wrapped(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(600);
        return t;
    }

    private VBox contentPane() {
        contentNote.setId("message-content-note");
        contentNote.setWrapText(true);
        contentNote.setMinHeight(Region.USE_PREF_SIZE);
        contentNote.getStyleClass().add("message-content-note");
        content.setId("message-content");
        content.setEditable(false);
        content.setWrapText(true);
        content.getStyleClass().add("message-text");
        VBox box = new VBox(4, contentNote, content);
        box.setPadding(new Insets(6));
        VBox.setVgrow(content, Priority.ALWAYS);
        return box;
    }

    private void showContent(MessageViewModel.Shown shown) {
        contentNote.setText(shown.note());
        content.setWrapText(!shown.hex());
        content.setText(shown.text());
        content.positionCaret(0);
    }

    private void showTree(MessageTree t) {
        if (t == null) {
            tree.setRoot(null);
            return;
        }
        TreeItem<MimeNode> root = item(t.root());
        tree.setRoot(root);
        tree.getSelectionModel().select(root);
    }

    private static TreeItem<MimeNode> item(MimeNode n) {
        TreeItem<MimeNode> item = new TreeItem<>(n);
        item.setExpanded(true);
        for (MimeNode c : n.children()) {
            item.getChildren().add(item(c));
        }
        return item;
    }

    /** The tree shown, for tests. */
    public TreeView<MimeNode> tree() {
        return tree;
    }

    /** One part in the tree: its summary line; its problems in the tooltip and marked by style. */
    private static final class PartCell extends TreeCell<MimeNode> {
        @Override
        protected void updateItem(MimeNode n, boolean empty) {
            super.updateItem(n, empty);
            getStyleClass().remove("message-problem");
            if (empty || n == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            String label = MessageViewModel.label(n);
            setText(label);
            StringBuilder tip = new StringBuilder(label);
            for (String p : n.problems()) {
                tip.append("\n\u26a0 ").append(Printable.escape(p));
            }
            setTooltip(wrapped(tip.toString()));
            if (!n.problems().isEmpty()) {
                getStyleClass().add("message-problem");
            }
        }
    }
}
