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
import javafx.scene.layout.BorderPane;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.explain.KnowledgeBase;

/**
 * One row per keyword, one column per EHLO (before TLS, after TLS, ...), so what STARTTLS or AUTH changed stands
 * out: a keyword present in one column and missing in the next.
 */
public final class CapabilitiesView extends BorderPane {
    private final TableView<List<String>> table = new TableView<>();
    private final Label explanation = new Label();
    private final KnowledgeBase kb = KnowledgeBase.load();

    public CapabilitiesView() {
        table.setId("capabilities");
        table.setPlaceholder(new Label("No EHLO yet"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
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

    public void show(List<CapabilitySnapshot> history) {
        table.getColumns().clear();
        Set<String> keywords = new LinkedHashSet<>();
        for (CapabilitySnapshot s : history) {
            keywords.addAll(s.capabilities().keywords().keySet());
        }
        TableColumn<List<String>, String> name = new TableColumn<>("Keyword");
        name.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().get(0)));
        table.getColumns().add(name);
        for (int i = 0; i < history.size(); i++) {
            int col = i + 1;
            TableColumn<List<String>, String> c = new TableColumn<>(history.get(i).phase());
            c.setCellValueFactory(v -> new SimpleStringProperty(v.getValue().get(col)));
            table.getColumns().add(c);
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
