package org.smtpexplorer;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.smtpexplorer.cli.SmtpxCommand;

/**
 * Entry point of smtpx.jar. With a subcommand it runs the command line; without arguments it opens the window.
 * It does not extend javafx.application.Application, so the fat jar starts on a plain JVM.
 */
public final class Launcher {
    /** Exit code when the window cannot open (no display, no GTK 3); smtpx's own codes are 0 to 11. */
    public static final int NO_WINDOW = 12;

    private Launcher() {
    }

    /**
     * JavaFX warns on every start that it was loaded from the class path: true, and harmless for this fat jar (see
     * installers/README.md). Held here, since java.util.logging keeps loggers only weakly; in a class of its own,
     * so that the command line does not start java.util.logging (130 classes) for nothing.
     */
    private static final class JavaFxLog {
        static final Logger LOGGER = Logger.getLogger("javafx");
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            JavaFxLog.LOGGER.setLevel(Level.SEVERE);
            org.smtpexplorer.ui.App.preload();
            try {
                javafx.application.Application.launch(org.smtpexplorer.ui.App.class);
            } catch (RuntimeException | LinkageError e) {
                System.err.println(noWindow(e));
                System.exit(NO_WINDOW);
            }
            return;
        }
        System.exit(SmtpxCommand.run(args));
    }

    /** One line: why the window cannot open, and what to do. */
    public static String noWindow(Throwable e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean display = why.contains("DISPLAY");
        return "SMTP Explorer cannot open its window: " + why + ". " + (display
                ? "It needs a graphical display (DISPLAY or WAYLAND_DISPLAY is not set, or not reachable)."
                : "On Linux it needs the GTK 3 libraries (Debian, Ubuntu: sudo apt-get install libgtk-3-0).")
                + " The command line works without one: java -jar smtpx.jar --help";
    }
}
