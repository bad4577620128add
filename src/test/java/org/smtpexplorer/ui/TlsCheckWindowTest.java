package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.testing.TlsCheckLab;
import org.smtpexplorer.tlscheck.TlsCheck;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Domain TLS check panel in the window, beside the MX lookup, checking domains of the loopback lab of
 * {@link TlsCheckLab} (its own DNS server, lab SMTP and HTTPS servers): the report's rows appear, coloured by mark.
 */
@ExtendWith(ApplicationExtension.class)
class TlsCheckWindowTest {
    static TlsCheckLab lab;

    @BeforeAll
    static void startLab() throws Exception {
        lab = new TlsCheckLab(Files.createTempDirectory("tls-check-window"));
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        System.setProperty("smtpexplorer.data", Files.createTempDirectory("smtp-explorer-test").toString());
        App app = new App(App.defaultLab().build(), (d, progress, onCancel) -> {
            TlsCheck check = new TlsCheck(lab.settings(lab.lab.port()));
            onCancel.accept(check::cancel);
            return check.run(d, progress);
        });
        stage.setScene(app.createScene());
        stage.setWidth(1280);
        stage.setHeight(720);
        stage.show();
    }

    private static List<Label> rows(FxRobot robot) {
        return robot.lookup("#tls-check-report").queryAs(VBox.class).getChildrenUnmodifiable().stream()
                .map(Label.class::cast).toList();
    }

    @Test
    void checkingDomainsShowsTheirReportsColouredByMark(FxRobot robot) throws Exception {
        TitledPane pane = robot.lookup("#tls-check-pane").queryAs(TitledPane.class);
        robot.interact(() -> pane.setExpanded(true));
        robot.clickOn("#tls-check-domain").write("example.test");
        robot.clickOn("#tls-check-run");
        Label status = robot.lookup("#tls-check-status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().equals("example.test: every check met"));
        WaitForAsyncUtils.waitForFxEvents();
        List<Label> rows = rows(robot);
        assertThat(rows).extracting(Label::getText).contains("MX lookup", "MX 10 lab.example: DANE",
                "\u2714 STARTTLS is offered  [RFC 3207]");
        Label started = rows.stream().filter(l -> l.getText().startsWith("\u2714 STARTTLS")).findFirst().orElseThrow();
        assertThat(started.getTextFill()).as("a met check is green").isEqualTo(Color.web("#1b7f3b"));

        robot.interact(() -> robot.lookup("#tls-check-domain").queryTextInputControl().setText("badtlsa.example.test"));
        robot.clickOn("#tls-check-run");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().startsWith("badtlsa.example.test: "));
        WaitForAsyncUtils.waitForFxEvents();
        Label failed = rows(robot).stream().filter(l -> l.getText().startsWith("\u2716 no usable TLSA record"))
                .findFirst().orElseThrow();
        assertThat(failed.getTextFill()).as("a failed check is red").isEqualTo(Color.web("#c0272d"));
        assertThat(status.getText()).contains("failed");
    }
}
