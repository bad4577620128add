package org.smtpexplorer.cli;

/**
 * Entry point of the installed {@code smtpx} command. Unlike {@link org.smtpexplorer.Launcher} it never opens the
 * window: with no arguments it prints the usage, so a terminal user who types {@code smtpx} gets help, not a GUI.
 */
public final class SmtpxMain {
    private SmtpxMain() {
    }

    public static void main(String[] args) {
        System.exit(SmtpxCommand.run(args));
    }
}
