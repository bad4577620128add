package org.smtpexplorer.ui.common;

import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TitledPane;

/**
 * Content that joins the scene the first time it is shown. A hidden tab's content and a collapsed pane's content are
 * still styled and laid out with the window (JavaFX keeps them in the scene, only invisible): at start-up that was a
 * third of the time to the first frame, spent on views nobody sees yet. The views themselves are built as before, so
 * they keep up with the session while hidden; only their nodes wait.
 */
public final class LazyContent {
    private LazyContent() {
    }

    /** Takes {@code tab}'s content out of the scene until the tab is first selected (now, if it is selected). */
    public static void untilSelected(Tab tab) {
        Node content = tab.getContent();
        if (tab.isSelected() || content == null) {
            return;
        }
        tab.setContent(null);
        tab.selectedProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                if (now) {
                    tab.selectedProperty().removeListener(this);
                    tab.setContent(content);
                }
            }
        });
    }

    /** Takes {@code pane}'s content out of the scene until the pane is first expanded (now, if it is expanded). */
    public static void untilExpanded(TitledPane pane) {
        Node content = pane.getContent();
        if (pane.isExpanded() || content == null) {
            return;
        }
        pane.setContent(null);
        pane.expandedProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                if (now) {
                    pane.expandedProperty().removeListener(this);
                    pane.setContent(content);
                }
            }
        });
    }
}
