package org.smtpexplorer;

import org.smtpexplorer.cli.SmtpxCommand;

/**
 * Entry point of smtpx.jar. With a subcommand it runs the command line; without arguments it opens the window.
 * It does not extend javafx.application.Application, so the fat jar starts on a plain JVM.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            javafx.application.Application.launch(org.smtpexplorer.ui.App.class);
            return;
        }
        System.exit(SmtpxCommand.run(args));
    }
}
