package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.ui.tour.Tour;
import org.smtpexplorer.ui.tour.TourStep;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The guided tour runs end to end against the lab: every step, clicked, shows what it promises to show. */
@ExtendWith(ApplicationExtension.class)
class TourTest {
    @Start
    void start(Stage stage) {
        TestApp.show(stage);
    }

    @Test
    void everyStepShowsWhatItPromises(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        robot.interact(() -> robot.lookup("#tour").queryAs(javafx.scene.control.TitledPane.class).setExpanded(true));
        StyleClassedTextArea area = robot.lookup("#transcript").queryAs(StyleClassedTextArea.class);
        Label status = robot.lookup("#status").queryAs(Label.class);
        var steps = Tour.load();
        assertThat(steps).hasSizeGreaterThanOrEqualTo(9);
        TestApp.showCenterTab(robot, "Composer");
        // The user's draft: the tour must leave it exactly as it is.
        robot.interact(() -> {
            robot.lookup("#subject").queryAs(javafx.scene.control.TextField.class).setText("My own subject");
            robot.lookup("#to").queryAs(javafx.scene.control.TextField.class).setText("friend@example.org");
            robot.lookup("#body").queryAs(javafx.scene.control.TextArea.class).setText("Words I typed.");
        });
        for (int i = 0; i < steps.size(); i++) {
            TourStep step = steps.get(i);
            Label title = robot.lookup("#tour-title").queryAs(Label.class);
            assertThat(title.getText()).isEqualTo(step.title());
            int before = area.getLength();
            robot.clickOn("#tour-run");
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
            long until = System.nanoTime() + 10_000_000_000L;
            while (!area.getText().substring(Math.min(before, area.getLength())).contains(step.expect())
                    && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(area.getText().substring(before)).as(step.title() + " (status: " + status.getText() + ")")
                    .contains(step.expect());
            if (i < steps.size() - 1) {
                robot.clickOn("#tour-next");
            }
        }
        TestApp.showCenterTab(robot, "Composer");
        assertThat(robot.lookup("#subject").queryAs(javafx.scene.control.TextField.class).getText())
                .isEqualTo("My own subject");
        assertThat(robot.lookup("#to").queryAs(javafx.scene.control.TextField.class).getText())
                .isEqualTo("friend@example.org");
        assertThat(robot.lookup("#body").queryAs(javafx.scene.control.TextArea.class).getText())
                .isEqualTo("Words I typed.");
    }
}
