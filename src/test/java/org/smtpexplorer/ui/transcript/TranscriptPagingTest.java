package org.smtpexplorer.ui.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.engine.SmtpReply;
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

    private TranscriptView emptyView(FxRobot robot, Transcript t) {
        AtomicReference<TranscriptView> v = new AtomicReference<>();
        robot.interact(() -> {
            TranscriptView created = new TranscriptView(t, false);
            created.stop();
            stage.setScene(new Scene(created, 900, 500));
            stage.show();
            v.set(created);
        });
        return v.get();
    }

    /** Waits out the flood frame interval, so that the next drain draws a frame. */
    private static void nextFrame() {
        try {
            Thread.sleep(TranscriptView.FLOOD_FRAME_NANOS / 1_000_000 + 10);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFloodFrameDrawsOnlyTheNewestEventThenThePageIsFilledInAndNothingIsLost(FxRobot robot) {
        Transcript t = new Transcript();
        TranscriptView view = emptyView(robot, t);
        for (int i = 0; i < 10; i++) {
            t.note("before the flood " + i);
        }
        robot.interact(view::drainNow);
        int perFrame = 20_500;
        int frames = 6;
        for (int frame = 0; frame < frames; frame++) {
            for (int i = 0; i < perFrame; i++) {
                t.note("flood " + frame + "-" + i);
            }
            String newest = "flood " + frame + "-" + (perFrame - 1);
            nextFrame();
            robot.interact(() -> {
                view.drainNow();
                // The lines from before the flood stay put; below them, under a rule, only the newest event.
                List<String> shown = shown(view);
                assertThat(shown).hasSize(11);
                assertThat(shown.get(9)).endsWith("before the flood 9");
                assertThat(shown.get(10)).endsWith(newest);
                assertThat(view.area().getParagraph(10).getParagraphStyle()).containsExactly(TranscriptView.SKIP_STYLE);
                assertThat(view.isPageWhole()).isFalse();
                assertThat(view.pageTextProperty().get()).endsWith("(following, skipping lines)");
            });
        }
        t.note("after the flood");
        int total = 10 + frames * perFrame + 1;
        nextFrame();
        robot.interact(() -> {
            view.drainNow();
            assertThat(view.eventCount()).isEqualTo(total);
            // The flood is over: the newest page comes back whole, the newest line stays last.
            for (int i = 0; i < 1_000 && !view.isPageWhole(); i++) {
                view.drainNow();
            }
            assertThat(view.isPageWhole()).isTrue();
            int pageStart = view.page() * TranscriptView.PAGE;
            assertThat(view.area().getParagraphs()).hasSize(total - pageStart);
            assertThat(view.area().getParagraph(0).getText()).endsWith(t.get(pageStart).text());
            assertThat(view.area().getParagraph(total - pageStart - 1).getText()).endsWith("after the flood");
            assertThat(view.area().getParagraphs().stream().filter(p -> !p.getParagraphStyle().isEmpty()))
                    .as("no skip marks are left once the page is whole").isEmpty();
            assertThat(view.pageTextProperty().get()).endsWith("(following)");
            // Nothing skipped is lost: search reaches the first event, on the first page.
            view.area().moveTo(view.area().getLength());
            assertThat(view.find("flood 0-0")).isTrue();
            assertThat(view.page()).isZero();
            assertThat(view.selectedEntryProperty().get().text()).isEqualTo("flood 0-0");
        });
    }

    @Test
    void whileSkippingTheTextAreaKeepsOnlyATailOfWholeEvents(FxRobot robot) {
        Transcript t = new Transcript();
        TranscriptView view = emptyView(robot, t);
        String[] lines = new String[150];
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 500; i++) {
                t.note("noise " + round + "-" + i);
            }
            // The newest event is drawn whole even when it has more lines than a fill draws in a pulse.
            for (int i = 0; i < lines.length; i++) {
                lines[i] = "round " + round + " line " + i;
            }
            t.server(SmtpReply.of(250, lines), "EHLO", 0, null);
            nextFrame();
            int r = round;
            robot.interact(() -> {
                view.drainNow();
                List<String> shown = shown(view);
                assertThat(shown.get(shown.size() - 1)).contains("round " + r + " line 149");
                assertThat(shown.get(shown.size() - 150)).contains("round " + r + " line 0");
                assertTail(shown);
            });
            // A burst between floods is appended whole; the next flood frame goes below it.
            for (int i = 0; i < 100; i++) {
                t.note("calm " + round + "-" + i);
            }
            nextFrame();
            robot.interact(() -> {
                view.drainNow();
                List<String> shown = shown(view);
                assertThat(shown.get(shown.size() - 1)).endsWith("calm " + r + "-99");
                assertThat(shown.get(shown.size() - 100)).endsWith("calm " + r + "-0");
                assertTail(shown);
            });
        }
        robot.interact(() -> {
            for (int i = 0; i < 1_000 && !view.isPageWhole(); i++) {
                view.drainNow();
            }
            assertThat(view.isPageWhole()).isTrue();
            assertThat(view.area().getText()).contains("noise 3-499").contains("round 3 line 149").endsWith("calm 3-99");
        });
    }

    private static List<String> shown(TranscriptView view) {
        return view.area().getParagraphs().stream().map(p -> p.getText()).toList();
    }

    /** At most a short tail, trimmed at an event's first line: a reply's first, a calm line, or the first noise. */
    private static void assertTail(List<String> shown) {
        assertThat(shown).hasSizeLessThanOrEqualTo(2 * TranscriptView.SCREEN_LINES);
        assertThat(shown.get(0)).containsAnyOf(" line 0", "calm ", "noise 0-0");
    }
}
