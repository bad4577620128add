package org.smtpexplorer.cli;

import java.util.List;
import org.smtpexplorer.lab.LabCommand;
import org.smtpexplorer.transcript.Printable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level smtpx command; its subcommands do the work. */
@Command(name = "smtpx", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "SMTP Explorer on the command line: send through any ESMTP server and see every byte.",
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

    /** The subcommands, in the order the usage lists them. */
    static final List<String> SUBCOMMANDS = List.of("send", "explain", "lab", "help");

    /** Builds the command line with every subcommand registered. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * Builds the command line for these arguments: when they start with a subcommand's name, only that subcommand
     * is registered. Picocli scans each registered command's options by reflection, and {@code smtpx send} should
     * not pay for the lab's; anything else (the usage, {@code help}, a mistyped name) gets every subcommand.
     */
    public static CommandLine commandLine(String... args) {
        String first = args.length == 0 ? "" : args[0];
        return commandLine(SUBCOMMANDS.contains(first) && !first.equals("help") ? List.of(first) : SUBCOMMANDS);
    }

    private static CommandLine commandLine(List<String> names) {
        CommandLine cl = new CommandLine(new SmtpxCommand());
        for (String name : names) {
            cl.addSubcommand(switch (name) {
                case "send" -> new SendCommand();
                case "explain" -> new ExplainCommand();
                case "lab" -> new LabCommand();
                case "help" -> new CommandLine.HelpCommand();
                default -> throw new IllegalArgumentException("no subcommand " + name);
            });
        }
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("smtpx: " + Printable.escape(String.valueOf(ex.getMessage())));
            return 10;
        });
        return cl;
    }

    public static int run(String... args) {
        return commandLine(args).execute(args);
    }
}
