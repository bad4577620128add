package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TitledPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * At 1280x720, a projector's size, no label or button shows its text cut short ("…") unless a tooltip gives the
 * whole of it. Walks the scene graph of every tab and panel.
 */
@ExtendWith(ApplicationExtension.class)
class ClippedLabelsTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(TestApp.create().createScene());
        stage.setWidth(1280);
        stage.setHeight(720);
        stage.show();
    }

    static void walk(Node n, List<String> out) {
        if (n instanceof Labeled l && l.isVisible() && l.getText() != null && !l.getText().isEmpty()
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

    @Test
    void nothingIsCutShortWithoutATooltip(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        List<String> clipped = new ArrayList<>();
        List<TabPane> tabPanes = robot.lookup(".tab-pane").queryAllAs(TabPane.class).stream().toList();
        List<TitledPane> panes = robot.lookup(".titled-pane").queryAllAs(TitledPane.class).stream().toList();
        robot.interact(() -> panes.forEach(p -> p.setExpanded(true)));
        for (TabPane tabs : tabPanes) {
            for (int i = 0; i < tabs.getTabs().size(); i++) {
                int index = i;
                robot.interact(() -> tabs.getSelectionModel().select(index));
                WaitForAsyncUtils.waitForFxEvents();
                robot.interact(() -> walk(stage.getScene().getRoot(), clipped));
            }
        }
        assertThat(clipped.stream().distinct().toList()).isEmpty();
    }
}
