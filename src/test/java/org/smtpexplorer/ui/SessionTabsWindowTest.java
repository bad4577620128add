package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.transcript.Waterfall;
import org.smtpexplorer.ui.lab.ServerSide;
import org.smtpexplorer.ui.lab.ServerSideView;
import org.smtpexplorer.ui.timing.WaterfallView;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The tabs that look at a finished session, after a run to the end against the lab: Timings (every phase a bar, in
 * its own colour, with totals) and Lab log (the lab's log beside the client's transcript).
 */
@ExtendWith(ApplicationExtension.class)
class SessionTabsWindowTest {

    @Start
    void start(Stage stage) {
        App app = TestApp.create();
        stage.setScene(app.createScene());
        stage.show();
    }

    @Test
    void aRunToEndShowsItsWaterfall(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        robot.clickOn("#run-to-end");
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        TabPane tabs = robot.lookup("#center-tabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> "timings-tab".equals(t.getId())).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        WaterfallView view = robot.lookup(n -> n instanceof WaterfallView).queryAs(WaterfallView.class);
        assertThat(view.bars()).extracting(Waterfall.Bar::phase).contains(Waterfall.Phase.LOOKUP,
                Waterfall.Phase.CONNECT, Waterfall.Phase.GREETING, Waterfall.Phase.REPLY, Waterfall.Phase.TLS,
                Waterfall.Phase.TRANSFER);
        assertThat(view.bars()).extracting(Waterfall.Bar::label).contains("greeting 220", "STARTTLS 220",
                "QUIT 221");
        assertThat(robot.lookup("#waterfall-totals").queryAs(Label.class).getText()).startsWith("Total ")
                .contains("TLS handshake", "payload transfer");

        // Rendered, not only styled: the TLS bar and a reply bar are drawn in different colours.
        Color tls = barColour(robot, "tls");
        Color reply = barColour(robot, "greeting");
        assertThat(tls).isNotEqualTo(reply);
        assertThat(tls.getOpacity()).isEqualTo(1.0);

        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> "server-side-tab".equals(t.getId())).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        ServerSideView side = robot.lookup(n -> n instanceof ServerSideView).queryAs(ServerSideView.class);
        assertThat(side.rows()).anySatisfy(r -> {
            assertThat(r.kind()).isEqualTo(ServerSide.Kind.BOTH);
            assertThat(r.client()).isEqualTo("C: EHLO explorer.local");
            assertThat(r.server()).isEqualTo("C: EHLO explorer.local");
        });
        assertThat(side.rows()).anySatisfy(r -> {
            assertThat(r.kind()).isEqualTo(ServerSide.Kind.SERVER_ONLY);
            assertThat(r.server()).startsWith("-- connection from 127.0.0.1:");
        });
        assertThat(side.rows()).filteredOn(r -> r.client().startsWith("C: AUTH ")).singleElement()
                .satisfies(r -> assertThat(r.client()).endsWith("<redacted>"));
        assertThat(side.rows()).filteredOn(r -> r.client().startsWith("S: 221")).singleElement()
                .satisfies(r -> assertThat(r.server()).startsWith("S: 221"));
    }

    /** The colour at the middle of the first visible bar of {@code phase}, as drawn. */
    private static Color barColour(FxRobot robot, String phase) {
        Node bar = robot.lookup(".waterfall-bar." + phase).query();
        Color[] out = new Color[1];
        robot.interact(() -> {
            Bounds b = bar.localToScene(bar.getLayoutBounds());
            WritableImage img = bar.getScene().snapshot(null);
            out[0] = img.getPixelReader().getColor((int) (b.getMinX() + Math.min(2, b.getWidth() / 2)),
                    (int) b.getCenterY());
        });
        return out[0];
    }
}
