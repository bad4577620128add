package org.smtpexplorer.history;

import java.nio.file.Path;

/** Records sessions into a history folder from a process of its own, for the concurrency test. */
public final class HistoryWriterMain {
    private HistoryWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        HistoryStore store = new HistoryStore(Path.of(args[0]));
        int n = Integer.parseInt(args[1]);
        for (int i = 0; i < n; i++) {
            store.record(HistoryStoreTest.session(args[2] + "-" + i + ".example", "b@x.test", 250, 250), "send");
        }
    }
}
