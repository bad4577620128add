package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A session run to the end, step by step, leaves the window's frame as it was: the step bar (whose "next" button is
 * marked at every step) and the panes below it keep their sizes. A bar that grew by the width of a border when the
 * next step moved made the whole window lay itself out and repaint at every step (100 ms and more in software
 * rendering, the longest pulse gaps while the ladder was in front).
 */
@ExtendWith(ApplicationExtension.class)
class StableLayoutTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setWidth(1280);
        stage.setHeight(720);
    }

    @Test
    void theStepBarAndThePanesBelowItKeepTheirSizeThroughASession(FxRobot robot) throws Exception {
        App app = TestApp.create();
        robot.interact(() -> {
            stage.setScene(app.createScene());
            stage.show();
        });
        try {
            ExplorerWindowScriptedTest.awaitLab(robot);
            List<String> changes = new CopyOnWriteArrayList<>();
            Node bar = robot.lookup(".step-bar").query();
            Node centre = robot.lookup("#center-tabs").query();
            Node graph = robot.lookup("#state-graph").query();
            robot.interact(() -> {
                for (Node n : List.of(bar, centre, graph)) {
                    n.layoutBoundsProperty().addListener((o, a, b) -> {
                        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
                            changes.add(n.getStyleClass() + " " + size(a) + " -> " + size(b));
                        }
                    });
                }
            });
            Label status = robot.lookup("#status").queryAs(Label.class);
            for (int i = 0; i < 9; i++) {
                robot.interact(() -> robot.lookup("#step-connect").query().getScene().getAccelerators().entrySet()
                        .stream().filter(e -> e.getKey().getName().equals("F6")).findFirst().orElseThrow()
                        .getValue().run());
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !status.getText().endsWith("..."));
                WaitForAsyncUtils.waitForFxEvents();
            }
            assertThat(status.getText()).as("the session went through its steps").isNotBlank();
            assertThat(changes).as("sizes that changed while stepping").isEmpty();
        } finally {
            app.stop();
        }
    }

    private static String size(Bounds b) {
        return b.getWidth() + "x" + b.getHeight();
    }
}
