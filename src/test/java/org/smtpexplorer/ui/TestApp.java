package org.smtpexplorer.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Each window test starts with an empty app data folder, so no draft or profile of another test leaks in. */
final class TestApp {
    private TestApp() {
    }

    static App create() {
        try {
            System.setProperty("smtpexplorer.data", Files.createTempDirectory("smtp-explorer-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new App();
    }
}
