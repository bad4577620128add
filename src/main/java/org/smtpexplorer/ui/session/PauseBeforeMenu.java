package org.smtpexplorer.ui.session;

import java.util.Set;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuButton;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import org.smtpexplorer.transport.Step;

/** The breakpoints: "Every step", and one check per step that sends a command. */
public final class PauseBeforeMenu extends MenuButton {
    private static final String TOOLTIP = "Breakpoints: pause before a step's command goes out, to edit it, send it,"
            + " skip it or abort. Step buttons and Run to end both stop there. While any is set, nothing is"
            + " pipelined, so that each command pauses and goes out on its own.";

    public PauseBeforeMenu(SessionViewModel session) {
        setId("pause-before");
        getStyleClass().add("pause-before");
        setMinWidth(USE_PREF_SIZE);
        setText("Pause before");
        setTooltip(new Tooltip(TOOLTIP));
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
        // The text stays short so that the step bar keeps to one row at 1280 pixels: the outline says some are set,
        // the tooltip which.
        getTooltip().setText(TOOLTIP + "\n\nSet now: " + (on.isEmpty() ? "none"
                : on.containsAll(SessionViewModel.PAUSABLE) ? "every step"
                : String.join(", ", on.stream().sorted().map(Step::label).toList())) + ".");
        pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("armed-breakpoints"), !on.isEmpty());
    }
}
