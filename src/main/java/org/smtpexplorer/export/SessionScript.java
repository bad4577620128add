package org.smtpexplorer.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.SessionStep;

/**
 * A session saved with its request (see {@code Session.saved()}) as a script, with the message it sent written to
 * a file the script reads: the window's "Copy as command". The password is never in it: the script reads it from
 * the environment variable it names.
 *
 * @param script      the script
 * @param messageFile where the message was written, or null when the session sent none
 */
public record SessionScript(String script, Path messageFile) {

    /** The environment variable the window's scripts read the password from, as {@code smtpx export}'s default. */
    public static final String PASSWORD_ENV = "SMTPX_PASSWORD";

    /**
     * The script for {@code target}. When the session sent a message, it is written into {@code messageDir} as
     * {@code name.eml} (or {@code name-2.eml}, ...: a file holding other bytes is never overwritten; one holding the
     * same bytes is used as it is).
     *
     * @param source what the script's comments call the session
     * @throws IllegalArgumentException when the session sent a message too large to have been kept
     */
    public static SessionScript of(SavedSession saved, ScriptTarget target, String source, Path messageDir,
                                   String name) throws IOException {
        if (saved.request() == null) {
            throw new IllegalArgumentException("the session was saved without its request");
        }
        List<SessionStep> steps = SessionStep.of(saved.entries());
        boolean sentMessage = steps.stream().anyMatch(s -> s.payload().isPresent());
        Path file = null;
        byte[] message = null;
        if (sentMessage) {
            message = saved.message();
            if (message == null) {
                throw new IllegalArgumentException("the message (" + saved.messageSize() + " bytes) is larger than "
                        + SavedSession.MESSAGE_LIMIT / (1024 * 1024) + " MiB, so it was not kept: save the session"
                        + " with smtpx send --json and export it with smtpx export --eml FILE");
            }
            file = write(messageDir, name, message);
        }
        SessionFacts facts = SessionFacts.of(source, saved.request(), steps, file, message, PASSWORD_ENV,
                saved.request().user());
        return new SessionScript(target.render(facts), file);
    }

    private static Path write(Path dir, String name, byte[] message) throws IOException {
        Files.createDirectories(dir);
        for (int i = 1; ; i++) {
            Path p = dir.resolve(name + (i == 1 ? "" : "-" + i) + ".eml");
            if (!Files.exists(p)) {
                Files.write(p, message);
                return p.toAbsolutePath().normalize();
            }
            if (Files.size(p) == message.length && Arrays.equals(Files.readAllBytes(p), message)) {
                return p.toAbsolutePath().normalize();
            }
        }
    }
}
