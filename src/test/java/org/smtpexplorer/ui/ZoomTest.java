package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.AppData;
import org.smtpexplorer.ui.common.SettingsFile;
import org.smtpexplorer.ui.ladder.LadderView;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Projector mode: Ctrl+= (or Ctrl++), Ctrl+- and Ctrl+0 size the text of the transcript, the raw bytes and the
 * explanations, the toolbar shows the zoom and lists the keys, and the next run opens at the same zoom.
 */
@ExtendWith(ApplicationExtension.class)
class ZoomTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        TestApp.show(stage);
    }

    private static double fontOf(FxRobot robot, String query) {
        return robot.lookup(query).queryAllAs(Text.class).stream().filter(t -> !t.getText().isBlank()).findFirst()
                .orElseThrow(() -> new AssertionError("no text in " + query)).getFont().getSize();
    }

    private static String zoomShown(FxRobot robot) {
        return robot.lookup("#zoom-reset").queryButton().getText();
    }

    @Test
    void theKeysZoomTheReadingPanesAndTheZoomIsKeptForTheNextRun(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        Label status = robot.lookup("#status").queryAs(Label.class);
        robot.clickOn("#transcript");
        robot.push(KeyCode.F6);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> status.getText().startsWith("Connect: 220"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#transcript");
        robot.push(KeyCode.CONTROL, KeyCode.HOME);
        assertThat(zoomShown(robot)).isEqualTo("100%");
        assertThat(fontOf(robot, "#transcript .text")).isEqualTo(13.0);

        robot.push(KeyCode.CONTROL, KeyCode.EQUALS);
        assertThat(zoomShown(robot)).isEqualTo("110%");
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.EQUALS);
        assertThat(zoomShown(robot)).as("Ctrl++ on a keyboard where + is Shift+=").isEqualTo("125%");
        robot.push(KeyCode.CONTROL, KeyCode.ADD);
        assertThat(zoomShown(robot)).as("the keypad's +").isEqualTo("150%");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fontOf(robot, "#transcript .text")).isEqualTo(19.5);
        // A view in a tab not in front draws its lines once it is shown.
        TabPane tabs = robot.lookup("#center-tabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> t.getText().equals("Raw bytes")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents(4);
        assertThat(fontOf(robot, "#raw .text")).isEqualTo(19.5);
        assertThat(robot.lookup("#hex").query().getScene()).as("the Raw bytes tab keeps its Hex and UTF-8 bar")
                .isNotNull();
        TestApp.showCenterTab(robot, "Ladder");
        assertThat(robot.lookup("#ladder").queryAs(LadderView.class).viewModel().layout().fontSize())
                .as("the ladder's labels").isEqualTo(19.5);
        robot.interact(() -> tabs.getSelectionModel().select(0));
        assertThat(fontOf(robot, "#explain-panel .label .text")).isEqualTo(19.5);

        robot.push(KeyCode.CONTROL, KeyCode.MINUS);
        assertThat(zoomShown(robot)).isEqualTo("125%");
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT0);
        assertThat(zoomShown(robot)).isEqualTo("100%");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fontOf(robot, "#transcript .text")).isEqualTo(13.0);
        robot.clickOn("#zoom-in").clickOn("#zoom-in").clickOn("#zoom-in");
        assertThat(zoomShown(robot)).isEqualTo("150%");

        Path settings = AppData.dataDir().resolve(App.WINDOW_SETTINGS);
        assertThat(SettingsFile.load(settings).getProperty("font.zoom")).isEqualTo("1.5");
        for (String id : List.of("#zoom-in", "#zoom-out", "#zoom-reset")) {
            assertThat(robot.lookup(id).queryButton().getTooltip().getText()).as(id).containsPattern("Ctrl\\+[-=0]");
        }
        assertThat(MainView.SHORTCUTS).contains("Ctrl+=", "Ctrl+-", "Ctrl+0");

        App next = new App(App.defaultLab().build());
        try {
            robot.interact(() -> stage.setScene(next.createScene()));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(zoomShown(robot)).as("the next run opens at the zoom left").isEqualTo("150%");
            Button out = robot.lookup("#zoom-out").queryButton();
            robot.clickOn(out);
            assertThat(SettingsFile.load(settings).getProperty("font.zoom")).isEqualTo("1.25");
        } finally {
            next.stop();
        }
    }
}
