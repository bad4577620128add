package org.smtpexplorer.ui.lab;

import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.smtpexplorer.lab.Scenario;

/** The lab server's scenario picker and the paragraph that explains the chosen scenario. */
public final class LabPanel extends TitledPane {
    public LabPanel(LabViewModel vm) {
        setText("Lab server");
        ComboBox<Scenario> scenarios = new ComboBox<>();
        scenarios.getItems().setAll(Scenario.values());
        scenarios.valueProperty().bindBidirectional(vm.scenarioProperty());
        scenarios.setMaxWidth(Double.MAX_VALUE);
        scenarios.setId("lab-scenario");
        scenarios.setConverter(new StringConverter<>() {
            @Override
            public String toString(Scenario s) {
                return s == null ? "" : s.title();
            }

            @Override
            public Scenario fromString(String s) {
                return null;
            }
        });
        Label explanation = new Label();
        explanation.setWrapText(true);
        explanation.setId("lab-explanation");
        explanation.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.scenarioProperty().get() == null ? "" : vm.scenarioProperty().get().explanation(),
                vm.scenarioProperty()));
        Label status = new Label();
        status.setWrapText(true);
        status.getStyleClass().add("lab-status");
        status.textProperty().bind(vm.statusProperty());
        VBox box = new VBox(6, scenarios, explanation, status);
        box.setPadding(new Insets(6));
        setContent(box);
    }
}
