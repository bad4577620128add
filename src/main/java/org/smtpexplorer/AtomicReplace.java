package org.smtpexplorer;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The last step of writing a file whole: a finished temporary file takes the target's place. */
public final class AtomicReplace {
    private AtomicReplace() {
    }

    /**
     * Moves {@code from} onto {@code to}, replacing it: atomically where the file system can, so a reader sees the
     * old file or the new one, never part of either; else a plain replacing move.
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
