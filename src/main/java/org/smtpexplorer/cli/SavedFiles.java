package org.smtpexplorer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.smtpexplorer.history.HistoryEntry;
import org.smtpexplorer.history.HistoryStore;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.TranscriptExport;

/** Reads the saved session that {@code smtpx replay} and {@code smtpx export} are given: a file or a history entry. */
final class SavedFiles {
    private SavedFiles() {
    }

    /**
     * A saved session and the path that stands for it.
     *
     * @param session the session
     * @param named   the file, or for a history entry {@code history-N.json} in the current folder (what files made
     *                from it, such as export's message, are named after)
     */
    record Read(SavedSession session, Path named) {
    }

    /**
     * Reads {@code file}, or the history entry it names ("@N" or "history:N", when no such file exists).
     *
     * @throws IllegalArgumentException saying what is missing or wrong
     */
    static Read read(Path file) {
        String text = file.toString();
        int number = HistoryStore.reference(text);
        if (number > 0 && !Files.exists(file)) {
            HistoryStore store = HistoryStore.inDataFolder();
            try {
                HistoryEntry entry = store.list().find(number).orElseThrow(() -> new IllegalArgumentException(
                        "no session #" + number + " in the history (smtpx history lists them)"));
                return new Read(store.load(entry), Path.of("history-" + number + ".json"));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new Read(TranscriptExport.readSession(in), file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
