package org.smtpexplorer.ui.capabilities;

import org.smtpexplorer.engine.CapabilitySnapshot;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.explain.KnowledgeBase;
import org.smtpexplorer.ui.common.TextCell;

/**
 * One row per keyword, one column per EHLO (before TLS, after TLS, ...), so what STARTTLS or AUTH changed stands
 * out: a keyword present in one column and missing in the next.
 */
public final class CapabilitiesView extends BorderPane {
    private static final double SCROLL_BAR = 14;
    private final TableView<List<String>> table = new TableView<>();
    private final Label explanation = new Label();
    private final KnowledgeBase kb = KnowledgeBase.load();

    public CapabilitiesView() {
        table.setId("capabilities");
        table.setPlaceholder(new Label("No EHLO yet"));
        setCenter(table);
        explanation.setWrapText(true);
        explanation.setId("capability-explanation");
        explanation.setPadding(new javafx.geometry.Insets(6));
        explanation.setText("Select a keyword to see what it means.");
        setBottom(explanation);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> explanation.setText(
                row == null ? "" : kb.extension(row.get(0)).map(x -> x.title() + ". " + x.text() + " ("
                        + String.join("; ", x.sources()) + ")").orElse(row.get(0) + ": not in our knowledge base")));
    }

    /**
     * A column wide enough to compare phases side by side in a narrow pane; a heading or a value cut short
     * ("SIZE 536870912") has the whole of it in a tooltip.
     */
    private static TableColumn<List<String>, String> column(String heading, int index) {
        TableColumn<List<String>, String> c = new TableColumn<>();
        Label head = new Label(heading);
        head.setTooltip(new Tooltip(heading));
        c.setGraphic(head);
        c.setMinWidth(40);
        c.setCellValueFactory(v -> new SimpleStringProperty(v.getValue().get(index)));
        c.setCellFactory(col -> new TextCell<>());
        return c;
    }

    public void show(List<CapabilitySnapshot> history) {
        table.getColumns().clear();
        Set<String> keywords = new LinkedHashSet<>();
        for (CapabilitySnapshot s : history) {
            keywords.addAll(s.capabilities().keywords().keySet());
        }
        // A third of the width for the keywords, the rest shared by the phases side by side: what they differ in is
        // the point (less a scroll bar's width, so no sideways scrolling).
        double keywordShare = history.size() > 2 ? 0.28 : 0.33;
        TableColumn<List<String>, String> name = column("Keyword", 0);
        name.prefWidthProperty().bind(table.widthProperty().subtract(SCROLL_BAR).multiply(keywordShare));
        table.getColumns().add(name);
        for (int i = 0; i < history.size(); i++) {
            TableColumn<List<String>, String> phase = column(history.get(i).phase(), i + 1);
            phase.prefWidthProperty().bind(table.widthProperty().subtract(SCROLL_BAR)
                    .multiply((1 - keywordShare) / history.size()));
            table.getColumns().add(phase);
        }
        var rows = FXCollections.<List<String>>observableArrayList();
        for (String k : keywords) {
            List<String> row = new java.util.ArrayList<>();
            row.add(k);
            for (CapabilitySnapshot s : history) {
                Capabilities caps = s.capabilities();
                row.add(caps.has(k) ? ("\u2713 " + String.join(" ", caps.params(k))).strip() : "\u2014");
            }
            rows.add(row);
        }
        table.setItems(rows);
    }
}
