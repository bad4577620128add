package org.smtpexplorer.ui.composer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.compose.DraftStore;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.ui.connection.ConnectionViewModel;

/** The composer's view model as plain JUnit, no FX toolkit: its save timer is injected, and so is the server. */
class ComposerViewModelTest {
    @TempDir
    Path tmp;

    @Test
    void theDraftIsSavedWhenTheDebounceEndsNotOnEveryChange() throws Exception {
        AtomicReference<Runnable> save = new AtomicReference<>();
        AtomicInteger restarts = new AtomicInteger();
        ConnectionViewModel form = new ConnectionViewModel();
        DraftStore store = new DraftStore(tmp.resolve("drafts"));
        ComposerViewModel vm = new ComposerViewModel(form, store, action -> {
            save.set(action);
            return restarts::incrementAndGet;
        });
        form.subjectProperty().set("Hello");
        form.bodyProperty().set("Some text");
        assertThat(restarts.get()).as("each change restarts the wait").isEqualTo(2);
        assertThat(store.list().drafts()).as("nothing saved while typing").isEmpty();
        save.get().run();
        assertThat(store.list().drafts()).singleElement()
                .satisfies(d -> assertThat(d.draft().subject()).isEqualTo("Hello"));
        assertThat(vm.draftStatusProperty().get()).isEqualTo("Draft saved");
    }

    @Test
    void theProblemsFollowTheConnectedServer() {
        ConnectionViewModel form = new ConnectionViewModel();
        ComposerViewModel vm = new ComposerViewModel(form, new DraftStore(tmp.resolve("drafts")), action -> () -> { });
        form.fromProperty().set("alice@example.com");
        form.toProperty().set("\u7528\u6237@example.com");
        assertThat(vm.problems()).noneMatch(p -> p.startsWith("BLOCKING"));
        vm.serverCapabilitiesProperty().set(Capabilities.none());
        assertThat(vm.problems()).anyMatch(p -> p.startsWith("BLOCKING") && p.contains("does not offer SMTPUTF8"));
        vm.serverCapabilitiesProperty().set(null);
        assertThat(vm.problems()).noneMatch(p -> p.startsWith("BLOCKING"));
    }
}
