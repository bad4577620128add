package org.smtpexplorer.ui.common;

import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TitledPane;

/**
 * Content that joins the scene the first time it is shown. A hidden tab's content and a collapsed pane's content are
 * still styled and laid out with the window (JavaFX keeps them in the scene, only invisible): at start-up that was a
 * third of the time to the first frame, spent on views nobody sees yet. The views themselves are built as before, so
 * they keep up with the session while hidden; only their nodes wait. Content set meanwhile waits in its place.
 */
public final class LazyContent {
    private LazyContent() {
    }

    /** Takes {@code tab}'s content out of the scene until the tab is first selected (now, if it is selected). */
    public static void untilSelected(Tab tab) {
        if (!tab.isSelected()) {
            hold(tab.contentProperty(), tab.selectedProperty());
        }
    }

    /** Takes {@code pane}'s content out of the scene until the pane is first expanded (now, if it is expanded). */
    public static void untilExpanded(TitledPane pane) {
        if (!pane.isExpanded()) {
            hold(pane.contentProperty(), pane.expandedProperty());
        }
    }

    /** Keeps {@code content} empty, remembering what is set, until {@code shown} first turns true. */
    private static void hold(ObjectProperty<Node> content, ObservableValue<Boolean> shown) {
        Node[] waiting = {content.get()};
        ChangeListener<Node> setMeanwhile = (o, was, now) -> {
            if (now != null) {
                waiting[0] = now;
                content.set(null);
            }
        };
        content.set(null);
        content.addListener(setMeanwhile);
        shown.addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                if (now) {
                    shown.removeListener(this);
                    content.removeListener(setMeanwhile);
                    content.set(waiting[0]);
                }
            }
        });
    }
}
