package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TitledPane;
import javafx.scene.text.Text;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtpexplorer.AppData;
import org.smtpexplorer.ui.common.SettingsFile;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * On a 1280x720 projector, on a 1920x1080 screen (at the size the window opens with, and maximised) and on the
 * projector with the text zoomed to 150%: the window lies wholly on the screen with its bars in it, and no label or
 * button shows its text cut short ("…") unless a tooltip gives the whole of it. Walks the scene graph of every tab
 * and panel. The window is placed as the app places it on a screen of that size.
 */
@ExtendWith(ApplicationExtension.class)
class ClippedLabelsTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    static Stream<Arguments> screens() {
        return Stream.of(arguments("1280x720", 1280, 720, false, 1.0), arguments("1920x1080", 1920, 1080, false, 1.0),
                arguments("1920x1080, maximised", 1920, 1080, true, 1.0),
                arguments("1280x720, text at 150%", 1280, 720, false, 1.5));
    }

    /** Shown: neither it nor any parent hidden (a tab not selected keeps its last, stale layout). */
    private static boolean shown(Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (!at.isVisible()) {
                return false;
            }
        }
        return true;
    }

    static void walk(Node n, List<String> out) {
        if (n instanceof Labeled l && shown(l) && l.getText() != null && !l.getText().isEmpty()
                && l.getTooltip() == null) {
            for (Node child : l.getChildrenUnmodifiable()) {
                if (child instanceof Text t && t.getText() != null && !t.getText().equals(l.getText())
                        && t.getText().endsWith(l.getEllipsisString())) {
                    out.add(l.getClass().getSimpleName() + (l.getId() == null ? "" : "#" + l.getId()) + " \""
                            + l.getText() + "\" shown as \"" + t.getText() + "\"");
                }
            }
        }
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                walk(child, out);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("screens")
    void wholeOnScreenAndNothingCutShortWithoutATooltip(String name, double width, double height, boolean maximised,
                                                        double zoom, FxRobot robot) throws Exception {
        Rectangle2D screen = new Rectangle2D(0, 0, width, height);
        assertThat(Screen.getPrimary().getVisualBounds().contains(screen)).as("the test screen holds %s", name)
                .isTrue();
        App app = TestApp.create();
        SettingsFile.update(AppData.dataDir().resolve(App.WINDOW_SETTINGS), Map.of("font.zoom",
                Double.toString(zoom)));
        robot.interact(() -> {
            stage.setScene(app.createScene());
            WindowPlacement.apply(stage, maximised ? screen : WindowPlacement.choose(null, List.of(screen)));
            stage.show();
        });
        ExplorerWindowScriptedTest.awaitLab(robot);
        // A whole session first, so the TLS, capabilities and state panes hold what they show at their fullest.
        javafx.scene.control.Label status = robot.lookup("#status").queryAs(javafx.scene.control.Label.class);
        robot.clickOn("#run-to-end");
        WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                () -> status.getText().startsWith("Run to end: "));
        assertThat(status.getText()).startsWith("Run to end: sent");
        assertThat(robot.lookup("#zoom-reset").queryButton().getText()).isEqualTo(Math.round(zoom * 100) + "%");

        Rectangle2D window = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        assertThat(screen.contains(window)).as("window %s on screen %s", window, screen).isTrue();
        Scene scene = stage.getScene();
        List<String> outside = new ArrayList<>();
        for (String id : List.of("#step-connect", "#run-to-end", "#cancel", "#center-tabs", "#command-line",
                "#send-command", "#state-graph", "#status")) {
            Node n = robot.lookup(id).query();
            Bounds b = n.localToScene(n.getLayoutBounds());
            if (b.getMinX() < 0 || b.getMinY() < 0 || b.getMaxX() > scene.getWidth() + 0.5
                    || b.getMaxY() > scene.getHeight() + 0.5) {
                outside.add(id + " at " + b);
            }
        }
        assertThat(outside).as("parts of the window outside it, %sx%s", scene.getWidth(), scene.getHeight())
                .isEmpty();

        // The step bar is one row.
        Node steps = robot.lookup(".step-bar").query();
        double button = robot.lookup("#step-connect").query().getLayoutBounds().getHeight();
        assertThat(steps.getLayoutBounds().getHeight()).as("step bar height, one row of %s", button)
                .isLessThan(button * 2);
        // The transcript's toolbar is one row, and every centre tab's title is shown (no overflow menu).
        Node toolbar = robot.lookup("#transcript-toolbar").query();
        double row = robot.lookup("#session-menu").query().getLayoutBounds().getHeight();
        assertThat(toolbar.getLayoutBounds().getHeight()).as("transcript toolbar height, one row of %s", row)
                .isLessThan(row * 2);
        Node centre = robot.lookup("#center-tabs").query();
        Node buttons = robot.lookup("#center-tabs .control-buttons-tab").query();
        double limit = buttons != null && buttons.isVisible()
                ? buttons.localToScene(buttons.getLayoutBounds()).getMinX()
                : centre.localToScene(centre.getLayoutBounds()).getMaxX();
        List<String> cut = new ArrayList<>();
        for (Node tab : robot.lookup("#center-tabs .tab-header-area .tab").queryAll()) {
            Bounds b = tab.localToScene(tab.getLayoutBounds());
            if (b.getMaxX() > limit + 0.5) {
                cut.add(tab.lookup(".tab-label") instanceof Labeled l ? l.getText() : tab.toString());
            }
        }
        assertThat(cut).as("centre tabs whose titles are cut off or hidden behind the overflow menu").isEmpty();

        List<String> clipped = new ArrayList<>();
        // A tab's content and a collapsed pane's content join the scene when first shown: every tab is selected and
        // every pane expanded, including those that only appear inside another tab.
        java.util.Deque<TabPane> tabPanes = new java.util.ArrayDeque<>(robot.lookup(".tab-pane")
                .queryAllAs(TabPane.class));
        java.util.Set<TabPane> seen = new java.util.HashSet<>(tabPanes);
        int walked = 0;
        while (!tabPanes.isEmpty()) {
            TabPane tabs = tabPanes.pop();
            for (int i = 0; i < tabs.getTabs().size(); i++) {
                int index = i;
                robot.interact(() -> tabs.getSelectionModel().select(index));
                WaitForAsyncUtils.waitForFxEvents();
                robot.interact(() -> robot.lookup(".titled-pane").queryAllAs(TitledPane.class)
                        .forEach(p -> p.setExpanded(true)));
                WaitForAsyncUtils.waitForFxEvents();
                robot.interact(() -> walk(stage.getScene().getRoot(), clipped));
                walked++;
                robot.lookup(".tab-pane").queryAllAs(TabPane.class).stream().filter(seen::add)
                        .forEach(tabPanes::add);
            }
        }
        assertThat(walked).as("tabs walked").isGreaterThanOrEqualTo(10);
        assertThat(clipped.stream().distinct().toList()).isEmpty();
    }
}
