package org.smtpexplorer.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.transcript.SavedRequest;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.SessionDiff;
import org.smtpexplorer.transcript.SessionStep;
import org.smtpexplorer.transcript.Transcript;

/**
 * A saved session run again against another server, and compared with it step by step: {@code smtpx replay} and the
 * window's "Replay against..." both go through here. The request is rebuilt from what was saved (or, for a file saved
 * without one, from what its transcript shows), with the target's changes; it runs through the same
 * {@link Session#send()} as {@code smtpx send}, so where the saved session let the client choose (DATA or BDAT), the
 * replay chooses for the new server. Blocking: {@link #run()} on one worker thread, {@link #cancel()} from any.
 */
public final class Replay {
    /** Failures that cut a replay short: anything else is the server's or the client's answer, i.e. a result. */
    public static final Set<FailureClass> CUT_SHORT = Set.of(FailureClass.CONNECT, FailureClass.PROTOCOL,
            FailureClass.TIMEOUT, FailureClass.IO, FailureClass.UNKNOWN_OUTCOME);

    private final SavedSession saved;
    private final SavedRequest recipe;
    private final SendRequest request;
    private final boolean exact;
    private final Transcript transcript = new Transcript();
    private final Session session;
    private volatile boolean cancelled;

    /** Gives the user name and password when the replay authenticates; asked only then. */
    @FunctionalInterface
    public interface CredentialSource {
        /**
         * @param mechanism the AUTH mechanism the replay will use
         * @param savedUser the user the saved session authenticated as, or null when it is not known
         * @throws IllegalArgumentException when no user or password can be had; the message says what to give
         */
        Credentials credentials(String mechanism, String savedUser) throws IOException;
    }

    /**
     * The saved session sent a message that the file does not hold: the caller names how to give one (a command
     * line option, a file chooser) after this message.
     */
    public static final class MessageMissing extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MessageMissing(String message) {
            super(message);
        }
    }

    private Replay(SavedSession saved, SavedRequest recipe, SendRequest request, boolean exact) {
        this.saved = saved;
        this.recipe = recipe;
        this.request = request;
        this.exact = exact;
        this.session = new Session(request, transcript);
    }

    /**
     * Rebuilds the request: the saved one with {@code target}'s changes, the credentials from {@code credentials}
     * when it authenticates, the message from the target or the file.
     *
     * @param source what the saved session is called in messages (its file)
     * @throws IllegalArgumentException when the file holds a value smtpx does not know, or no connection to replay,
     *                                  or no user or password can be had; {@link MessageMissing} when the message
     *                                  must be given
     */
    public static Replay prepare(SavedSession saved, String source, ReplayTarget target, CredentialSource credentials)
            throws IOException {
        SavedRequest recipe = recipe(saved);
        SecurityMode mode = target.security() != null ? target.security()
                : recipe.security() == null ? SecurityMode.auto(target.port()) : SavedRequests.security(recipe);
        TlsSettings tls = target.tls() != null ? target.tls() : new TlsSettings(recipe.trustCerts().stream()
                .map(Path::of).filter(Files::isReadable).toList(), recipe.insecure(), List.of());
        Duration wait = target.timeout() != null ? target.timeout()
                : SavedRequests.timeout(recipe, Duration.ofSeconds(60));
        String family = target.ipFamily() != null ? target.ipFamily()
                : recipe.ipFamily() == null ? "any" : recipe.ipFamily();
        if (!List.of("any", "ipv4", "ipv6").contains(family)) {
            throw new IllegalArgumentException("request.ipFamily must be one of any, ipv4, ipv6, not \"" + family
                    + "\"");
        }
        ConnectOptions connection = ConnectOptions.of(target.host(), target.port(), mode, tls)
                .withTimeouts(wait, wait).withIpFamily(family);
        SendRequest.Builder b = SavedRequests.restore(recipe, connection);
        String mechanism = target.noAuth() ? null : target.authMechanism() != null ? target.authMechanism()
                : recipe.authMechanism();
        b.authMechanism(mechanism);
        if (mechanism != null) {
            b.credentials(credentials.credentials(mechanism, recipe.user()));
        }
        b.allowPlaintextAuth(target.allowPlaintextAuth() || recipe.allowPlaintextAuth());
        b.message(target.message() != null ? target.message() : savedMessage(saved, source));
        return new Replay(saved, recipe, b.build(), target.exact());
    }

    /** What the saved session was asked to do: as saved, else as its transcript shows. */
    public static SavedRequest recipe(SavedSession saved) {
        return saved.savedRequest().orElseGet(() -> SavedRequest.inferredFrom(saved.entries()));
    }

    /** The message to send again: the saved one; none when the saved session sent none. */
    private static MessageSource savedMessage(SavedSession saved, String source) {
        byte[] bytes = saved.message();
        if (bytes != null) {
            return MessageSource.of(bytes, "the saved message");
        }
        boolean sentOne = SessionStep.of(saved.entries()).stream().anyMatch(s -> s.payload().isPresent());
        if (saved.hadMessage() || sentOne) {
            throw new MessageMissing(saved.hadMessage()
                    ? "the saved message (" + saved.messageSize() + " bytes) is not in " + source + " (only messages"
                    + " up to " + SavedSession.MESSAGE_LIMIT / (1024 * 1024) + " MiB are kept)"
                    : source + " does not hold the message the session sent (it was not saved by smtpx send --json)");
        }
        return null;
    }

    public SavedSession saved() {
        return saved;
    }

    /** The saved request the replay was rebuilt from. */
    public SavedRequest recipe() {
        return recipe;
    }

    /** The request the replay sends. */
    public SendRequest request() {
        return request;
    }

    /** Reply text is compared too, not only the codes. */
    public boolean exact() {
        return exact;
    }

    /** The replay's transcript, filled as it runs: a viewer may poll it from another thread. */
    public Transcript transcript() {
        return transcript;
    }

    /** Runs the replay to its end (blocking) and compares it with the saved session. */
    public Result run() {
        SendResult sent;
        if (cancelled) {
            SmtpException e = new SmtpException(FailureClass.IO, "cancelled");
            transcript.error("cancelled", FailureClass.IO.name());
            sent = new SendResult(SendResult.Status.FAILED, List.of(), null, e, null);
        } else {
            sent = session.send();
        }
        return new Result(sent, SessionDiff.of(saved.entries(), transcript.entries(), exact), cancelled);
    }

    /** Stops the replay from any thread: a blocked read or write ends at once. */
    public void cancel() {
        cancelled = true;
        session.cancel();
    }

    /**
     * How a replay ended.
     *
     * @param sent      what the session returned
     * @param diff      the saved session and the replay compared
     * @param cancelled it was cancelled
     */
    public record Result(SendResult sent, SessionDiff diff, boolean cancelled) {
        /** The failure that ended the replay, or null. */
        public SmtpException failure() {
            return sent.failure();
        }

        /** The server could not be reached: there is nothing to compare. */
        public boolean unreachable() {
            return failure() != null && failure().failureClass() == FailureClass.CONNECT;
        }

        /** The replay did not run to its end (the server's refusals are not this: they are its result). */
        public boolean cutShort() {
            return cancelled || failure() != null && CUT_SHORT.contains(failure().failureClass());
        }
    }
}
