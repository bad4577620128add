package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The keyboard: F6 walks a whole lab session step by step, F5 runs one to the end, Up and Down recall commands. */
@ExtendWith(ApplicationExtension.class)
class ShortcutsTest {
    private App app;

    @Start
    void start(Stage stage) {
        app = TestApp.create();
        stage.setScene(app.createScene());
        stage.show();
    }

    private static void waitIdle(FxRobot robot, Label status) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !status.getText().endsWith("..."));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void f6TakesTheHighlightedNextStepUntilQuitAndUpRecallsCommands(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        Label status = robot.lookup("#status").queryAs(Label.class);
        Button connect = robot.lookup("#step-connect").queryButton();
        assertThat(connect.getPseudoClassStates()).extracting(Object::toString).contains("next");
        robot.clickOn("#transcript");
        robot.push(KeyCode.F6);
        waitIdle(robot, status);
        assertThat(status.getText()).startsWith("Connect: 220");
        robot.push(KeyCode.F6);
        waitIdle(robot, status);
        assertThat(status.getText()).startsWith("EHLO: 250");
        Button starttls = robot.lookup("#step-starttls").queryButton();
        assertThat(starttls.getPseudoClassStates()).extracting(Object::toString).as("STARTTLS is required")
                .contains("next");

        robot.push(KeyCode.CONTROL, KeyCode.L);
        TextField line = robot.lookup("#command-line").queryAs(TextField.class);
        assertThat(line.isFocused()).isTrue();
        robot.write("NOOP").push(KeyCode.ENTER);
        waitIdle(robot, status);
        robot.clickOn(line).write("HELP").push(KeyCode.ENTER);
        waitIdle(robot, status);
        robot.clickOn(line).write("VRFY b");
        robot.push(KeyCode.UP);
        assertThat(line.getText()).isEqualTo("HELP");
        robot.push(KeyCode.UP);
        assertThat(line.getText()).isEqualTo("NOOP");
        robot.push(KeyCode.DOWN).push(KeyCode.DOWN);
        assertThat(line.getText()).isEqualTo("VRFY b");
        robot.interact(line::clear);

        robot.clickOn("#transcript");
        for (int i = 0; i < 12 && !status.getText().startsWith("QUIT: "); i++) {
            robot.push(KeyCode.F6);
            waitIdle(robot, status);
            assertThat(status.getText()).as("step %d", i).doesNotContain("failure").doesNotContain("failed");
        }
        assertThat(status.getText()).startsWith("QUIT: 221");
        StyleClassedTextArea area = robot.lookup("#transcript").queryAs(StyleClassedTextArea.class);
        assertThat(area.getText()).contains("C: STARTTLS", "C: MAIL FROM:", "C: RCPT TO:", "C: BDAT", "C: NOOP",
                "C: HELP");
        int before = app.lab().server().messages().size();
        robot.push(KeyCode.F5);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        assertThat(status.getText()).startsWith("Run to end: sent: 250");
        assertThat(app.lab().server().messages()).hasSize(before + 1);
    }
}
