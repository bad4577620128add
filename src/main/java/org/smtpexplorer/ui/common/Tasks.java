package org.smtpexplorer.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.concurrent.Task;

/**
 * The one way off the FX thread: network steps run as Tasks on a single worker, in order, and their results come
 * back on the FX thread. One worker, because one SMTP session is a strict sequence.
 */
public final class Tasks {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "smtp-explorer-worker");
        t.setDaemon(true);
        return t;
    });

    public <T> Task<T> run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> onSuccess.accept(task.getValue()));
        task.setOnFailed(e -> onFailure.accept(task.getException()));
        executor.execute(task);
        return task;
    }

    public void shutdown() {
        executor.shutdownNow();
    }
}
