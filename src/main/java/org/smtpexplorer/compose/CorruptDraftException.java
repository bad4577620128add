package org.smtpexplorer.compose;

import java.io.IOException;
import java.nio.file.Path;

/** A draft file could not be read; it was renamed to {@link #keptAs()} rather than deleted. */
public final class CorruptDraftException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path keptAs;

    CorruptDraftException(Path file, Path keptAs, String reason, Throwable cause) {
        super("the draft " + file.getFileName() + " cannot be read (" + reason + "); it was kept as "
                + keptAs.getFileName() + " and not loaded", cause);
        this.keptAs = keptAs;
    }

    public Path keptAs() {
        return keptAs;
    }
}
