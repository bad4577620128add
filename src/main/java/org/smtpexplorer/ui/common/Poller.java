package org.smtpexplorer.ui.common;

import javafx.animation.AnimationTimer;

/**
 * Calls a sampling action on the FX thread again and again while work goes on elsewhere: how a ViewModel shows a
 * worker's progress without the worker writing a UI property, and without owning a JavaFX timer itself. The app
 * samples once per pulse ({@link #perPulse()}); a plain JUnit test samples when it chooses.
 */
public interface Poller {
    /** Starts calling {@code sample}; call on the FX thread. */
    Polling start(Runnable sample);

    /** A running poll. */
    interface Polling {
        /** Stops calling the sample; call on the FX thread. */
        void stop();
    }

    /** Samples once per FX pulse. */
    static Poller perPulse() {
        return sample -> {
            AnimationTimer timer = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    sample.run();
                }
            };
            timer.start();
            return timer::stop;
        };
    }
}
