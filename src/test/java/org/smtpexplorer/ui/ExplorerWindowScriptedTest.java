package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.TestCerts;
import org.smtpexplorer.transport.SecurityMode;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the window by clicking through a whole session against a scripted server that asserts every client
 * byte: Connect, EHLO, STARTTLS, EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT. Checks the transcript's text and styles.
 */
@ExtendWith(ApplicationExtension.class)
class ExplorerWindowScriptedTest {
    @TempDir
    static Path tmp;

    /** The lab starts with the window and then points the form at itself; wait so it cannot overwrite a test's values. */
    static void awaitLab(FxRobot robot) throws Exception {
        Label lab = robot.lookup(".lab-status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lab.getText().startsWith("Lab server on"));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Start
    void start(Stage stage) {
        stage.setScene(TestApp.create().createScene());
        stage.setTitle(App.TITLE);
        stage.show();
    }

    private static void step(FxRobot robot, String id) throws Exception {
        Button b = robot.lookup("#" + id).queryButton();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !b.isDisabled());
        robot.clickOn(b);
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().contains(": ")
                || status.getText().contains("failed"));
        WaitForAsyncUtils.waitForFxEvents();
        // The status says what the server answered the step: a positive reply.
        assertThat(status.getText()).matches("[A-Z][A-Za-z ]*: [23][0-9][0-9]( .*)?");
    }

    @Test
    void clickThroughAWholeSession(FxRobot robot) throws Exception {
        TestCerts.Issued ca = TestCerts.ca("Window Test CA");
        Path pem = ca.writePem(tmp, "ca.pem");
        List<String> script = List.of(
                "S: 220 scripted ESMTP", "C: EHLO explorer.local", "S: 250-scripted", "S: 250 STARTTLS",
                "C: STARTTLS", "S: 220 2.0.0 Ready", "!starttls", "C: EHLO explorer.local", "S: 250-scripted",
                "S: 250-PIPELINING", "S: 250-ENHANCEDSTATUSCODES", "S: 250 AUTH PLAIN",
                "C: AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=", "S: 235 2.7.0 Authentication successful",
                "C: MAIL FROM:<alice@lab.example>", "S: 250 2.1.0 Ok", "C: RCPT TO:<bob@lab.example>",
                "S: 250 2.1.5 Ok", "C: DATA", "S: 354 End data with <CR><LF>.<CR><LF>", "!read-until-dot",
                "S: 550 5.7.1 Message refused by policy", "C: QUIT", "S: 221 2.0.0 Bye");
        try (ScriptedServer server = new ScriptedServer(script, ScriptedServer.Mode.LINE,
                TestCerts.server(ca, "localhost", "127.0.0.1").serverContext())) {
            awaitLab(robot);
            robot.interact(() -> {
                robot.lookup("#port").queryAs(TextField.class).setText(Integer.toString(server.port()));
                robot.lookup("#trust-pem").queryAs(TextField.class).setText(pem.toString());
                robot.lookup("#user").queryAs(TextField.class).setText("alice");
                robot.lookup("#password").queryAs(PasswordField.class).setText("wonderland");
                @SuppressWarnings("unchecked")
                ComboBox<SecurityMode> security = robot.lookup("#security").queryAs(ComboBox.class);
                security.setValue(SecurityMode.STARTTLS);
                @SuppressWarnings("unchecked")
                ComboBox<String> mech = robot.lookup("#auth-mechanism").queryAs(ComboBox.class);
                mech.setValue("PLAIN");
            });
            assertThat(robot.lookup("#step-mail").queryButton().isDisabled()).isTrue();
            step(robot, "step-connect");
            step(robot, "step-ehlo");
            assertThat(robot.lookup("#step-auth").queryButton().isDisabled()).as("no AUTH offered before TLS")
                    .isTrue();
            step(robot, "step-starttls");
            step(robot, "step-ehlo");
            step(robot, "step-auth");
            step(robot, "step-mail");
            step(robot, "step-rcpt");
            robot.clickOn("#step-data");
            Label status = robot.lookup("#status").queryAs(Label.class);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().contains("550"));
            step(robot, "step-quit");
            assertThat(server.await()).isEmpty();
        }
        StyleClassedTextArea area = robot.lookup("#transcript").queryAs(StyleClassedTextArea.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> area.getText().contains("S: 221 2.0.0 Bye"));
        String text = area.getText();
        assertThat(text).contains("C: EHLO explorer.local", "C: STARTTLS", "C: AUTH PLAIN <redacted>",
                "S: 235 2.7.0 Authentication successful", "C: MAIL FROM:<alice@lab.example>",
                "S: 550 5.7.1 Message refused by policy", "TLS established").doesNotContain("AGFsaWNl");
        assertThat(stylesOfLineWith(area, "S: 235")).contains("server", "reply-2xx");
        assertThat(stylesOfLineWith(area, "S: 550")).contains("server", "reply-5xx");
        assertThat(stylesOfLineWith(area, "C: MAIL FROM")).contains("client");
        assertThat(stylesOfLineWith(area, "TLS established")).contains("tls");
        robot.clickOn("Capabilities");
        String caps = robot.lookup("#capabilities").queryTableView().getColumns().toString();
        assertThat(robot.lookup("#capabilities").queryTableView().getColumns()).hasSize(3);
        assertThat(caps).isNotEmpty();
    }

    private static Collection<String> stylesOfLineWith(StyleClassedTextArea area, String needle) {
        for (int i = 0; i < area.getParagraphs().size(); i++) {
            String line = area.getParagraph(i).getText();
            if (line.contains(needle)) {
                return area.getStyleAtPosition(i, line.indexOf(needle) + 1);
            }
        }
        throw new AssertionError("no line contains " + needle);
    }
}
