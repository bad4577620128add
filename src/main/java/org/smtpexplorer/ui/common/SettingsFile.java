package org.smtpexplorer.ui.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;

/**
 * A small properties file in the data folder that several parts of the window keep settings in (the window's
 * bounds, the font zoom): each updates its own keys and leaves the others', and the file is replaced whole, so a
 * crash mid-write never leaves half of it.
 */
public final class SettingsFile {
    private SettingsFile() {
    }

    /** The settings in {@code file}; empty when there is no file or it cannot be read. */
    public static Properties load(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | RuntimeException e) {
                return new Properties(); // a damaged file only costs the remembered settings
            }
        }
        return p;
    }

    /** Sets {@code values} in {@code file}, keeping its other keys. */
    public static void update(Path file, Map<String, String> values) throws IOException {
        Properties p = load(file);
        p.putAll(values);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "SMTP Explorer window");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
