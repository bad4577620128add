package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.ui.common.PulseMonitor;
import org.smtpexplorer.ui.ladder.LadderView;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * With the ladder open, 10,000 rungs arrive as fast as a thread can append them and the ladder is then scrolled up
 * and down. The target is a longest gap between FX pulses under 100 ms: the ladder draws only the rows in view and
 * takes entries in once per pulse within a budget. What the ladder does in a pulse is held to that bound (with room
 * to spare: 80 ms); the whole gap also holds the (software) rendering and, in the full test run on a shared 2-core
 * machine, whatever else competes for the cores: measured 32 to 71 ms for the ladder alone and 36 to 64 ms in the
 * window when run on their own, with outliers of 150 to 200 ms in full runs (where as few as 67 pulses came in two
 * seconds, against the 120 the frame rate gives). So the whole gap gets a loose bound that still catches a frozen
 * window, and the figures are printed.
 */
// Run in the JVM the window runs in, C1 only (the pom's window-jvm execution): under C2, its compiler threads took
// a core from the FX thread, and the longest gap of a 100 MiB send was 59 to 177 ms instead of 31 to 96. On its own:
// mvn surefire:test@window-jvm -Dtest=LadderResponsivenessTest
@Tag("windowjvm")
@ExtendWith(ApplicationExtension.class)
class LadderResponsivenessTest {
    /** The ladder's own work in one pulse (taking entries in, or drawing the rows in view), at most. */
    private static final long MAX_LADDER_WORK_MS = 80;
    /** A frozen window, whatever the machine is doing meanwhile. */
    private static final long LOOSE_GAP_MS = 1000;
    private static final int RUNGS = 10_000;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setWidth(1280);
        stage.setHeight(720);
    }

    private static final SmtpReply OK = parse("250 2.1.5 Recipient <bob@lab.example> OK");
    private static final SmtpReply REFUSED = parse("550 5.1.1 <nobody@lab.example>: User unknown");
    private static final SmtpReply QUEUED = parse("250 2.0.0 Message accepted");

    private static SmtpReply parse(String line) {
        return new ReplyParser().feed((line + "\r\n").getBytes(StandardCharsets.US_ASCII)).get(0);
    }

    /**
     * Appends {@code n} rungs: transactions of MAIL, three RCPT and BDAT with its chunk in one flight and their five
     * replies (one a refusal), now and then a TLS handshake.
     */
    private static void feed(Transcript t, int n) {
        int flight = 1;
        int added = 0;
        while (added < n) {
            if (flight % 50 == 1) {
                t.append((seq, time) -> new TranscriptEntry.TlsUp(seq, time, "TLS established", "TLSv1.3",
                        "TLS_AES_256_GCM_SHA384", true, "trusted", false, null, null, null, 1));
                added++;
            }
            t.client(SmtpCommand.mail("alice@lab.example"), flight);
            t.client(SmtpCommand.rcpt("bob@lab.example"), flight);
            t.client(SmtpCommand.rcpt("nobody@lab.example"), flight);
            t.client(SmtpCommand.rcpt("carol@lab.example"), flight);
            t.client(SmtpCommand.bdat(4096, true), flight);
            t.payload("BDAT chunk 1 of 1: 4096 bytes", new byte[0], 4096, "BDAT");
            t.server(OK, "MAIL", flight, 900L);
            t.server(OK, "RCPT", flight, 900L);
            t.server(REFUSED, "RCPT", flight, 900L);
            t.server(OK, "RCPT", flight, 900L);
            t.server(QUEUED, "BDAT", flight, 1200L);
            added += 11;
            flight++;
        }
    }

    /** Time every collector of this JVM has spent, in milliseconds (pauses included, concurrent work too). */
    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** What one run measured. */
    private record Figures(String text, long longestGapMillis, long pulses) {
    }

    /** Feeds the ladder from a thread, waits for every rung, then scrolls for two seconds. */
    private static Figures floodAndScroll(FxRobot robot, LadderView view, Transcript transcript) throws Exception {
        // Warm up drawing and layout before measuring, as a window that has been open a moment has.
        feed(transcript, 200);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.viewModel().layout().size() >= 200);
        Thread.sleep(300);
        int before = view.viewModel().layout().size();
        PulseMonitor monitor = new PulseMonitor();
        long gcBefore = gcMillis();
        robot.interact(monitor::start);
        long started = System.nanoTime();
        Thread producer = new Thread(() -> feed(transcript, RUNGS));
        producer.start();
        producer.join();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.viewModel().layout().size() >= before + RUNGS);
        long takenIn = (System.nanoTime() - started) / 1_000_000;
        ScrollBar bar = view.scrollBar();
        Random random = new Random(15);
        long scrollStarted = System.nanoTime();
        int steps = 0;
        while (System.nanoTime() - scrollStarted < 2_000_000_000L) {
            int step = steps++;
            // As a mouse wheel does: one scroll event per frame, without waiting for the FX thread.
            javafx.application.Platform.runLater(() -> {
                if (step % 10 == 0) {
                    bar.setValue(random.nextDouble() * bar.getMax());
                } else {
                    bar.setValue(Math.min(bar.getMax(), bar.getValue() + 37));
                }
                if (step % 25 == 0) {
                    view.viewModel().select(random.nextInt(view.viewModel().layout().size()));
                }
            });
            Thread.sleep(16);
        }
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(monitor::stop);
        assertThat(view.viewModel().layout().size()).isGreaterThanOrEqualTo(before + RUNGS);
        return new Figures(String.format("%,d rungs taken in after %d ms, %d scroll steps; longest pulse gap %d ms"
                + " over %d pulses, longest ladder pull %d ms, longest paint %d ms, GC %d ms meanwhile",
                view.viewModel().layout().size(), takenIn, steps, monitor.longestGapMillis(), monitor.pulses(),
                view.longestPullMillis(), view.longestPaintMillis(), gcMillis() - gcBefore),
                monitor.longestGapMillis(), monitor.pulses());
    }

    @Test
    void tenThousandRungsAndScrollingInTheLadderAlone(FxRobot robot) throws Exception {
        Transcript transcript = new Transcript();
        LadderView[] view = new LadderView[1];
        robot.interact(() -> {
            view[0] = new LadderView(transcript, e -> "");
            stage.setScene(new javafx.scene.Scene(view[0], 900, 680));
            stage.getScene().getStylesheets().add(App.class.getResource("app.css").toExternalForm());
            stage.show();
        });
        Figures f = floodAndScroll(robot, view[0], transcript);
        System.out.println("ladder alone: " + f.text());
        robot.interact(view[0]::stop);
        assertThat(f.pulses()).as(f.text()).isGreaterThan(60);
        assertThat(view[0].longestPullMillis()).as(f.text()).isLessThan(MAX_LADDER_WORK_MS);
        assertThat(view[0].longestPaintMillis()).as(f.text()).isLessThan(MAX_LADDER_WORK_MS);
        assertThat(f.longestGapMillis()).as("longest FX pulse gap, %s", f.text()).isLessThan(LOOSE_GAP_MS);
    }

    @Test
    void tenThousandRungsAndScrollingInTheWindow(FxRobot robot) throws Exception {
        App app = TestApp.create();
        robot.interact(() -> {
            stage.setScene(app.createScene());
            stage.show();
        });
        ExplorerWindowScriptedTest.awaitLab(robot);
        MainView main = (MainView) stage.getScene().getRoot();
        TestApp.showCenterTab(robot, "Ladder");
        assertThat(List.of(robot.lookup("#center-tabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem()
                .getText())).containsExactly("Ladder");
        Figures f = floodAndScroll(robot, main.ladderView(), main.transcript());
        String text = f.text() + String.format(", longest transcript append %d ms",
                main.transcriptView().longestDrainMillis());
        System.out.println("ladder in the window (the text transcript fed too): " + text);
        robot.interact(() -> {
            main.ladderView().stop();
            main.transcriptView().stop();
            main.rawView().stop();
        });
        app.stop();
        assertThat(main.ladderView().longestPullMillis()).as(text).isLessThan(MAX_LADDER_WORK_MS);
        assertThat(main.ladderView().longestPaintMillis()).as(text).isLessThan(MAX_LADDER_WORK_MS);
        assertThat(main.transcriptView().longestDrainMillis()).as("the transcript, behind the ladder, draws nothing: %s",
                text).isZero();
        assertThat(f.longestGapMillis()).as("longest FX pulse gap, %s", text).isLessThan(LOOSE_GAP_MS);
    }

    /**
     * The issue's own measure, with the ladder in front: a 100 MiB message by BDAT (1 MiB chunks, pipelined), and
     * the lab's slow and trickle scenarios. Printed for the README; bounded loosely, as LabResponsivenessTest bounds
     * the same sends with the transcript in front (the lab keeps the 100 MiB message in this JVM: GC pauses).
     */
    @Test
    void aHundredMebibyteBdatSendAndSlowAndTricklingServersWithTheLadderInFront(FxRobot robot, @TempDir Path tmp)
            throws Exception {
        App app = TestApp.create(lab -> lab.slowDelay(Duration.ofMillis(100)).trickleDelay(Duration.ofMillis(1)));
        robot.interact(() -> {
            stage.setScene(app.createScene());
            stage.show();
        });
        try {
            ExplorerWindowScriptedTest.awaitLab(robot);
            TabPane tabs = robot.lookup("#center-tabs").queryAs(TabPane.class);
            Path big = tmp.resolve("big.bin");
            try (OutputStream out = Files.newOutputStream(big)) {
                byte[] block = new byte[1 << 20];
                new Random(9).nextBytes(block);
                for (int i = 0; i < 100; i++) {
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
            TestApp.showCenterTab(robot, "Ladder");
            long bdat = runToEnd(robot, 240);
            MainView main = (MainView) stage.getScene().getRoot();
            LadderView view = main.ladderView();
            robot.interact(view::drainNow);
            long chunks = 0;
            for (int i = 0; i < view.viewModel().layout().size(); i++) {
                chunks += view.viewModel().layout().rung(i).kind() == org.smtpexplorer.transcript.Ladder.Kind.PAYLOAD
                        ? 1 : 0;
            }
            assertThat(chunks).as("BDAT chunks drawn").isGreaterThanOrEqualTo(100);
            robot.interact(() -> attachments.getItems().clear());
            long slow = runToEnd(robot, Scenario.SLOW, 60);
            long trickle = runToEnd(robot, Scenario.TRICKLE, 60);
            System.out.printf("with the ladder in front: 100 MiB by BDAT (%d chunks) longest FX pulse gap %d ms,"
                    + " lab slow %d ms, trickle %d ms, longest ladder pull %d ms (JIT: %s)%n", chunks, bdat, slow,
                    trickle, view.longestPullMillis(), java.lang.management.ManagementFactory.getRuntimeMXBean()
                            .getInputArguments().contains("-XX:TieredStopAtLevel=1") ? "C1 only" : "tiered");
            assertThat(List.of(tabs.getSelectionModel().getSelectedItem().getText())).containsExactly("Ladder");
            assertThat(bdat).as("longest pulse gap while sending 100 MiB").isLessThan(1500);
            assertThat(Math.max(slow, trickle)).as("longest pulse gap, slow and trickle").isLessThan(1500);
        } finally {
            app.stop();
        }
    }

    private static long runToEnd(FxRobot robot, Scenario scenario, int seconds) throws Exception {
        @SuppressWarnings("unchecked")
        ComboBox<Scenario> box = robot.lookup("#lab-scenario").queryAs(ComboBox.class);
        robot.interact(() -> box.setValue(scenario));
        ExplorerWindowScriptedTest.awaitLab(robot);
        return runToEnd(robot, seconds);
    }

    private static long runToEnd(FxRobot robot, int seconds) throws Exception {
        PulseMonitor monitor = new PulseMonitor();
        robot.interact(monitor::start);
        robot.clickOn("#run-to-end");
        // Off the window (the test screen is larger): a pointer left on the button opens its tooltip a second later,
        // and the first tooltip of a JVM takes a 150 ms layout of its own popup (measured with
        // -Djavafx.pulseLogger), which is not the session's doing.
        javafx.stage.Window w = robot.window(0);
        robot.moveTo(new javafx.geometry.Point2D(w.getX() + w.getWidth() + 40, w.getY() + 40));
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        robot.interact(monitor::stop);
        assertThat(status.getText()).startsWith("Run to end: sent: 250 ");
        return monitor.longestGapMillis();
    }
}
