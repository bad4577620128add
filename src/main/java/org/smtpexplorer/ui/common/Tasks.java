package org.smtpexplorer.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;

/**
 * The one way off the FX thread: network steps run on a single worker, in order, and their results come back on
 * the FX thread. One worker, because one SMTP session is a strict sequence.
 */
public final class Tasks {
    private final ExecutorService worker;
    private final Executor fxThread;

    public Tasks() {
        this("smtp-explorer-worker");
    }

    /**
     * A worker of its own, for slow work that must not wait behind a session's steps nor hold them up (reading a
     * large message for the message view).
     */
    public Tasks(String threadName) {
        this(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        }), Platform::runLater);
    }

    /**
     * Work runs on {@code worker}, results are delivered through {@code fxThread}: a plain JUnit test of a ViewModel
     * passes its own, so it needs no FX toolkit and decides when results arrive.
     */
    public Tasks(ExecutorService worker, Executor fxThread) {
        this.worker = worker;
        this.fxThread = fxThread;
    }

    /**
     * Runs {@code work} on the worker; then {@code onSuccess} or {@code onFailure} on the FX thread. After
     * {@link #shutdown()} (the window is closing) nothing runs: a result that arrives late and asks for more work
     * asks no one.
     */
    public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        try {
            execute(work, onSuccess, onFailure);
        } catch (RejectedExecutionException e) {
            if (!worker.isShutdown()) {
                throw e;
            }
        }
    }

    private <T> void execute(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        worker.execute(() -> {
            T value;
            try {
                value = work.call();
            } catch (Throwable t) {
                fxThread.execute(() -> onFailure.accept(t));
                return;
            }
            fxThread.execute(() -> onSuccess.accept(value));
        });
    }

    /**
     * As {@link #run}, for work that reports as it goes: whatever {@code work} hands to its publisher reaches
     * {@code onProgress} on the FX thread, in order, before {@code onSuccess} or {@code onFailure}.
     */
    public <T, P> void run(Function<Consumer<P>, T> work, Consumer<P> onProgress, Consumer<T> onSuccess,
                           Consumer<Throwable> onFailure) {
        run(() -> work.apply(p -> fxThread.execute(() -> onProgress.accept(p))), onSuccess, onFailure);
    }

    public void shutdown() {
        worker.shutdownNow();
    }
}
