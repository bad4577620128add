package org.smtpexplorer;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where SMTP Explorer keeps its files: {@code %APPDATA%\SMTP Explorer} on Windows,
 * {@code ~/Library/Application Support/SMTP Explorer} on macOS, {@code $XDG_DATA_HOME/smtp-explorer} (by default
 * {@code ~/.local/share/smtp-explorer}) elsewhere. The system property {@code smtpexplorer.data} overrides it.
 */
public final class AppData {
    private AppData() {
    }

    public static Path dataDir() {
        String override = System.getProperty("smtpexplorer.data");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return dataDir(System.getProperty("os.name", ""), System.getenv(), System.getProperty("user.home"));
    }

    static Path dataDir(String osName, Map<String, String> env, String home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = appData != null && !appData.isBlank() ? Path.of(appData) : Path.of(home, "AppData", "Roaming");
            return base.resolve("SMTP Explorer");
        }
        if (os.startsWith("mac")) {
            return Path.of(home, "Library", "Application Support", "SMTP Explorer");
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(home, ".local", "share");
        return base.resolve("smtp-explorer");
    }
}
