package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.ui.common.PulseMonitor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window stays responsive while the lab is slow, while it trickles its replies a byte at a time, and while a
 * 100 MiB message goes out by BDAT (payload elided in the transcript, progress shown).
 */
@ExtendWith(ApplicationExtension.class)
class LabResponsivenessTest {
    private static final long MAX_GAP_MS = 500;
    @TempDir
    Path tmp;
    private App app;

    @Start
    void start(Stage stage) {
        app = TestApp.create();
        stage.setScene(app.createScene());
        stage.show();
    }

    private long runToEnd(FxRobot robot, int seconds) throws Exception {
        PulseMonitor monitor = new PulseMonitor();
        robot.interact(monitor::start);
        robot.clickOn("#run-to-end");
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        robot.interact(monitor::stop);
        assertThat(status.getText()).startsWith("Run to end: sent: 250 ");
        assertThat(monitor.pulses()).isGreaterThan(10);
        return monitor.longestGapMillis();
    }

    private void scenario(FxRobot robot, Scenario s) {
        @SuppressWarnings("unchecked")
        ComboBox<Scenario> box = robot.lookup("#lab-scenario").queryAs(ComboBox.class);
        robot.interact(() -> box.setValue(s));
    }

    @Test
    void slowAndTricklingServers(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        scenario(robot, Scenario.SLOW);
        long slowGap = runToEnd(robot, 90);
        scenario(robot, Scenario.TRICKLE);
        long trickleGap = runToEnd(robot, 120);
        System.out.printf("lab slow: longest FX pulse gap %d ms; trickle: %d ms%n", slowGap, trickleGap);
        assertThat(slowGap).as("longest pulse gap, slow").isLessThan(MAX_GAP_MS);
        assertThat(trickleGap).as("longest pulse gap, trickle").isLessThan(MAX_GAP_MS);
    }

    @Test
    void hundredMebibytesByBdat(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        Path big = tmp.resolve("big.bin");
        try (OutputStream out = Files.newOutputStream(big)) {
            byte[] block = new byte[1 << 20];
            new Random(9).nextBytes(block);
            for (int i = 0; i < 75; i++) {
                out.write(block);
            }
        }
        @SuppressWarnings("unchecked")
        ListView<Path> attachments = robot.lookup("#attachments").queryAs(ListView.class);
        @SuppressWarnings("unchecked")
        ComboBox<SendRequest.Transfer> transfer = robot.lookup("#transfer").queryAs(ComboBox.class);
        robot.interact(() -> {
            attachments.getItems().add(big);
            transfer.setValue(SendRequest.Transfer.BDAT);
        });
        ProgressBar progress = robot.lookup("#progress").queryAs(ProgressBar.class);
        AtomicBoolean progressShown = new AtomicBoolean();
        progress.visibleProperty().addListener((o, a, b) -> progressShown.compareAndSet(false, b));
        long gap = runToEnd(robot, 240);
        StyleClassedTextArea area = robot.lookup("#transcript").queryAs(StyleClassedTextArea.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> area.getText().contains("C: QUIT"));
        String text = area.getText();
        System.out.printf("100 MiB BDAT through the window: longest FX pulse gap %d ms, transcript %d chars%n", gap,
                text.length());
        assertThat(text).contains("BDAT chunk 1 of").contains(" LAST").containsPattern("\\[\\.\\.\\. [0-9,]+ bytes");
        assertThat(text.length()).as("the payload is elided, not shown").isLessThan(200_000);
        assertThat(progressShown.get()).as("progress bar shown while sending").isTrue();
        // Loose: holding the 100 MiB message in this JVM (the lab keeps it) brings GC pauses that stop every thread;
        // that the message is composed off the FX thread is checked exactly by SessionViewModelTest.
        assertThat(gap).as("longest pulse gap while sending 100 MiB").isLessThan(1500);
    }
}
