package org.smtpexplorer.ui.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javafx.scene.Scene;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.transcript.Transcript;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The ladder view's scrolling: it follows new rows at the end, stays where the user scrolled, shows a selection. */
@ExtendWith(ApplicationExtension.class)
class LadderViewTest {
    private final Transcript transcript = new Transcript();
    private LadderView view;
    private StackPane root;

    @Start
    void start(Stage stage) {
        view = new LadderView(transcript, e -> "");
        root = new StackPane(view);
        Scene scene = new Scene(root, 700, 500);
        scene.getStylesheets().add(LadderView.class.getResource("/org/smtpexplorer/ui/app.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    private void exchanges(int from, int n) {
        for (int i = from; i < from + n; i++) {
            transcript.client(SmtpCommand.noop(), i + 1);
            transcript.server(new ReplyParser().feed("250 2.0.0 Ok\r\n".getBytes(StandardCharsets.US_ASCII)).get(0),
                    "NOOP", i + 1, 500L);
        }
    }

    private void settle(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents(4);
        robot.interact(view::drainNow);
    }

    @Test
    void followsNewRowsAtTheEndEvenWhenItsHeightChanges(FxRobot robot) {
        ScrollBar bar = view.scrollBar();
        exchanges(0, 40);
        settle(robot);
        assertThat(bar.getMax()).isPositive();
        assertThat(bar.getValue()).isEqualTo(bar.getMax());
        // A few pixels less room (a neighbour grew) must not make the view forget that it follows.
        robot.interact(() -> view.setMaxHeight(root.getHeight() - 4));
        settle(robot);
        exchanges(40, 5);
        settle(robot);
        WaitForAsyncUtils.waitForFxEvents(4);
        assertThat(bar.getValue()).isEqualTo(bar.getMax());
        assertThat(view.viewModel().layout().size()).isEqualTo(90);
    }

    @Test
    void staysWhereTheUserScrolledAndScrollsToASelection(FxRobot robot) {
        ScrollBar bar = view.scrollBar();
        exchanges(0, 40);
        settle(robot);
        robot.interact(() -> bar.setValue(10));
        exchanges(40, 10);
        settle(robot);
        assertThat(bar.getValue()).isEqualTo(10);
        double rowTop = view.viewModel().layout().rowTop(60);
        robot.interact(() -> view.select(view.viewModel().layout().rung(60).seq()));
        settle(robot);
        assertThat(view.viewModel().selectedRowProperty().get()).isEqualTo(60);
        assertThat(rowTop).isBetween(bar.getValue(), bar.getValue() + view.canvas().getHeight());
        robot.clickOn(view.canvas());
        robot.interact(() -> view.viewModel().select(60));
        robot.type(KeyCode.DOWN, 2);
        assertThat(view.viewModel().selectedRowProperty().get()).isEqualTo(62);
        robot.type(KeyCode.END);
        settle(robot);
        assertThat(view.viewModel().selectedRowProperty().get()).isEqualTo(99);
        assertThat(bar.getValue()).as("at the end again, so it follows").isEqualTo(bar.getMax());
        exchanges(50, 1);
        settle(robot);
        WaitForAsyncUtils.waitForFxEvents(4);
        assertThat(bar.getValue()).isEqualTo(bar.getMax());
    }

    @Test
    void aLargerFontInTheStyleLaysTheLadderOutLarger(FxRobot robot) {
        exchanges(0, 3);
        settle(robot);
        double before = view.viewModel().layout().rowHeight();
        // What the window's zoom does (Zoom.bindFontSize): a font size inline; the ladder's is 1em of it.
        robot.interact(() -> view.setStyle("-fx-font-size: 26px;"));
        settle(robot);
        assertThat(view.viewModel().layout().fontSize()).isEqualTo(26);
        assertThat(view.viewModel().layout().rowHeight()).isEqualTo(Math.round(26 * 2.2)).isGreaterThan(before);
        assertThat(view.viewModel().layout().size()).isEqualTo(6);
    }
}
