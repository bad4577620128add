package org.smtpexplorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppDataTest {
    @Test
    void dataFolderPerOperatingSystem() {
        assertThat(AppData.dataDir("Linux", Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.local/share/smtp-explorer"));
        assertThat(AppData.dataDir("Linux", Map.of("XDG_DATA_HOME", "/data"), "/home/u"))
                .isEqualTo(Path.of("/data/smtp-explorer"));
        assertThat(AppData.dataDir("Linux", Map.of("XDG_DATA_HOME", "relative"), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/smtp-explorer"));
        assertThat(AppData.dataDir("Mac OS X", Map.of(), "/Users/u"))
                .isEqualTo(Path.of("/Users/u/Library/Application Support/SMTP Explorer"));
        assertThat(AppData.dataDir("Windows 11", Map.of("APPDATA", "/appdata"), "/home/u"))
                .isEqualTo(Path.of("/appdata/SMTP Explorer"));
    }
}
