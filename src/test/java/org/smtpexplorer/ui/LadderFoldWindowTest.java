package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smtpexplorer.ui.LadderWindowTest.distance;
import static org.smtpexplorer.ui.LadderWindowTest.pixel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Point2D;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.transcript.Ladder.Kind;
import org.smtpexplorer.transcript.Ladder.Rung;
import org.smtpexplorer.transcript.LadderLayout;
import org.smtpexplorer.transcript.LadderLayout.Shape;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.ui.ladder.LadderView;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A SCRAM-SHA-256 session run to the end in the window at 1280x720: its AUTH shows as AUTH, the first 334, one folded
 * row and the 235; a click on the folded row makes the arrows of every step appear (drawn, in their colours), a
 * click on it again folds them; a transcript line inside the fold selects the fold; the exports show the fold.
 */
@ExtendWith(ApplicationExtension.class)
class LadderFoldWindowTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        TestApp.show(stage, 1280, 720);
    }

    private static List<Rung> rungs(LadderView view) {
        LadderLayout layout = view.viewModel().layout();
        List<Rung> rungs = new ArrayList<>();
        for (int i = 0; i < layout.size(); i++) {
            rungs.add(layout.rung(i));
        }
        return rungs;
    }

    /**
     * Scrolls row {@code row} into view (selecting it, even if it was) and returns its shape in canvas coordinates
     * ({@link LadderWindowTest#shown}, as are {@code pixel} and {@code distance}).
     */
    private static Shape shown(FxRobot robot, LadderView view, int row) {
        robot.interact(() -> view.viewModel().select(-1));
        return LadderWindowTest.shown(robot, view, row);
    }

    private static void click(FxRobot robot, LadderView view, double x, double y) {
        Point2D screen = view.canvas().localToScreen(x, y);
        robot.clickOn(screen.getX(), screen.getY());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(view::drainNow);
    }

    @Test
    void aClickOnTheFoldedSaslStepsShowsTheirArrowsAndAnotherFoldsThem(FxRobot robot, @TempDir Path tmp)
            throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<String> mech = robot.lookup("#auth-mechanism").queryAs(ComboBox.class);
            mech.setValue("SCRAM-SHA-256");
        });
        TestApp.showCenterTab(robot, "Ladder");
        robot.clickOn("#run-to-end");
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        LadderView view = robot.lookup("#ladder").queryAs(LadderView.class);
        robot.interact(view::drainNow);
        List<Rung> rungs = rungs(view);
        int auth = -1;
        for (int i = 0; i < rungs.size(); i++) {
            if (rungs.get(i).label().startsWith("AUTH SCRAM-SHA-256")) {
                auth = i;
            }
        }
        assertThat(auth).isPositive();
        int fold = auth + 2;
        assertThat(rungs.get(auth + 1).label()).startsWith("334 ");
        assertThat(rungs.get(fold).kind()).isEqualTo(Kind.FOLDED);
        assertThat(LadderLayout.label(rungs.get(fold))).isEqualTo("\u25b8 3 more SASL steps (2 responses,"
                + " 1 challenge), folded");
        assertThat(rungs.get(fold + 1).label()).startsWith("235 ");
        int size = rungs.size();

        // The fold is drawn as a dashed box in the note colour; a click inside it opens it.
        Shape band = shown(robot, view, fold);
        robot.interact(() -> view.viewModel().select(-1));
        click(robot, view, band.x1() + 40, (band.y1() + band.y2()) / 2);
        AtomicReference<Double> top = new AtomicReference<>();
        robot.interact(() -> top.set(view.viewModel().layout().shape(fold, view.columns()).y1() + view.canvasY(0)));
        assertThat(top.get()).as("the clicked row stays under the pointer").isEqualTo(band.y1());
        rungs = rungs(view);
        assertThat(rungs).hasSize(size + 3);
        assertThat(rungs.get(fold).kind()).isEqualTo(Kind.UNFOLDED);
        assertThat(rungs.subList(fold + 1, fold + 5)).extracting(r -> r.kind() + " " + r.label()).containsExactly(
                "COMMAND <redacted>", "REPLY " + rungs.get(fold + 2).label(), "COMMAND <redacted>",
                "REPLY " + rungs.get(fold + 4).label());
        assertThat(rungs.get(fold + 2).label()).startsWith("334 ");
        assertThat(rungs.get(fold + 4).label()).startsWith("235 ");
        assertThat(view.viewModel().selectedRowProperty().get()).as("the clicked row").isEqualTo(fold);
        assertThat(robot.lookup("#ladder-bytes").queryAs(TextArea.class).getText()).as("the whole exchange's bytes")
                .startsWith("C: AUTH SCRAM-SHA-256 <redacted>\\r\\n\nS: 334 ").contains("C: <redacted>\\r\\n")
                .endsWith("S: 235 2.7.0 Authentication successful\\r\\n");

        // The new arrows are drawn: the client-final's arrowhead in the client's blue, the server-final's amber.
        Shape response = shown(robot, view, fold + 1);
        double len = Math.hypot(response.x2() - response.x1(), response.y2() - response.y1());
        assertThat(distance(pixel(robot, view, response.x2() - (response.x2() - response.x1()) / len * 6,
                response.y2()), Color.web("#1f5fbf"))).as("client-final arrowhead").isLessThan(0.08);
        Shape challenge = shown(robot, view, fold + 2);
        assertThat(distance(pixel(robot, view, challenge.x2() + 6, challenge.y2()), Color.web("#8a6d00")))
                .as("server-final arrowhead").isLessThan(0.08);

        // Enter on the head (selected) folds them again, Enter again opens: the keyboard way.
        robot.interact(() -> view.viewModel().select(fold));
        assertThat(view.canvas().isFocused()).as("a click on the ladder gives it the keys").isTrue();
        robot.push(KeyCode.ENTER);
        robot.interact(view::drainNow);
        assertThat(rungs(view)).hasSize(size);
        robot.push(KeyCode.ENTER);
        robot.interact(view::drainNow);
        assertThat(rungs(view)).hasSize(size + 3);

        // A click on the head folds it back.
        band = shown(robot, view, fold);
        click(robot, view, band.x2() - 40, (band.y1() + band.y2()) / 2);
        assertThat(rungs(view)).hasSize(size);
        assertThat(view.viewModel().layout().rung(fold).kind()).isEqualTo(Kind.FOLDED);

        // A transcript line inside the fold (the server-final 334) selects the folded row, which stays folded.
        MainView main = (MainView) stage.getScene().getRoot();
        StyleClassedTextArea area = main.transcriptView().area();
        robot.interact(() -> robot.lookup("#center-tabs").queryAs(TabPane.class).getSelectionModel().select(0));
        robot.interact(() -> {
            int challenges = 0;
            for (int i = 0; i < area.getParagraphs().size(); i++) {
                if (area.getParagraph(i).getText().contains("S: 334 ") && ++challenges == 2) {
                    area.moveTo(i, 0);
                    break;
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        TranscriptEntry line = main.transcriptView().selectedEntryProperty().get();
        assertThat(line).isInstanceOf(TranscriptEntry.Reply.class);
        assertThat(((TranscriptEntry.Reply) line).code()).isEqualTo(334);
        assertThat(view.viewModel().selectedRowProperty().get()).isEqualTo(fold);
        assertThat(view.selectedEntryProperty().get()).isSameAs(line);
        assertThat(view.viewModel().layout().rung(fold).kind()).isEqualTo(Kind.FOLDED);

        // The exports show the fold as on screen.
        Path svg = tmp.resolve("session.svg");
        Path mmd = tmp.resolve("session.mmd");
        robot.interact(() -> {
            try {
                main.saveLadder(svg, null);
                main.saveLadder(mmd, null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(Files.readString(mmd, StandardCharsets.UTF_8)).contains("Note over C,S: \u25b8 3 more SASL steps");
        assertThat(Files.readString(svg, StandardCharsets.UTF_8)).contains("class=\"rung folded ink-note")
                .doesNotContain("wonderland");
    }
}
