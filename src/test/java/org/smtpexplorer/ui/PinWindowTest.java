package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.AppData;
import org.smtpexplorer.lab.LogLine;
import org.smtpexplorer.lab.ServerLog;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Certificate pinning as a person meets it: the first session pins the lab's key quietly; when the pinned key no
 * longer matches, the next session stops after the handshake (nothing of AUTH or the message reaches the server),
 * the TLS tab shows both fingerprints and the choices, and trusting the new certificate lets the next session
 * through.
 */
@ExtendWith(ApplicationExtension.class)
class PinWindowTest {
    private static final Pattern SPKI = Pattern.compile("\"spkiSha256\" : \"([0-9A-F:]+)\"");
    private App app;

    @Start
    void start(Stage stage) {
        app = TestApp.create();
        stage.setScene(app.createScene());
        stage.show();
    }

    private static String runToEnd(FxRobot robot) throws Exception {
        Label status = robot.lookup("#status").queryAs(Label.class);
        // The click sets "Run to end..." at once, on the FX thread: the last run's answer is gone before the wait.
        robot.clickOn("#run-to-end");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        WaitForAsyncUtils.waitForFxEvents();
        return status.getText();
    }

    @Test
    void aChangedKeyStopsTheSessionBeforeAuthAndTheTlsTabOffersTheChoice(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        assertThat(runToEnd(robot)).startsWith("Run to end: sent: 250 ");
        Path file = AppData.dataDir().resolve("pins.json");
        String stored = Files.readString(file);
        assertThat(stored).contains("\"127.0.0.1:" + app.lab().server().port() + "\"");
        Matcher m = SPKI.matcher(stored);
        assertThat(m.find()).isTrue();
        String labKey = m.group(1);
        robot.clickOn("TLS");
        assertThat(robot.lookup("#tls-pin").queryAs(Label.class).getText())
                .startsWith("New pin: Pinned 127.0.0.1:" + app.lab().server().port() + " on first use");

        TabPane right = robot.lookup(".tab-pane").queryAllAs(TabPane.class).stream()
                .filter(t -> t.getTabs().stream().anyMatch(tab -> tab.getText().equals("TLS"))).findFirst()
                .orElseThrow();
        robot.interact(() -> right.getSelectionModel().select(0));

        // As if the server had been given another key since: the pin no longer matches what it presents.
        String otherKey = labKey.replaceAll("[0-9A-F]", "0");
        Files.writeString(file, stored.replace(labKey, otherKey));
        int messages = app.lab().server().messages().size();

        String status = runToEnd(robot);
        assertThat(status).startsWith("Run to end: Certificate CHANGED for 127.0.0.1:");
        assertThat(app.lab().server().messages()).hasSize(messages);
        ServerLog.SessionLog last = app.lab().server().serverLog().sessions()
                .get(app.lab().server().serverLog().sessions().size() - 1);
        assertThat(last.lines()).filteredOn(l -> l.direction() == LogLine.Direction.RECEIVED)
                .extracting(LogLine::text).containsExactly("EHLO explorer.local", "STARTTLS");

        assertThat(right.getSelectionModel().getSelectedItem().getText()).as("the TLS tab comes to the front")
                .isEqualTo("TLS");
        Label pin = robot.lookup("#tls-pin").queryAs(Label.class);
        assertThat(robot.lookup("#tls-pin-headline").queryAs(Label.class).getText())
                .startsWith("\u26A0 Certificate CHANGED for 127.0.0.1:" + app.lab().server().port());
        assertThat(pin.getText()).startsWith("Certificate CHANGED").contains("Pinned: public key SHA-256 "
                + otherKey, "Presented: public key SHA-256 " + labKey, "no password and no message was sent");
        assertThat(pin.getParent().getStyleClass()).contains("pin-changed");
        StyleClassedTextArea transcript = robot.lookup("#transcript").queryAs(StyleClassedTextArea.class);
        String text = transcript.getText();
        String second = text.substring(text.lastIndexOf("Connecting to 127.0.0.1"));
        assertThat(second).contains("TLS established", "Certificate CHANGED for 127.0.0.1:", otherKey, labKey)
                .doesNotContain("C: AUTH", "C: MAIL", "\\n");

        Button trust = robot.lookup("#pin-trust").queryButton();
        assertThat(robot.lookup("#pin-keep").queryButton().isVisible()).isTrue();
        robot.clickOn(trust);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#tls-pin").queryAs(Label.class)
                .getText().startsWith("Trusted the new certificate"));
        assertThat(Files.readString(file)).contains(labKey).doesNotContain(otherKey);

        assertThat(runToEnd(robot)).startsWith("Run to end: sent: 250 ");
        assertThat(app.lab().server().messages()).hasSize(messages + 1);
        assertThat(robot.lookup("#tls-pin").queryAs(Label.class).getText()).startsWith("\u2714 Pin: Same public key");
    }
}
