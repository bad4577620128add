package org.smtpexplorer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code smtpx send} without picocli, for argument lists made only of the plain forms: {@code --option value} and
 * {@code --flag}. Picocli builds its model of a command by reflection over the annotations, which spins a proxy class
 * per annotation type, and its classes are Java 5 class files that a Java 17 class-data-sharing archive keeps
 * unverified: together about 60 ms, half of a plain send's run time. Everything else is declined, and picocli
 * parses the arguments as before, with its own messages and usage: help and version, anything not an option of
 * send, a single-value option or a flag given twice, a missing value, a value that starts with "-" (picocli may take
 * it for an option), {@code --option=value}, {@code @file} arguments (picocli expands them), {@code --}, no
 * {@code --server}, a number or path picocli would reject, an unreadable {@code --eml}. QuickSendTest checks that
 * wherever this class accepts, picocli accepts too and sets every option alike.
 */
final class QuickSend {
    private QuickSend() {
    }

    /** The send command these arguments ask for, or empty when picocli must read them. */
    static Optional<SendCommand> parse(String... args) {
        if (args.length < 3 || !args[0].equals("send")) {
            return Optional.empty();
        }
        SendCommand command = new SendCommand();
        Set<String> given = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            SendCommand.Kind kind = SendCommand.quickKind(name);
            if (kind == null || (kind != SendCommand.Kind.REPEATABLE && !given.add(name))) {
                return Optional.empty();
            }
            String value = null;
            if (kind != SendCommand.Kind.FLAG) {
                if (i + 1 == args.length || !plain(args[i + 1])) {
                    return Optional.empty();
                }
                value = args[++i];
            }
            try {
                command.quickSet(name, value);
            } catch (NumberFormatException | InvalidPathException e) {
                return Optional.empty();
            }
        }
        if (command.connection.server == null || (command.eml != null && !Files.isReadable(command.eml))) {
            return Optional.empty();
        }
        return Optional.of(command);
    }

    /** A value picocli reads as a value, unchanged: not option-like, not an argument file. */
    private static boolean plain(String value) {
        return !value.startsWith("-") && !value.startsWith("@");
    }

    /** Runs the command as picocli would, its failures reported by {@link SmtpxCommand#executionFailed}. */
    static int run(SendCommand command, PrintWriter out, PrintWriter err) {
        try {
            return command.send(out, err);
        } catch (IOException | RuntimeException e) {
            return SmtpxCommand.executionFailed(e, err);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
