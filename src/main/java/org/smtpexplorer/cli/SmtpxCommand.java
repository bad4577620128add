package org.smtpexplorer.cli;

import org.smtpexplorer.lab.LabCommand;
import org.smtpexplorer.transcript.Printable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level smtpx command; its subcommands do the work. */
@Command(name = "smtpx", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "SMTP Explorer on the command line: send through any ESMTP server and see every byte.",
        subcommands = {SendCommand.class, ExplainCommand.class, LabCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n", footer = {
            "  0  success (message accepted; or stopped where --quit-after asked)",
            "  2  usage error (bad option or value)",
            "  3  could not connect (DNS, refused, unreachable)",
            "  4  TLS failure (no STARTTLS when required, handshake, certificate, response injection)",
            "  5  authentication failed",
            "  6  rejected by the server (greeting, sender, every recipient, DATA, message)",
            "  7  protocol violation by the server (malformed or unexpected reply)",
            "  8  timed out",
            "  9  refused before sending (illegal command, SIZE limit, plaintext AUTH, CR/LF in input)",
            " 10  connection lost, or the message file could not be read",
            " 11  outcome unknown: the connection broke after the whole message was sent"})
public final class SmtpxCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with every subcommand registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SmtpxCommand());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("smtpx: " + Printable.escape(String.valueOf(ex.getMessage())));
            return 10;
        });
        return cl;
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }
}
