package org.smtpexplorer.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A hidden tab's and a collapsed pane's content join the scene when first shown, including content set meanwhile. */
@ExtendWith(ApplicationExtension.class)
class LazyContentTest {
    private Label front;
    private Label hidden;
    private Label folded;
    private Tab second;
    private TabPane tabs;
    private TitledPane pane;

    @Start
    void start(Stage stage) {
        front = new Label("front");
        hidden = new Label("hidden");
        folded = new Label("folded");
        second = new Tab("second", hidden);
        tabs = new TabPane(new Tab("first", front), second);
        pane = new TitledPane("pane", folded);
        pane.setExpanded(false);
        LazyContent.untilSelected(tabs.getTabs().get(0));
        LazyContent.untilSelected(second);
        LazyContent.untilExpanded(pane);
        stage.setScene(new Scene(new VBox(tabs, pane), 400, 300));
        stage.show();
    }

    @Test
    void contentWaitsOutOfTheSceneUntilShown(FxRobot robot) {
        assertThat(front.getScene()).as("the selected tab's content is there at once").isNotNull();
        assertThat(hidden.getScene()).isNull();
        assertThat(folded.getScene()).isNull();
        robot.interact(() -> tabs.getSelectionModel().select(second));
        assertThat(second.getContent()).isSameAs(hidden);
        assertThat(hidden.getScene()).isNotNull();
        robot.interact(() -> pane.setExpanded(true));
        assertThat(pane.getContent()).isSameAs(folded);
        assertThat(folded.getScene()).isNotNull();
        // Once shown, it stays: hiding again does not take it out.
        robot.interact(() -> tabs.getSelectionModel().select(0));
        assertThat(second.getContent()).isSameAs(hidden);
    }

    @Test
    void contentSetWhileWaitingIsWhatIsShown(FxRobot robot) {
        // As MainView wraps the raw view with its toolbar after the tab was made lazy.
        BorderPane wrapped = new BorderPane(hidden, new Label("bar"), null, null, null);
        robot.interact(() -> second.setContent(wrapped));
        assertThat(wrapped.getScene()).as("set meanwhile, it waits too").isNull();
        robot.interact(() -> tabs.getSelectionModel().select(second));
        assertThat(second.getContent()).isSameAs(wrapped);
        assertThat(hidden.getParent()).isSameAs(wrapped);
        assertThat(wrapped.getScene()).isNotNull();
    }
}
