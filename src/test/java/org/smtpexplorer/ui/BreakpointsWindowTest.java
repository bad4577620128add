package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.AppData;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Breakpoints in the window, against the lab: set from the Pause before menu, Run to end pauses at AUTH with its
 * secret hidden until revealed, then at MAIL, where an edit is warned about live and sent with Enter; then Copy as
 * command puts a script on the clipboard that names the message file it wrote and never the password.
 */
@ExtendWith(ApplicationExtension.class)
class BreakpointsWindowTest {

    @Start
    void start(Stage stage) {
        TestApp.show(stage);
    }

    private static void choose(FxRobot robot, String menu, String item) {
        robot.clickOn(menu);
        Node entry = robot.lookup(".context-menu .label").match(LabeledMatchers.hasText(item)).query();
        robot.clickOn(entry);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void waitPaused(FxRobot robot, String before) throws Exception {
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> status.getText().equals("Paused before " + before
                + " (breakpoint): Send, Skip or Abort"));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void runToEndPausesAtAuthAndMailAnEditIsSentAndTheSessionCopiesAsACommand(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        choose(robot, "#pause-before", "AUTH");
        choose(robot, "#pause-before", "MAIL FROM");
        Node bar = robot.lookup("#paused-bar").query();
        assertThat(bar.isVisible()).isFalse();

        robot.clickOn("#transcript");
        robot.push(KeyCode.F5);
        waitPaused(robot, "AUTH");
        assertThat(bar.isVisible()).isTrue();
        TextField line = robot.lookup("#paused-command").queryAs(TextField.class);
        assertThat(line.getText()).startsWith("AUTH SCRAM-SHA-256 ").endsWith("<redacted>");
        assertThat(line.isEditable()).as("a hidden secret cannot be edited").isFalse();
        assertThat(line.isFocused()).isTrue();
        robot.clickOn("#paused-reveal");
        assertThat(line.getText()).startsWith("AUTH SCRAM-SHA-256 ").doesNotContain("<redacted>");
        assertThat(line.isEditable()).isTrue();
        robot.clickOn(line).push(KeyCode.ENTER);

        waitPaused(robot, "MAIL FROM");
        assertThat(line.getText()).startsWith("MAIL FROM:<alice@lab.example>");
        assertThat(robot.lookup("#paused-reveal").query().isVisible()).isFalse();
        Label warnings = robot.lookup("#paused-warnings").queryAs(Label.class);
        assertThat(warnings.isVisible()).isFalse();
        robot.clickOn(line).push(KeyCode.CONTROL, KeyCode.A).write("RCPT TO:<bob@lab.example>");
        assertThat(warnings.isVisible()).isTrue();
        assertThat(warnings.getText()).contains("RCPT is not legal now");
        robot.push(KeyCode.CONTROL, KeyCode.A).write("MAIL FROM:<carol@lab.example>");
        assertThat(warnings.isVisible()).as("a MAIL in its place is in sequence").isFalse();
        robot.push(KeyCode.ENTER);

        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getText()).startsWith("Run to end: sent");
        assertThat(bar.isVisible()).isFalse();
        StyleClassedTextArea transcript = robot.lookup("#transcript").queryAs(StyleClassedTextArea.class);
        assertThat(transcript.getText()).contains("C: MAIL FROM:<carol@lab.example>", "Edited at the breakpoint")
                .doesNotContain("wonderland");

        robot.clickOn("#session-menu");
        Node asCommand = robot.lookup(".context-menu .label").match(LabeledMatchers.hasText("Copy as command")).query();
        robot.clickOn(asCommand);
        Node swaks = robot.lookup(".context-menu .label").match(LabeledMatchers.hasText("swaks")).query();
        robot.clickOn(swaks);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().startsWith("Copied as a swaks"));
        AtomicReference<String> script = new AtomicReference<>();
        robot.interact(() -> script.set(Clipboard.getSystemClipboard().getString()));
        List<Path> written;
        try (var files = Files.list(AppData.dataDir().resolve("exports"))) {
            written = files.toList();
        }
        assertThat(written).singleElement().satisfies(f -> {
            assertThat(script.get()).contains(f.toString());
            assertThat(Files.readString(f)).contains("From: alice@lab.example");
        });
        assertThat(script.get()).startsWith("#!/bin/sh").contains("swaks", "--from='carol@lab.example'",
                "--tls", "SWAKS_OPT_auth_password=\"$SMTPX_PASSWORD\"").doesNotContain("wonderland");
    }

    @Test
    void escAbortsWithQuitAndTheEditedLineIsKeptInTheCommandLine(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        choose(robot, "#pause-before", "RCPT TO");
        robot.clickOn("#transcript");
        robot.push(KeyCode.F5);
        waitPaused(robot, "RCPT TO");
        TextField line = robot.lookup("#paused-command").queryAs(TextField.class);
        robot.clickOn(line).push(KeyCode.CONTROL, KeyCode.A).write("RCPT TO:<nobody@lab.example>");
        robot.clickOn("#transcript");
        robot.push(KeyCode.ESCAPE);
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getText()).isEqualTo("Run to end: aborted at the breakpoint before RCPT TO: it was not"
                + " sent, and the session ends with QUIT");
        assertThat(robot.lookup("#command-line").queryAs(TextField.class).getText())
                .isEqualTo("RCPT TO:<nobody@lab.example>");
        StyleClassedTextArea transcript = robot.lookup("#transcript").queryAs(StyleClassedTextArea.class);
        assertThat(transcript.getText()).contains("C: QUIT").doesNotContain("nobody@lab.example");
    }
}
