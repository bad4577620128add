package org.smtpexplorer.ui.common;

import javafx.animation.AnimationTimer;

/**
 * Measures how long the FX thread goes between pulses. A gap far above the 16 ms frame time means something blocked
 * the FX thread; this is how tests and benchmarks prove network work never does.
 */
public final class PulseMonitor {
    private long last;
    private volatile long longestGapNanos;
    private volatile long pulses;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (last != 0) {
                longestGapNanos = Math.max(longestGapNanos, now - last);
            }
            last = now;
            pulses++;
        }
    };

    /** Starts measuring; call on the FX thread. */
    public void start() {
        last = 0;
        longestGapNanos = 0;
        pulses = 0;
        timer.start();
    }

    /** Stops measuring; call on the FX thread. */
    public void stop() {
        timer.stop();
    }

    public long longestGapMillis() {
        return longestGapNanos / 1_000_000;
    }

    public long pulses() {
        return pulses;
    }
}
