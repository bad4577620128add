package org.smtpexplorer.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Work handed to Tasks after the window closed (a late result asking for more) is dropped, not thrown. */
class TasksTest {
    @Test
    void workAfterShutdownIsDroppedQuietlyAndWorkBeforeItRuns() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        List<String> delivered = new ArrayList<>();
        Tasks tasks = new Tasks(worker, Runnable::run);
        tasks.run(() -> "before", delivered::add, t -> delivered.add("failed: " + t));
        worker.shutdown();
        assertThat(worker.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        tasks.run(() -> "after", delivered::add, t -> delivered.add("failed: " + t));
        assertThat(delivered).containsExactly("before");
    }
}
