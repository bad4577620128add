package org.smtpexplorer.transport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Enforces deadlines that a blocking socket cannot: a write has no timeout at all, and a TLS read restarts the
 * socket timeout at every byte of a record, so a server trickling one record can stall a read indefinitely. When
 * an operation overruns, the watchdog runs its action (closing the socket), which ends the blocked call.
 */
final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Watchdog() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "smtpx-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // Most guards are cancelled long before they are due; drop them at once rather than at their deadline.
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** Runs {@code onOverrun} at {@code deadlineNanos} ({@link System#nanoTime()} scale) unless cancelled first. */
    static ScheduledFuture<?> at(long deadlineNanos, Runnable onOverrun) {
        return TIMER.schedule(onOverrun, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }
}
