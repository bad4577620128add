package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.AppData;
import org.smtpexplorer.ui.common.SettingsFile;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The History window and the side-by-side window it opens follow the main window's zoom: Ctrl+= in the main window
 * (and its A+ button) makes their text larger, Ctrl+= in the side-by-side window zooms the main window, and the zoom
 * reached is the one kept for the next run.
 */
@ExtendWith(ApplicationExtension.class)
class SecondaryWindowZoomTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        TestApp.show(stage);
    }

    /** The size of the first non-blank text under {@code query} in {@code root}'s window. */
    private static double fontIn(FxRobot robot, Node root, String query) {
        return robot.from(root).lookup(query).queryAllAs(Text.class).stream().filter(t -> !t.getText().isBlank())
                .findFirst().orElseThrow(() -> new AssertionError("no text in " + query)).getFont().getSize();
    }

    private static String zoomShown(FxRobot robot) {
        return robot.lookup("#zoom-reset").queryButton().getText();
    }

    @Test
    void zoomingTheMainWindowZoomsTheReplayAndHistoryWindowsAndTheirKeysZoomItBack(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        robot.clickOn("#run-to-end");
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        robot.push(KeyCode.CONTROL, KeyCode.H);
        @SuppressWarnings("unchecked")
        TableView<Object> table = robot.lookup("#history-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.interact(() -> robot.lookup("#history-compare").queryButton().fire());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#replay-summary").tryQuery().isPresent());
        Node sideBySide = robot.lookup("#side-by-side").query();
        Window replay = sideBySide.getScene().getWindow();
        Node history = table.getScene().getRoot();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(zoomShown(robot)).isEqualTo("100%");
        // The summary is written larger than the rest (in em): it grows in proportion.
        double summary = fontIn(robot, sideBySide, "#replay-summary .text");
        assertThat(summary).isGreaterThanOrEqualTo(13.0);
        assertThat(fontIn(robot, history, "#history-status .text")).isEqualTo(13.0);

        // Ctrl+= typed into the main window.
        robot.interact(() -> {
            stage.toFront();
            stage.requestFocus();
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, stage::isFocused);
        robot.push(KeyCode.CONTROL, KeyCode.EQUALS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(zoomShown(robot)).isEqualTo("110%");
        assertThat(fontIn(robot, sideBySide, "#replay-summary .text")).as("the replay window's text")
                .isCloseTo(summary * 1.1, within(0.25));
        assertThat(fontIn(robot, history, "#history-status .text")).as("the History window's text")
                .isCloseTo(14.3, within(0.01));
        assertThat(robot.from(sideBySide).lookup("#replay-zoom-in").queryButton().getParent().getChildrenUnmodifiable()
                .stream().filter(n -> n instanceof javafx.scene.control.Button b && b.getText().endsWith("%"))
                .map(n -> ((javafx.scene.control.Button) n).getText()).findFirst()).as("the replay window's own"
                + " zoom display").contains("110%");

        // The main window's A+ button too.
        robot.interact(() -> robot.lookup("#zoom-in").queryButton().fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fontIn(robot, sideBySide, "#replay-summary .text")).isCloseTo(summary * 1.25, within(0.25));

        // Ctrl+= typed into the replay window zooms the main window as well.
        robot.interact(() -> {
            ((Stage) replay).toFront();
            replay.requestFocus();
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, replay::isFocused);
        robot.push(KeyCode.CONTROL, KeyCode.EQUALS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(zoomShown(robot)).as("the main window's zoom, changed from the replay window").isEqualTo("150%");
        assertThat(fontIn(robot, sideBySide, "#replay-summary .text")).isCloseTo(summary * 1.5, within(0.25));
        assertThat(fontIn(robot, history, "#history-status .text")).isCloseTo(19.5, within(0.01));
        Path settings = AppData.dataDir().resolve(App.WINDOW_SETTINGS);
        assertThat(SettingsFile.load(settings).getProperty("font.zoom")).as("kept for the next run").isEqualTo("1.5");
    }
}
