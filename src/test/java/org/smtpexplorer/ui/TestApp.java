package org.smtpexplorer.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.UnaryOperator;
import org.smtpexplorer.lab.LabConfig;

/** Each window test starts with an empty app data folder, so no draft or profile of another test leaks in. */
final class TestApp {
    private TestApp() {
    }

    static App create() {
        return create(lab -> lab);
    }

    /** The same with the lab's configuration changed by {@code lab}, e.g. to shorten its delays. */
    static App create(UnaryOperator<LabConfig.Builder> lab) {
        try {
            System.setProperty("smtpexplorer.data", Files.createTempDirectory("smtp-explorer-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new App(lab.apply(App.defaultLab()).build());
    }
}
