package org.smtpexplorer.ui.session;

import java.util.Set;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuButton;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import org.smtpexplorer.transport.Step;

/** The breakpoints: "Every step", and one check per step that sends a command. */
public final class PauseBeforeMenu extends MenuButton {

    public PauseBeforeMenu(SessionViewModel session) {
        setId("pause-before");
        getStyleClass().add("pause-before");
        setMinWidth(USE_PREF_SIZE);
        setTooltip(new Tooltip("Breakpoints: pause before a step's command goes out, to edit it, send it, skip it or"
                + " abort. Step buttons and Run to end both stop there. While any is set, nothing is pipelined, so"
                + " that each command pauses and goes out on its own."));
        CheckMenuItem every = new CheckMenuItem("Every step");
        every.setId("pause-before-every");
        every.setOnAction(e -> session.pauseBeforeEvery(every.isSelected()));
        getItems().addAll(every, new SeparatorMenuItem());
        for (Step s : Step.values()) {
            if (!SessionViewModel.PAUSABLE.contains(s)) {
                continue;
            }
            CheckMenuItem item = new CheckMenuItem(s.label());
            item.setId("pause-before-" + s.name().toLowerCase(java.util.Locale.ROOT));
            item.setOnAction(e -> session.pauseBefore(s, item.isSelected()));
            item.setUserData(s);
            getItems().add(item);
        }
        session.pauseBeforeProperty().addListener((o, a, now) -> show(now, every));
        show(session.pauseBeforeProperty().get(), every);
    }

    private void show(Set<Step> on, CheckMenuItem every) {
        every.setSelected(on.containsAll(SessionViewModel.PAUSABLE));
        getItems().forEach(i -> {
            if (i instanceof CheckMenuItem c && c.getUserData() instanceof Step s) {
                c.setSelected(on.contains(s));
            }
        });
        setText(on.isEmpty() ? "Pause before" : on.containsAll(SessionViewModel.PAUSABLE) ? "Pause before: every step"
                : "Pause before: " + on.size() + (on.size() == 1 ? " step" : " steps"));
        pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("armed-breakpoints"), !on.isEmpty());
    }
}
