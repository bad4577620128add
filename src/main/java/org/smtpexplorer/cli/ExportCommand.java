package org.smtpexplorer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.export.ScriptTarget;
import org.smtpexplorer.export.SessionFacts;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transcript.SavedRequest;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.SessionStep;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** smtpx export: a saved session as a script for swaks, openssl s_client or Python, with its message beside it. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a saved session as a script for swaks, openssl s_client or Python.",
            "The script does what the saved session (smtpx send --json FILE) did: the same server, security, EHLO"
                    + " name, AUTH mechanism, envelope and message.",
            "The message is written beside FILE (FILE.eml) and read by the script; the password comes from an"
                    + " environment variable the script names, never from the script. What the tool cannot do as"
                    + " the session did is said in a comment, with the closest it can."})
public final class ExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--as", required = true, paramLabel = "swaks|openssl|python", description = "The tool.")
    String as;

    @Parameters(index = "0", paramLabel = "FILE.json", description = "A session saved by smtpx send --json, or one"
            + " from the history: @N or history:N (smtpx history lists them).")
    Path file;

    /** The file, or what stands for a history entry: the message is named after it. */
    private Path named;

    @Option(names = "--eml-out", paramLabel = "FILE", description = "Where to write the message (default: FILE.json"
            + " with .eml for .json).")
    Path emlOut;

    @Option(names = "--eml", paramLabel = "FILE", description = "Use this message file as it is (needed when the saved"
            + " message was too large to keep, or the file holds none); nothing is written.")
    Path eml;

    @Option(names = "--password-env", paramLabel = "VAR", description = "The environment variable the script reads"
            + " the password from (default: ${DEFAULT-VALUE}).")
    String passwordEnv = "SMTPX_PASSWORD";

    @Option(names = "--user", paramLabel = "NAME", description = "The AUTH user, when the file does not name it.")
    String user;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the script to FILE (made"
            + " executable) instead of printing it.")
    Path output;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ScriptTarget target = ScriptTarget.parse(as);
            SavedSession saved = read();
            SavedRequest request = saved.savedRequest().orElseGet(() -> SavedRequest.inferredFrom(saved.entries()));
            List<SessionStep> steps = SessionStep.of(saved.entries());
            boolean sentMessage = steps.stream().anyMatch(s -> s.payload().isPresent());
            Path messageFile = null;
            byte[] message = null;
            if (eml != null) {
                if (!Files.isReadable(eml)) {
                    throw new IllegalArgumentException("--eml: cannot read " + eml);
                }
                messageFile = eml.toAbsolutePath().normalize();
                message = Files.readAllBytes(eml);
            } else if (saved.message() != null) {
                message = saved.message();
                messageFile = writeMessage(message, err);
            } else if (sentMessage || saved.hadMessage()) {
                throw new IllegalArgumentException(saved.hadMessage()
                        ? "the saved message (" + saved.messageSize() + " bytes) is not in " + file + " (only"
                        + " messages up to " + SavedSession.MESSAGE_LIMIT / (1024 * 1024) + " MiB are kept):"
                        + " give it with --eml FILE"
                        : file + " does not hold the message the session sent (it was not saved by smtpx send"
                        + " --json): give it with --eml FILE");
            }
            SessionFacts facts = SessionFacts.of(named.getFileName().toString(), request, steps, messageFile, message,
                    passwordEnv, user != null ? user : request.user());
            String script = target.render(facts);
            if (facts.cut(steps)) {
                err.println("smtpx export: " + named + " holds more than one connection; only the first is exported");
            }
            if (output != null) {
                Files.writeString(output, script, StandardCharsets.UTF_8);
                if (!output.toFile().setExecutable(true, false)) {
                    err.println("smtpx export: could not make " + output + " executable");
                }
            } else {
                out.print(script);
                out.flush();
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("smtpx export: " + Printable.escape(e.getMessage()));
            return FailureClass.USAGE.exitCode();
        }
    }

    private SavedSession read() {
        SavedFiles.Read read = SavedFiles.read(file);
        named = read.named();
        return read.session();
    }

    /** Writes the saved message beside the saved session, or where --eml-out says; never over another file. */
    private Path writeMessage(byte[] message, PrintWriter err) throws IOException {
        Path target = emlOut;
        if (target == null) {
            String name = named.getFileName().toString();
            target = named.resolveSibling((name.endsWith(".json") ? name.substring(0, name.length() - 5) : name)
                    + ".eml");
        }
        if (Files.exists(target)) {
            if (!Arrays.equals(Files.readAllBytes(target), message)) {
                throw new IllegalArgumentException(target + " exists and is not the saved message: give --eml-out"
                        + " FILE to write it elsewhere");
            }
        } else {
            Files.write(target, message);
        }
        err.println("smtpx export: the message is in " + target + " (" + message.length + " bytes)");
        return target.toAbsolutePath().normalize();
    }
}
