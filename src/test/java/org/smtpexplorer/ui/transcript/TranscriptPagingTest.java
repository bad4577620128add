package org.smtpexplorer.ui.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A long transcript is shown a page at a time, and nothing is out of reach: the newest page while following, any
 * page on request, search across all pages, and selection of an event by its number (the ladder's link).
 */
@ExtendWith(ApplicationExtension.class)
class TranscriptPagingTest {
    private static final int EVENTS = TranscriptView.PAGE * 2 + 500;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private TranscriptView view(FxRobot robot, Transcript t) {
        AtomicReference<TranscriptView> v = new AtomicReference<>();
        robot.interact(() -> {
            TranscriptView view = new TranscriptView(t, false);
            view.stop();
            stage.setScene(new Scene(view, 900, 500));
            stage.show();
            // A transcript already long when the view opens arrives like a flood: the newest lines first, then the
            // rest of the newest page above them, a few pulses later.
            view.drainNow();
            assertThat(view.area().getText()).contains("event " + (EVENTS - 1));
            for (int i = 0; i < 1_000 && !view.isPageWhole(); i++) {
                view.drainNow();
            }
            assertThat(view.isPageWhole()).isTrue();
            v.set(view);
        });
        return v.get();
    }

    private static Transcript longTranscript() {
        Transcript t = new Transcript();
        for (int i = 0; i < EVENTS; i++) {
            t.note("event " + i + (i == 17 ? " needle-early" : "") + (i == EVENTS - 3 ? " needle-late" : ""));
        }
        return t;
    }

    @Test
    void aLongTranscriptFollowsItsNewestPageAndEveryPageCanBeShown(FxRobot robot) {
        TranscriptView view = view(robot, longTranscript());
        robot.interact(() -> {
            assertThat(view.eventCount()).isEqualTo(EVENTS);
            assertThat(view.pageCount()).isEqualTo(3);
            assertThat(view.page()).isEqualTo(2);
            assertThat(view.isFollowing()).isTrue();
            assertThat(view.area().getParagraphs()).hasSize(500);
            assertThat(view.area().getParagraph(0).getText()).endsWith("event " + TranscriptView.PAGE * 2);
            assertThat(view.pageTextProperty().get()).isEqualTo(String.format("Events %,d to %,d of %,d (following)",
                    TranscriptView.PAGE * 2 + 1, EVENTS, EVENTS));
            assertThat(view.lookup("#transcript-pager")).isNotNull();

            view.showPage(0);
            for (int i = 0; i < 100 && !view.isPageWhole(); i++) {
                view.drainNow();
            }
            assertThat(view.isFollowing()).isFalse();
            assertThat(view.area().getParagraphs()).hasSize(TranscriptView.PAGE);
            assertThat(view.area().getCaretPosition()).as("a reader paging back keeps their place").isZero();
            assertThat(view.area().getParagraph(0).getText()).endsWith("event 0");
            assertThat(view.pageTextProperty().get()).startsWith("Events 1 to 2,000 of").doesNotContain("following");
        });
        // New events while paged back do not move the view; "Latest" returns to them.
        robot.interact(() -> {
            view.drainNow();
            view.followEnd();
            for (int i = 0; i < 100; i++) {
                view.drainNow();
            }
            assertThat(view.page()).isEqualTo(2);
            assertThat(view.isFollowing()).isTrue();
        });
    }

    @Test
    void searchFindsEveryMatchAcrossPagesInTurnAndWrapsAround(FxRobot robot) {
        TranscriptView view = view(robot, longTranscript());
        robot.interact(() -> {
            view.showPage(0);
            view.area().moveTo(0);
            assertThat(view.find("NEEDLE")).isTrue();
            assertThat(view.page()).isZero();
            assertThat(view.area().getSelectedText()).isEqualTo("needle");
            assertThat(view.selectedEntryProperty().get().text()).isEqualTo("event 17 needle-early");

            assertThat(view.find("needle")).isTrue();
            assertThat(view.page()).isEqualTo(2);
            assertThat(view.selectedEntryProperty().get().text()).isEqualTo("event " + (EVENTS - 3) + " needle-late");

            assertThat(view.find("needle")).as("wraps round to the first").isTrue();
            assertThat(view.page()).isZero();
            assertThat(view.selectedEntryProperty().get().text()).contains("needle-early");

            assertThat(view.find("no such text")).isFalse();
            assertThat(view.find("")).isFalse();
        });
    }

    @Test
    void anEventIsSelectedByItsNumberOnWhicheverPageItIs(FxRobot robot) {
        Transcript t = longTranscript();
        TranscriptView view = view(robot, t);
        robot.interact(() -> {
            TranscriptEntry target = t.entries().get(TranscriptView.PAGE + 5);
            assertThat(view.select(target.seq())).isTrue();
            assertThat(view.page()).isEqualTo(1);
            assertThat(view.selectedEntryProperty().get()).isEqualTo(target);
            assertThat(view.select(EVENTS + 10L)).isFalse();
            assertThat(view.select(-1)).isFalse();
        });
    }

    @Test
    void aFloodKeepsTheTextAreaShortAndTheNewestLineInViewThenFillsThePageIn(FxRobot robot) {
        Transcript t = new Transcript();
        AtomicReference<TranscriptView> v = new AtomicReference<>();
        robot.interact(() -> {
            TranscriptView created = new TranscriptView(t, false);
            created.stop();
            stage.setScene(new Scene(created, 900, 500));
            stage.show();
            v.set(created);
        });
        TranscriptView view = v.get();
        int perPulse = 5_000;
        for (int pulse = 0; pulse < 40; pulse++) {
            for (int i = 0; i < perPulse; i++) {
                t.note("flood " + pulse + "-" + i);
            }
            robot.interact(() -> {
                view.drainNow();
                assertThat(view.area().getParagraphs().size()).as("the text area stays a short tail while skipping")
                        .isLessThanOrEqualTo(2 * TranscriptView.SCREEN_LINES);
            });
        }
        int total = 40 * perPulse;
        robot.interact(() -> {
            // Frames are at most every 100 ms while skipping: the first pulse after the flood draws its newest line.
            try {
                Thread.sleep(TranscriptView.FLOOD_FRAME_NANOS / 1_000_000 + 50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            view.drainNow();
            int last = view.area().getParagraphs().size() - 1;
            assertThat(view.area().getParagraph(last).getText()).endsWith("flood 39-" + (perPulse - 1));
            assertThat(view.eventCount()).isEqualTo(total);
            assertThat(view.pageTextProperty().get()).contains("skipping");
            for (int i = 0; i < 1_000 && !view.isPageWhole(); i++) {
                view.drainNow();
            }
            assertThat(view.isPageWhole()).isTrue();
            int pageStart = view.page() * TranscriptView.PAGE;
            assertThat(view.area().getParagraphs()).hasSize(total - pageStart);
            assertThat(view.area().getParagraph(0).getText()).endsWith("flood 39-" + (pageStart - 39 * perPulse));
            assertThat(view.pageTextProperty().get()).endsWith("(following)");
            // Every event stays reachable: the first, by search, on the first page.
            view.area().moveTo(view.area().getLength());
            assertThat(view.find("flood 0-0")).isTrue();
            assertThat(view.page()).isZero();
            assertThat(view.selectedEntryProperty().get().text()).isEqualTo("flood 0-0");
        });
    }
}
