package org.smtpexplorer.ui.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.smtpexplorer.history.HistoryEntry;
import org.smtpexplorer.history.HistoryStore;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.ui.common.Tasks;

/**
 * The History window's state: the sessions listed (newest first) as the search text filters them, a status line
 * (how many, and what was skipped), and whether the window keeps a history. The folder is read and written on the
 * worker; only the FX thread changes the properties.
 */
public final class HistoryViewModel {
    /** A session read back from the history, for the window to show. */
    public record Opened(HistoryEntry entry, SavedSession session) {
    }

    private final HistoryStore store;
    private final Tasks tasks;
    private final ObservableList<HistoryEntry> shown = FXCollections.observableArrayList();
    private final ObservableList<HistoryEntry> shownView = FXCollections.unmodifiableObservableList(shown);
    private final StringProperty search = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final BooleanProperty keep = new SimpleBooleanProperty(true);
    private HistoryStore.Listing listing = new HistoryStore.Listing(List.of(), List.of());
    /** Set while the folder's setting is read into {@link #keep}, so that reading it does not write it back. */
    private boolean loadingSetting;

    public HistoryViewModel(HistoryStore store, Tasks tasks) {
        this.store = store;
        this.tasks = tasks;
        search.addListener((o, a, b) -> filter());
        keep.addListener((o, was, on) -> {
            if (!loadingSetting) {
                tasks.run(() -> {
                    store.setEnabled(on);
                    return on;
                }, saved -> status.set(saved ? "The window and smtpx keep a history of sessions again."
                        : "Sessions are no longer kept (the ones listed stay)."),
                        t -> status.set("Cannot change the setting: " + t.getMessage()));
            }
        });
    }

    /** The sessions that match the search, newest first. */
    public ObservableList<HistoryEntry> shown() {
        return shownView;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Whether sessions are kept (the setting {@code smtpx history off} also changes). */
    public BooleanProperty keepProperty() {
        return keep;
    }

    /** Reads the folder again. */
    public void refresh() {
        busy.set(true);
        tasks.run(() -> new Read(store.list(), store.enabledSetting()), read -> {
            busy.set(false);
            listing = read.listing();
            loadingSetting = true;
            keep.set(read.keep());
            loadingSetting = false;
            filter();
        }, t -> {
            busy.set(false);
            status.set("Cannot read the history in " + store.dir() + ": " + t.getMessage());
        });
    }

    private record Read(HistoryStore.Listing listing, boolean keep) {
    }

    private void filter() {
        List<HistoryEntry> found = listing.search(search.get());
        shown.setAll(found);
        int all = listing.entries().size();
        String what = all == 0 ? "No sessions yet" : found.size() == all ? all + " session" + (all == 1 ? "" : "s")
                : found.size() + " of " + all + " sessions match";
        int skipped = listing.notes().size();
        status.set(what + " (the last " + HistoryStore.LIMIT + " are kept in " + store.dir() + ")"
                + (skipped == 0 ? "" : "; skipped " + skipped + ": " + String.join("; ", listing.notes())));
    }

    /** Reads {@code entry}'s session on the worker and hands it to {@code show} on the FX thread. */
    public void open(HistoryEntry entry, Consumer<Opened> show) {
        busy.set(true);
        tasks.run(() -> store.load(entry), session -> {
            busy.set(false);
            status.set("Opened @" + entry.number() + " in the window.");
            show.accept(new Opened(entry, session));
        }, t -> {
            busy.set(false);
            status.set(t.getMessage());
        });
    }

    /** Reads {@code entry}'s session on the worker and hands it to {@code use} on the FX thread (compare, replay). */
    public void read(HistoryEntry entry, Consumer<Opened> use) {
        busy.set(true);
        tasks.run(() -> store.load(entry), session -> {
            busy.set(false);
            use.accept(new Opened(entry, session));
        }, t -> {
            busy.set(false);
            status.set(t.getMessage());
        });
    }

    /** The file {@code entry} is kept in (schema 2: smtpx replay, smtpx export and "Compare" read it). */
    public Path fileOf(HistoryEntry entry) {
        return store.fileOf(entry);
    }

    /** Copies {@code entry}'s file (already a saved session with its request and message) to {@code target}. */
    public void export(HistoryEntry entry, Path target) {
        tasks.run(() -> Files.copy(store.fileOf(entry), target, StandardCopyOption.REPLACE_EXISTING),
                done -> status.set("Saved @" + entry.number() + " as " + target + " (smtpx replay and smtpx export"
                        + " take it)."), t -> status.set("Cannot save " + target + ": " + t.getMessage()));
    }

    /** Removes every session, then lists again. */
    public void clear() {
        tasks.run(store::clear, n -> {
            refresh();
        }, t -> status.set("Cannot clear the history: " + t.getMessage()));
    }
}
