package org.smtpexplorer.ui.tour;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The guided tour's card: step n of N, its title, what to watch, and Previous / Run this step / Next. */
public final class TourPanel extends TitledPane {
    public TourPanel(TourViewModel vm) {
        setText("Guided tour");
        setExpanded(false);
        setId("tour");
        Label counter = new Label();
        counter.textProperty().bind(Bindings.createStringBinding(() -> "Step " + (vm.indexProperty().get() + 1)
                + " of " + vm.steps().size(), vm.indexProperty()));
        Label title = new Label();
        title.getStyleClass().add("explain-title");
        title.setWrapText(true);
        title.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        title.setId("tour-title");
        title.textProperty().bind(Bindings.createStringBinding(() -> vm.currentProperty().get().title(),
                vm.currentProperty()));
        Label watch = new Label();
        watch.setWrapText(true);
        watch.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        watch.textProperty().bind(Bindings.createStringBinding(() -> vm.currentProperty().get().watch(),
                vm.currentProperty()));
        Button previous = new Button("\u25c0 Previous");
        previous.setOnAction(e -> vm.previous());
        previous.disableProperty().bind(vm.indexProperty().isEqualTo(0));
        Button run = new Button("Run this step");
        run.setId("tour-run");
        run.getStyleClass().add("accent");
        run.setOnAction(e -> vm.run());
        Button next = new Button("Next \u25b6");
        next.setId("tour-next");
        next.setOnAction(e -> vm.next());
        next.disableProperty().bind(vm.indexProperty().isEqualTo(vm.steps().size() - 1));
        VBox box = new VBox(6, counter, title, watch, new HBox(6, previous, run, next));
        box.setPadding(new Insets(6));
        setContent(box);
    }
}
