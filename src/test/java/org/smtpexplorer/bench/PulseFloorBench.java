package org.smtpexplorer.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.ui.common.PulseMonitor;

/**
 * The floor under {@link TranscriptUiBench}: the same feed (N notes from a background thread, as fast as it can) into a
 * {@link Transcript} while a trivial scene, one label showing the count, runs headless (Monocle) in the same window
 * size. Its longest FX pulse gap is what the feeding thread, the collector and the machine's load cost without any
 * transcript view; prints one JSON line. Usage: {@code PulseFloorBench LINES}.
 */
public final class PulseFloorBench {
    private PulseFloorBench() {
    }

    public static void main(String[] args) throws Exception {
        int lines = Integer.parseInt(args[0]);
        TranscriptUiBench.startHeadless();

        Transcript transcript = new Transcript();
        PulseMonitor pulses = new PulseMonitor();
        Label count = new Label("0");
        AnimationTimer show = new AnimationTimer() {
            @Override
            public void handle(long now) {
                count.setText(Integer.toString(transcript.size()));
            }
        };
        CountDownLatch shown = new CountDownLatch(1);
        Platform.runLater(() -> {
            Stage stage = new Stage();
            stage.setScene(new Scene(count, 1200, 800));
            stage.show();
            show.start();
            pulses.start();
            shown.countDown();
        });
        shown.await();
        long t0 = System.nanoTime();
        Thread feeder = new Thread(() -> {
            for (int i = 0; i < lines; i++) {
                transcript.note("line " + i + " 250 2.1.5 recipient ok, some typical text");
            }
        });
        feeder.setDaemon(true);
        feeder.start();
        feeder.join();
        long fedMillis = (System.nanoTime() - t0) / 1_000_000;
        // As long again after the feed as TranscriptUiBench typically waits for its last line.
        Thread.sleep(Math.max(100, fedMillis / 4));
        AtomicReference<String> result = new AtomicReference<>();
        CountDownLatch report = new CountDownLatch(1);
        Platform.runLater(() -> {
            pulses.stop();
            show.stop();
            result.set("{\"lines\":" + lines + ",\"fed_ms\":" + fedMillis
                    + ",\"longest_pulse_gap_ms\":" + pulses.longestGapMillis()
                    + ",\"pulses\":" + pulses.pulses() + "}");
            report.countDown();
        });
        report.await(30, TimeUnit.SECONDS);
        System.out.println(result.get());
        Platform.exit();
        System.exit(0);
    }
}
