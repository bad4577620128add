package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.probe.Verdict;
import org.smtpexplorer.probe.VariantResult;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The smuggling probe panel in the window: Run probes the server in the connection form (the window's own lab, here
 * switched to bare-LF tolerant in its panel, over STARTTLS with AUTH), the rows come in, and a row selected is
 * explained.
 */
@ExtendWith(ApplicationExtension.class)
class ProbePanelWindowTest {
    private App app;

    @Start
    void start(Stage stage) {
        app = TestApp.create();
        stage.setScene(app.createScene());
        stage.setWidth(1280);
        stage.setHeight(720);
        stage.show();
    }

    @Test
    @SuppressWarnings("unchecked")
    void runFindsTheLabVulnerableAndExplainsTheSelectedRow(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        robot.interact(() -> app.lab().scenarioProperty().set(Scenario.LF_TOLERANT));
        TitledPane pane = robot.lookup("#probe-pane").queryAs(TitledPane.class);
        robot.interact(() -> pane.setExpanded(true));
        robot.interact(() -> robot.lookup("#probe-run").queryButton().fire());
        Label status = robot.lookup("#probe-status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().startsWith("VULNERABLE"));
        ListView<VariantResult> table = robot.lookup("#probe-table").queryAs(ListView.class);
        assertThat(table.getItems()).hasSize(13);
        assertThat(table.getItems().stream().filter(VariantResult::vulnerable).map(r -> r.variant().id()))
                .containsExactly("lf-lf", "lf-crlf", "crlf-lf");
        assertThat(table.getItems().get(0).verdict()).isEqualTo(Verdict.ENDED_HERE);
        assertThat(table.getItems().get(0).transcript()).contains("TLS established").contains("Authenticated as");
        robot.interact(() -> table.getSelectionModel().select(2));
        TextArea detail = robot.lookup("#probe-detail").queryAs(TextArea.class);
        assertThat(detail.getText()).startsWith("<LF>.<CR><LF>  \\n.\\r\\n  (lf-crlf)\nENDED-HERE (vulnerable)")
                .contains("CVE-2023-51766");
    }
}
