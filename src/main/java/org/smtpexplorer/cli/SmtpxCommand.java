package org.smtpexplorer.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Optional;
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
            " 11  outcome unknown: the connection broke after the whole message was sent",
            " 13  probe smuggling: a look-alike ended the message (vulnerable to SMTP smuggling)",
            " 14  probe smuggling: inconclusive (no look-alike seen ending it, some verdict not reached)",
            "tls-check: 0 nothing failed, 3 no mail server to check, 4 a check failed (smtpx tls-check --help)"})
public final class SmtpxCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The subcommands, in the order the usage lists them. */
    static final List<String> SUBCOMMANDS = List.of("send", "replay", "export", "history", "probe", "tls-check",
            "explain", "lab", "help");

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
                case "replay" -> new ReplayCommand();
                case "export" -> new ExportCommand();
                case "history" -> new HistoryCommand();
                case "probe" -> new ProbeCommand();
                case "tls-check" -> new TlsCheckCommand();
                case "explain" -> new ExplainCommand();
                case "lab" -> new LabCommand();
                case "help" -> new CommandLine.HelpCommand();
                default -> throw new IllegalArgumentException("no subcommand " + name);
            });
        }
        cl.setExecutionExceptionHandler(new ExceptionHandler());
        return cl;
    }

    /**
     * An exception a subcommand did not turn into an exit code: its message, escaped, and exit code 10. A class, not
     * a lambda: picocli's interfaces are Java 5 class files, and Java 17 cannot archive a lambda of one for start-up.
     */
    private static final class ExceptionHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine line, CommandLine.ParseResult parse) {
            return executionFailed(ex, line.getErr());
        }
    }

    /** Reports an exception a subcommand did not turn into an exit code; returns the exit code for it. */
    static int executionFailed(Exception ex, PrintWriter err) {
        err.println("smtpx: " + Printable.escape(String.valueOf(ex.getMessage())));
        return 10;
    }

    /** Runs smtpx as the smtpx command does, on standard output and standard error; returns the exit code. */
    public static int run(String... args) {
        return run(terminal(System.out, "sun.stdout.encoding"), terminal(System.err, "sun.stderr.encoding"), args);
    }

    /**
     * Runs smtpx, printing to {@code out} and {@code err}; returns the exit code. A plain {@code send} goes the
     * quick way ({@link QuickSend}); everything else through picocli.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Optional<SendCommand> quick = QuickSend.parse(args);
        if (quick.isPresent()) {
            return QuickSend.run(quick.get(), out, err);
        }
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** A writer to the terminal as picocli makes one: in the console's encoding where Java knows it. */
    private static PrintWriter terminal(PrintStream stream, String encodingProperty) {
        Charset charset = Charset.defaultCharset();
        String encoding = System.getProperty(encodingProperty);
        if (encoding != null) {
            try {
                // Windows names UTF-8 code page 65001.
                charset = Charset.forName(encoding.equalsIgnoreCase("cp65001") ? "UTF-8" : encoding);
            } catch (IllegalArgumentException e) {
                // Not available here: the default charset, as picocli falls back to.
            }
        }
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }
}
