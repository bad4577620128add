package org.smtpexplorer.ui.common;

import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.util.Duration;

/**
 * Runs an action once changes have stopped for a while (a draft saved 0.8 s after the last keystroke): how a
 * ViewModel waits without owning a JavaFX timer. The app uses {@link #fx}; a plain JUnit test passes its own.
 */
public interface Debounce {
    /** Starts the wait again; the action runs when it ends without another restart. Call on the FX thread. */
    void restart();

    /** A debounce on the FX thread's clock: {@code delay} after the last restart, the action runs there. */
    static Function<Runnable, Debounce> fx(Duration delay) {
        return action -> {
            PauseTransition pause = new PauseTransition(delay);
            pause.setOnFinished(e -> action.run());
            return pause::playFromStart;
        };
    }
}
