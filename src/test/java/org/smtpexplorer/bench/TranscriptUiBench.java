package org.smtpexplorer.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.ui.common.PulseMonitor;
import org.smtpexplorer.ui.transcript.TranscriptView;

/**
 * Feeds a TranscriptView N lines from a background thread, as fast as it can, headless (Monocle), after a
 * 200-line warm-up whose time is reported as first_draw_ms, and prints one JSON line: the longest FX pulse gap, the longest append in one pulse, the time until the last line is shown, the time of a
 * jump back to the first page afterwards (all events stay reachable). Usage: {@code TranscriptUiBench LINES [MAX_SECONDS]}; stops by
 * itself after MAX_SECONDS (default 300) and then reports how many lines were shown.
 */
public final class TranscriptUiBench {
    private static final int WARM_UP = 200;

    private TranscriptUiBench() {
    }

    /** Starts JavaFX headless (Monocle, software rendering) unless the command line chose otherwise; waits for it. */
    static void startHeadless() throws InterruptedException {
        System.setProperty("glass.platform", System.getProperty("glass.platform", "Monocle"));
        System.setProperty("monocle.platform", System.getProperty("monocle.platform", "Headless"));
        System.setProperty("prism.order", System.getProperty("prism.order", "sw"));
        System.setProperty("headless.geometry", System.getProperty("headless.geometry", "1600x1200-32"));
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
    }

    public static void main(String[] args) throws Exception {
        int lines = Integer.parseInt(args[0]);
        long maxSeconds = args.length > 1 ? Long.parseLong(args[1]) : 300;
        startHeadless();

        Transcript transcript = new Transcript();
        AtomicReference<TranscriptView> viewRef = new AtomicReference<>();
        PulseMonitor pulses = new PulseMonitor();
        CountDownLatch shown = new CountDownLatch(1);
        Platform.runLater(() -> {
            TranscriptView view = new TranscriptView(transcript, false);
            Stage stage = new Stage();
            stage.setScene(new Scene(view, 1200, 800));
            stage.show();
            viewRef.set(view);
            shown.countDown();
        });
        shown.await();
        // Warm-up, as in the window where a session's first lines come before any flood: the first draw loads and
        // compiles the text area's code (reported on its own), then the flood is measured.
        long w0 = System.nanoTime();
        for (int i = 0; i < WARM_UP; i++) {
            transcript.note("warm-up line " + i);
        }
        CountDownLatch warm = new CountDownLatch(1);
        AnimationTimer warming = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (viewRef.get().area().getText().contains("warm-up line " + (WARM_UP - 1))) {
                    stop();
                    warm.countDown();
                }
            }
        };
        Platform.runLater(warming::start);
        warm.await(60, TimeUnit.SECONDS);
        long firstDrawMillis = (System.nanoTime() - w0) / 1_000_000;
        CountDownLatch measuring = new CountDownLatch(1);
        Platform.runLater(() -> {
            pulses.start();
            measuring.countDown();
        });
        measuring.await();
        String last = "line " + (lines - 1) + " end";
        AtomicLong lastVisibleNanos = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        long t0 = System.nanoTime();
        AnimationTimer watch = new AnimationTimer() {
            @Override
            public void handle(long now) {
                var area = viewRef.get().area();
                int n = area.getParagraphs().size();
                if (n > 0 && area.getParagraph(n - 1).getText().contains(last)) {
                    lastVisibleNanos.set(System.nanoTime() - t0);
                    stop();
                    done.countDown();
                }
            }
        };
        Platform.runLater(watch::start);
        Thread feeder = new Thread(() -> {
            for (int i = 0; i < lines; i++) {
                transcript.note(i == lines - 1 ? last : "line " + i + " 250 2.1.5 recipient ok, some typical text");
            }
        });
        feeder.setDaemon(true);
        feeder.start();
        feeder.join();
        long fedMillis = (System.nanoTime() - t0) / 1_000_000;
        boolean complete = done.await(maxSeconds, TimeUnit.SECONDS);
        // Scrollable afterwards: jump to the top, and time until the next pulse has run.
        AtomicLong scrollNanos = new AtomicLong(-1);
        CountDownLatch scrolled = new CountDownLatch(1);
        Platform.runLater(() -> {
            long s0 = System.nanoTime();
            viewRef.get().showPage(0);
            var area = viewRef.get().area();
            area.showParagraphAtTop(0);
            area.moveTo(0);
            Platform.runLater(() -> {
                scrollNanos.set(System.nanoTime() - s0);
                scrolled.countDown();
            });
        });
        scrolled.await(30, TimeUnit.SECONDS);
        AtomicReference<String> result = new AtomicReference<>();
        CountDownLatch report = new CountDownLatch(1);
        Platform.runLater(() -> {
            pulses.stop();
            TranscriptView view = viewRef.get();
            view.stop();
            result.set("{\"lines\":" + lines + ",\"complete\":" + complete
                    + ",\"events\":" + view.eventCount()
                    + ",\"pages\":" + view.pageCount()
                    + ",\"first_draw_ms\":" + firstDrawMillis
                    + ",\"fed_ms\":" + fedMillis
                    + ",\"last_visible_ms\":" + (complete ? lastVisibleNanos.get() / 1_000_000 : -1)
                    + ",\"longest_pulse_gap_ms\":" + pulses.longestGapMillis()
                    + ",\"pulses\":" + pulses.pulses()
                    + ",\"longest_drain_ms\":" + view.longestDrainMillis()
                    + ",\"scroll_to_top_ms\":" + scrollNanos.get() / 1_000_000 + "}");
            report.countDown();
        });
        report.await(30, TimeUnit.SECONDS);
        System.out.println(result.get());
        Platform.exit();
        System.exit(0);
    }
}
