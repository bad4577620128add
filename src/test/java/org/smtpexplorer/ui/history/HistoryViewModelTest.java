package org.smtpexplorer.ui.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.history.HistoryEntry;
import org.smtpexplorer.history.HistoryStore;
import org.smtpexplorer.history.HistoryStoreTest;
import org.smtpexplorer.ui.common.Tasks;

/** The History window's view model as plain JUnit: listing, search, notes, the setting, opening, clearing. */
class HistoryViewModelTest {
    @TempDir
    Path dir;
    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    /** Waits until the worker has run everything asked of it, including what its results asked for. */
    private void drain() throws Exception {
        for (int i = 0; i < 3; i++) {
            worker.submit(() -> { }).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void listsSearchesOpensAndClears() throws Exception {
        HistoryStore store = new HistoryStore(dir);
        store.record(HistoryStoreTest.session("mx.one.example", "bob@one.example", 250, 250), "send");
        store.record(HistoryStoreTest.session("mx.two.example", "nobody@two.example", 550, 0), "window");
        Files.writeString(dir.resolve("stray.txt"), "x");
        HistoryViewModel vm = new HistoryViewModel(store, new Tasks(worker, Runnable::run));

        vm.refresh();
        drain();
        assertThat(vm.shown()).extracting(HistoryEntry::number).containsExactly(2, 1);
        assertThat(vm.statusProperty().get()).startsWith("2 sessions (the last 500 are kept in ")
                .contains("; skipped 1: stray.txt is not in the history's index");
        assertThat(vm.keepProperty().get()).isTrue();

        vm.searchProperty().set("user UNKNOWN");
        assertThat(vm.shown()).extracting(HistoryEntry::number).containsExactly(2);
        assertThat(vm.statusProperty().get()).startsWith("1 of 2 sessions match");
        vm.searchProperty().set("");
        assertThat(vm.shown()).hasSize(2);

        List<HistoryViewModel.Opened> opened = new ArrayList<>();
        vm.open(vm.shown().get(1), opened::add);
        drain();
        assertThat(opened).singleElement().satisfies(o -> {
            assertThat(o.entry().number()).isEqualTo(1);
            assertThat(o.session().request().host()).isEqualTo("mx.one.example");
        });

        Files.writeString(dir.resolve("session-2.json"), "{ broken");
        vm.open(vm.shown().get(0), opened::add);
        drain();
        assertThat(opened).hasSize(1);
        assertThat(vm.statusProperty().get()).startsWith("session #2 (session-2.json) cannot be read:");

        vm.clear();
        drain();
        assertThat(vm.shown()).isEmpty();
        assertThat(vm.statusProperty().get()).startsWith("No sessions yet");
    }

    @Test
    void theCheckBoxWritesTheSettingAndReadingItBackDoesNot() throws Exception {
        HistoryStore store = new HistoryStore(dir);
        store.setEnabled(false);
        HistoryViewModel vm = new HistoryViewModel(store, new Tasks(worker, Runnable::run));
        vm.refresh();
        drain();
        assertThat(vm.keepProperty().get()).isFalse();
        assertThat(store.enabled(Map.of())).isFalse();

        vm.keepProperty().set(true);
        drain();
        assertThat(store.enabled(Map.of())).isTrue();
        assertThat(vm.statusProperty().get()).contains("keep a history of sessions again");
    }
}
