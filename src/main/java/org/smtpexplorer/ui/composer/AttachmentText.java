package org.smtpexplorer.ui.composer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.smtpexplorer.compose.ContentTypes;

/** How an attachment is listed: name, size and type ("report.pdf  148 KiB  application/pdf"); the path in a tooltip. */
final class AttachmentText {
    private AttachmentText() {
    }

    static String describe(Path file) {
        String size;
        try {
            size = bytes(Files.size(file));
        } catch (IOException e) {
            size = "cannot be read";
        }
        return file.getFileName() + "  " + size + "  " + ContentTypes.detect(file);
    }

    /** 512 bytes, 148 KiB, 20.0 MiB. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        if (n < 1024 * 1024) {
            return (n + 512) / 1024 + " KiB";
        }
        return String.format("%.1f MiB", n / (1024.0 * 1024.0));
    }
}
