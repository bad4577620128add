package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.lab.LogLine;
import org.smtpexplorer.ui.state.StateGraphView;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Clicking the state graph's edges drives a real session against the lab: Connect, EHLO (picked from the edge's
 * menu, as HELO would do too), STARTTLS; an edge that is not legal now does nothing.
 */
@ExtendWith(ApplicationExtension.class)
class StateGraphWindowTest {
    private App app;

    @Start
    void start(Stage stage) {
        app = TestApp.create();
        stage.setScene(app.createScene());
        stage.setWidth(1280);
        stage.setHeight(720);
        stage.show();
    }

    private static void waitFor(Label status, String prefix) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> status.getText().startsWith(prefix));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean lit(Node n, String pseudoClass) {
        return n.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals(pseudoClass));
    }

    private boolean labReceived(String line) {
        return app.lab().server().serverLog().lines().stream()
                .anyMatch(l -> l.direction() == LogLine.Direction.RECEIVED && l.text().startsWith(line));
    }

    @Test
    void clickingLegalEdgesTakesTheirStepsAgainstTheLab(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        Label status = robot.lookup("#status").queryAs(Label.class);
        StateGraphView graph = robot.lookup("#state-graph").queryAs(StateGraphView.class);
        Node connect = robot.lookup("#edge-DISCONNECTED-CONNECTED").query();
        assertThat(lit(connect, "legal")).isTrue();
        assertThat(lit(connect, "next")).isTrue();
        assertThat(lit(graph.nodeOf(SessionState.DISCONNECTED), "current")).isTrue();

        robot.clickOn("#edge-DISCONNECTED-CONNECTED-label");
        waitFor(status, "Connect: 220");
        assertThat(lit(graph.nodeOf(SessionState.GREETED), "current")).isTrue();
        assertThat(lit(robot.lookup("#edge-GREETED-READY").query(), "legal")).isTrue();
        assertThat(lit(connect, "legal")).isFalse();

        robot.clickOn("#edge-READY-MAIL-label");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getText()).as("MAIL is not legal before EHLO").startsWith("Connect: 220");

        robot.clickOn("#edge-GREETED-READY-label");
        robot.clickOn("#edge-menu-ehlo");
        waitFor(status, "EHLO: 250");
        assertThat(lit(graph.nodeOf(SessionState.READY), "current")).isTrue();
        Node starttls = robot.lookup("#edge-READY-TLS_HANDSHAKE").query();
        assertThat(lit(starttls, "next")).as("STARTTLS is required, so it is next").isTrue();
        assertThat(lit(robot.lookup("#edge-READY-MAIL").query(), "legal")).as("no MAIL before TLS").isFalse();

        robot.clickOn(starttls);
        waitFor(status, "STARTTLS: 220");
        assertThat(lit(graph.nodeOf(SessionState.GREETED), "current")).as("EHLO again after the handshake")
                .isTrue();
        assertThat(labReceived("EHLO")).isTrue();
        assertThat(labReceived("STARTTLS")).isTrue();
        String transcript = robot.lookup("#transcript").queryAs(org.fxmisc.richtext.StyleClassedTextArea.class)
                .getText();
        assertThat(transcript).contains("C: EHLO", "C: STARTTLS", "TLS established");
    }
}
