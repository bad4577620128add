package org.smtpexplorer.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.UnaryOperator;
import org.smtpexplorer.lab.LabConfig;

/** Each window test starts with an empty app data folder, so no draft or profile of another test leaks in. */
final class TestApp {
    private TestApp() {
    }

    static App create() {
        return create(lab -> lab);
    }

    /** The same with the lab's configuration changed by {@code lab}, e.g. to shorten its delays. */
    static App create(UnaryOperator<LabConfig.Builder> lab) {
        try {
            System.setProperty("smtpexplorer.data", Files.createTempDirectory("smtp-explorer-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new App(lab.apply(App.defaultLab()).build());
    }

    /** A test's window: the app, in a fresh data folder, shown on {@code stage} at its own size. */
    static void show(javafx.stage.Stage stage) {
        stage.setScene(create().createScene());
        stage.show();
    }

    /** The same at {@code width} x {@code height}, e.g. a projector's 1280x720. */
    static void show(javafx.stage.Stage stage, double width, double height) {
        stage.setScene(create().createScene());
        stage.setWidth(width);
        stage.setHeight(height);
        stage.show();
    }

    /**
     * Brings the centre tab titled {@code title} to the front, as a person clicks it: a tab's content joins the
     * scene only when the tab is first shown, so its nodes cannot be looked up before.
     */
    static void showCenterTab(org.testfx.api.FxRobot robot, String title) {
        robot.interact(() -> {
            javafx.scene.control.TabPane tabs = robot.lookup("#center-tabs").queryAs(javafx.scene.control.TabPane.class);
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getText().equals(title))
                    .findFirst().orElseThrow(() -> new AssertionError("no centre tab " + title)));
        });
    }
}
