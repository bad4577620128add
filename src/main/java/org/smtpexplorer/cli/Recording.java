package org.smtpexplorer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.smtpexplorer.history.HistoryStore;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transport.SendRequest;

/**
 * Keeps a finished session in the history, for {@code smtpx send} and {@code smtpx replay}: after the session, when
 * everything else is printed. Without Jackson ({@link org.smtpexplorer.transcript.SessionJsonWriter}), so a plain
 * send stays quick. A history that cannot be written costs a line on standard error, never the exit code.
 */
final class Recording {
    private Recording() {
    }

    static void record(List<TranscriptEntry> entries, SendRequest request, String command, PrintWriter err) {
        if (entries.isEmpty()) {
            return;
        }
        HistoryStore store = HistoryStore.inDataFolder();
        try {
            if (store.enabled(System.getenv())) {
                store.record(entries, request, command);
            }
        } catch (IOException | RuntimeException e) {
            err.println("smtpx " + command + ": the session was not kept in the history (" + store.dir() + "): "
                    + Printable.escape(String.valueOf(e.getMessage())));
        }
    }
}
