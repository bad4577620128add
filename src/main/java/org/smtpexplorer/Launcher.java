package org.smtpexplorer;

import org.smtpexplorer.cli.SmtpxCommand;

/**
 * Entry point of smtpx.jar. With a subcommand it runs the command line; without arguments it will open the window.
 * It does not extend javafx.application.Application, so the fat jar starts on a plain JVM.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(SmtpxCommand.run(args));
    }
}
