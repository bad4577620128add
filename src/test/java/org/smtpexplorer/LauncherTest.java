package org.smtpexplorer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the window cannot open, one line says why and what to do. */
class LauncherTest {
    @Test
    void noDisplayAndNoGtkEachGetTheirFix() {
        assertThat(Launcher.noWindow(new UnsupportedOperationException("Unable to open DISPLAY")))
                .isEqualTo("SMTP Explorer cannot open its window: Unable to open DISPLAY. It needs a graphical display"
                        + " (DISPLAY or WAYLAND_DISPLAY is not set, or not reachable). The command line works without"
                        + " one: java -jar smtpx.jar --help")
                .doesNotContain("\n");
        assertThat(Launcher.noWindow(new UnsatisfiedLinkError("libgtk-3.so.0: cannot open shared object file")))
                .contains("libgtk-3.so.0").contains("sudo apt-get install libgtk-3-0");
        assertThat(Launcher.NO_WINDOW).isEqualTo(12);
    }
}
