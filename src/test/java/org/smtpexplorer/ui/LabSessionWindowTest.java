package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.lab.ReceivedMessage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window as a newcomer meets it: the lab server is the target already; clicking Connect, EHLO, STARTTLS,
 * EHLO, AUTH, MAIL, RCPT, BDAT and QUIT delivers a message to the lab, and the transcript shows it all in colour.
 */
@ExtendWith(ApplicationExtension.class)
class LabSessionWindowTest {
    private App app;

    @Start
    void start(Stage stage) {
        app = TestApp.create();
        stage.setScene(app.createScene());
        stage.show();
    }

    private static void step(FxRobot robot, String id) throws Exception {
        Button b = robot.lookup("#" + id).queryButton();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !b.isDisabled());
        robot.clickOn(b);
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> status.getText().endsWith(": done")
                || status.getText().contains("failed") || status.getText().contains(": "));
        WaitForAsyncUtils.waitForFxEvents();
        // The status says what the server answered the step: a positive reply.
        assertThat(status.getText()).as(id).matches("[A-Z][A-Za-z ]*: [23][0-9][0-9]( .*)?");
    }

    @Test
    void stepThroughAFullSessionWithTheLab(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        @SuppressWarnings("unchecked")
        ComboBox<String> mech = robot.lookup("#auth-mechanism").queryAs(ComboBox.class);
        robot.interact(() -> mech.setValue("SCRAM-SHA-256"));
        for (String id : new String[] {"step-connect", "step-ehlo", "step-starttls", "step-ehlo", "step-auth",
            "step-mail", "step-rcpt", "step-bdat", "step-quit"}) {
            step(robot, id);
        }
        StyleClassedTextArea area = robot.lookup("#transcript").queryAs(StyleClassedTextArea.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> area.getText().contains("C: QUIT"));
        String text = area.getText();
        assertThat(text).contains("C: EHLO explorer.local", "C: STARTTLS", "TLS established",
                "C: AUTH SCRAM-SHA-256 <redacted>", "S: 235", "C: MAIL FROM:<alice@lab.example>",
                "C: RCPT TO:<bob@lab.example>", "C: BDAT", " LAST", "C: QUIT");
        assertThat(styles(area, "S: 235")).contains("reply-2xx");
        assertThat(styles(area, "TLS established")).contains("tls");
        assertThat(styles(area, "C: BDAT")).contains("client");
        ReceivedMessage m = app.lab().server().messages().get(app.lab().server().messages().size() - 1);
        assertThat(m.contentAsString()).contains("Subject: Hello from SMTP Explorer");
        robot.clickOn("Capabilities");
        assertThat(robot.lookup("#capabilities").queryTableView().getColumns()).hasSize(3);
        assertThat(new String(m.content(), StandardCharsets.UTF_8)).contains("This message was sent step by step.");
    }

    @Test
    void runToEndAgainstTheLab(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        int before = app.lab().server().messages().size();
        robot.clickOn("#run-to-end");
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        assertThat(status.getText()).startsWith("Run to end: sent: 250 ");
        assertThat(app.lab().server().messages()).hasSize(before + 1);
    }

    private static Collection<String> styles(StyleClassedTextArea area, String needle) {
        for (int i = 0; i < area.getParagraphs().size(); i++) {
            String line = area.getParagraph(i).getText();
            if (line.contains(needle)) {
                return area.getStyleAtPosition(i, line.indexOf(needle) + 1);
            }
        }
        throw new AssertionError("no line contains " + needle);
    }
}
