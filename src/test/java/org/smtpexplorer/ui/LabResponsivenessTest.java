package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javafx.animation.AnimationTimer;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.lab.LabListener;
import org.smtpexplorer.lab.LogLine;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.ui.common.PulseMonitor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window stays responsive while the lab is slow, while it trickles its replies a byte at a time, and while a
 * 100 MiB message goes out by BDAT (payload elided in the transcript, progress shown).
 *
 * <p>The slow and trickle runs do not measure the longest pause of the FX thread against a bound, which a busy
 * machine can exceed now and then whatever the window does. The lab instead holds every reply line until the FX
 * thread has run a pulse since the line was due: a window waiting for that reply would never run one, and the
 * reply would never come. The lab's delays are short, so the runs take seconds, not a minute.
 */
// Run in the JVM the window runs in, C1 only, as LadderResponsivenessTest (the pom's window-jvm execution; on its
// own: mvn surefire:test@window-jvm -Dtest=LabResponsivenessTest).
@Tag("windowjvm")
@ExtendWith(ApplicationExtension.class)
class LabResponsivenessTest {
    /** How long the lab holds a reply line for a pulse; far beyond any pause of a working FX thread. */
    private static final long HOLD_LIMIT_MS = 5000;
    @TempDir
    Path tmp;
    private App app;

    @Start
    void start(Stage stage) {
        app = TestApp.create(lab -> lab.slowDelay(Duration.ofMillis(100)).trickleDelay(Duration.ofMillis(1)));
        stage.setScene(app.createScene());
        stage.show();
    }

    /** Stops the lab, which keeps the messages it received, and the worker, so nothing outlives the test. */
    @Stop
    void stop() {
        app.stop();
    }

    /**
     * Holds each line the lab is about to send until the FX thread has run a pulse since. Runs on the lab's
     * session thread, which the lab calls before it pauses and writes.
     */
    private static final class PulseGate implements LabListener {
        private final AtomicLong pulses = new AtomicLong();
        private final AtomicInteger held = new AtomicInteger();
        private final List<String> timedOut = new CopyOnWriteArrayList<>();
        private final AnimationTimer counter = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses.incrementAndGet();
            }
        };

        @Override
        public void logged(LogLine line) {
            if (line.direction() != LogLine.Direction.SENT) {
                return;
            }
            long seen = pulses.get();
            long deadline = System.nanoTime() + HOLD_LIMIT_MS * 1_000_000;
            while (pulses.get() == seen) {
                if (System.nanoTime() > deadline) {
                    timedOut.add(line.text());
                    return;
                }
                LockSupport.parkNanos(1_000_000);
            }
            held.incrementAndGet();
        }
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

    /** Runs the session to its end against {@code s}, every reply held for a pulse; returns the longest pulse gap. */
    private long runToEndGated(FxRobot robot, Scenario s) throws Exception {
        scenario(robot, s);
        PulseGate gate = new PulseGate();
        app.lab().server().addListener(gate);
        robot.interact(gate.counter::start);
        long gap;
        try {
            gap = runToEnd(robot, 60);
        } finally {
            robot.interact(gate.counter::stop);
            app.lab().server().removeListener(gate);
        }
        assertThat(gate.timedOut).as("reply lines the FX thread did not pulse for within %d ms, %s", HOLD_LIMIT_MS,
                s).isEmpty();
        assertThat(gate.held.get()).as("reply lines held for a pulse, %s", s).isGreaterThan(10);
        return gap;
    }

    private void scenario(FxRobot robot, Scenario s) {
        @SuppressWarnings("unchecked")
        ComboBox<Scenario> box = robot.lookup("#lab-scenario").queryAs(ComboBox.class);
        robot.interact(() -> box.setValue(s));
    }

    @Test
    void slowAndTricklingServers(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        long slowGap = runToEndGated(robot, Scenario.SLOW);
        long trickleGap = runToEndGated(robot, Scenario.TRICKLE);
        System.out.printf("lab slow: longest FX pulse gap %d ms; trickle: %d ms%n", slowGap, trickleGap);
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
        TestApp.showCenterTab(robot, "Composer");
        @SuppressWarnings("unchecked")
        ListView<Path> attachments = robot.lookup("#attachments").queryAs(ListView.class);
        @SuppressWarnings("unchecked")
        ComboBox<SendRequest.Transfer> transfer = robot.lookup("#transfer").queryAs(ComboBox.class);
        robot.interact(() -> {
            attachments.getItems().add(big);
            transfer.setValue(SendRequest.Transfer.BDAT);
            // 1 MiB chunks, as a person sets them to watch CHUNKING: 100 arrows and their replies (a message goes
            // in one chunk by default).
            robot.lookup("#chunk-size").queryAs(TextField.class).setText("1048576");
        });
        ProgressBar progress = robot.lookup("#progress").queryAs(ProgressBar.class);
        AtomicBoolean progressShown = new AtomicBoolean();
        progress.visibleProperty().addListener((o, a, b) -> progressShown.compareAndSet(false, b));
        long gap = runToEnd(robot, 240);
        StyleClassedTextArea area = robot.lookup("#transcript").queryAs(StyleClassedTextArea.class);
        // The transcript was hidden behind the Composer: shown again, it draws its newest line first and the rest of
        // the page above it in the next pulses.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> area.getText().contains("C: QUIT") && area.getText().contains("BDAT chunk 1 of"));
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
