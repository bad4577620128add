package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.ui.common.PulseMonitor;
import org.smtpexplorer.ui.transcript.TranscriptView;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Network waits and transcript floods never block the FX thread: the longest gap between pulses stays small. */
@ExtendWith(ApplicationExtension.class)
class ResponsivenessTest {
    private static final long MAX_GAP_MS = 500;

    /** The lab starts with the window and then points the form at itself; wait so it cannot overwrite a test's values. */
    static void awaitLab(FxRobot robot) throws Exception {
        Label lab = robot.lookup(".lab-status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> lab.getText().startsWith("Lab server on"));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Start
    void start(Stage stage) {
        TestApp.show(stage);
    }

    @Test
    void aSlowServerDoesNotFreezeTheWindow(FxRobot robot) throws Exception {
        List<String> script = List.of("!sleep 1200", "S: 220 slow ESMTP", "C: EHLO explorer.local", "!sleep 1200",
                "S: 250 slow", "C: QUIT", "S: 221 bye");
        try (ScriptedServer server = new ScriptedServer(script, ScriptedServer.Mode.BYTE, null)) {
            awaitLab(robot);
            robot.interact(() -> {
                robot.lookup("#port").queryAs(TextField.class).setText(Integer.toString(server.port()));
                @SuppressWarnings("unchecked")
                ComboBox<SecurityMode> security = robot.lookup("#security").queryAs(ComboBox.class);
                security.setValue(SecurityMode.NONE);
            });
            PulseMonitor monitor = new PulseMonitor();
            robot.interact(monitor::start);
            Label status = robot.lookup("#status").queryAs(Label.class);
            robot.clickOn("#step-connect");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().startsWith("Connect: 220"));
            robot.clickOn("#step-ehlo");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().startsWith("EHLO: 250"));
            robot.clickOn("#step-quit");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().startsWith("QUIT: 221"));
            robot.interact(monitor::stop);
            assertThat(server.await()).isEmpty();
            assertThat(monitor.pulses()).as("pulses while waiting 2.4 s for the server").isGreaterThan(20);
            assertThat(monitor.longestGapMillis()).as("longest FX pulse gap").isLessThan(MAX_GAP_MS);
        }
    }

    @Test
    void aFloodOfTranscriptLinesIsBatched(FxRobot robot) throws Exception {
        Transcript transcript = new Transcript();
        TranscriptView[] view = new TranscriptView[1];
        robot.interact(() -> {
            view[0] = new TranscriptView(transcript, false);
            robot.window(0).getScene().setRoot(view[0]);
        });
        // Let the new view's first CSS and layout pass happen before measuring.
        WaitForAsyncUtils.waitForFxEvents(5);
        Thread.sleep(300);
        PulseMonitor monitor = new PulseMonitor();
        robot.interact(monitor::start);
        int lines = 50_000;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < lines; i++) {
                transcript.note("line " + i);
            }
        });
        long started = System.nanoTime();
        producer.start();
        producer.join();
        StyleClassedTextArea area = view[0].area();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view[0].eventCount() >= lines
                && area.getParagraph(area.getParagraphs().size() - 1).getText().endsWith("line " + (lines - 1)));
        long millis = (System.nanoTime() - started) / 1_000_000;
        robot.interact(monitor::stop);
        assertThat(view[0].page()).isEqualTo(view[0].pageCount() - 1);
        System.out.printf("transcript flood: %d lines visible after %d ms, longest pulse gap %d ms, longest"
                + " append %d ms%n", lines, millis, monitor.longestGapMillis(), view[0].longestDrainMillis());
        // The transcript's own work per pulse is what it controls; the whole gap also holds rendering, which
        // depends on how busy the machine is, so it only gets a loose bound that still catches a frozen window.
        assertThat(view[0].longestDrainMillis()).as("longest append in one pulse").isLessThan(250);
        assertThat(monitor.longestGapMillis()).as("longest FX pulse gap while %d lines arrived in %d ms", lines,
                millis).isLessThan(1500);
    }
}
