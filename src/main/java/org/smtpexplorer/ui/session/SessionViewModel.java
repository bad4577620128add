package org.smtpexplorer.ui.session;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.engine.Transition;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transport.SavedRequests;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.SentMessage;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.Step;
import org.smtpexplorer.ui.common.Poller;
import org.smtpexplorer.ui.common.Tasks;

/**
 * Drives one session, a step at a time or to the end, through the session's one front door. Each step runs on the
 * single worker; afterwards a {@link SessionSnapshot} of the session is published on the FX thread and the step
 * buttons follow it.
 */
public final class SessionViewModel {
    private final Transcript transcript;
    private final Tasks tasks;
    private final Supplier<SendRequest> requestFactory;
    private final ReadOnlyObjectWrapper<SessionSnapshot> snapshot =
            new ReadOnlyObjectWrapper<>(SessionSnapshot.disconnected());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not connected");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyObjectWrapper<SentMessage> lastMessage = new ReadOnlyObjectWrapper<>();
    private final AtomicLong sentBytes = new AtomicLong();
    private final AtomicLong totalBytes = new AtomicLong();
    private final Poller poller;
    private Session session;
    /** The session being run, for the history: set on the FX thread, recorded once on the worker when it ends. */
    private volatile Run current;
    private volatile Recorder recorder;
    /** Read and written on the worker only: the session last read and how many of its moves were shown. */
    private Session lastRead;
    private long movesShown;

    /**
     * @param requestFactory reads the connection form on the FX thread; the message in the request is composed
     *                       later, on the worker, once the server's capabilities are known
     */
    public SessionViewModel(Transcript transcript, Tasks tasks, Supplier<SendRequest> requestFactory) {
        this(transcript, tasks, requestFactory, Poller.perPulse());
    }

    /** With {@code poller} sampling the progress while a step runs: a plain JUnit test passes its own. */
    public SessionViewModel(Transcript transcript, Tasks tasks, Supplier<SendRequest> requestFactory,
                            Poller poller) {
        this.transcript = transcript;
        this.tasks = tasks;
        this.requestFactory = requestFactory;
        this.poller = poller;
    }

    /**
     * Where a session goes when it ends (the history): given its transcript entries and its request, with the message
     * it sent, on the worker thread.
     */
    public interface Recorder {
        void record(List<TranscriptEntry> entries, SendRequest request) throws java.io.IOException;
    }

    /** Keeps every session that ends from now on with {@code recorder} (the window's history); null for none. */
    public void recordWith(Recorder recorder) {
        this.recorder = recorder;
    }

    /** A session with what it was asked to do, where its transcript began, and whether it was recorded yet. */
    private static final class Run {
        final Session session;
        final SendRequest request;
        final int from;
        boolean recorded;

        Run(Session session, SendRequest request, int from) {
            this.session = session;
            this.request = request;
            this.from = from;
        }
    }

    /**
     * The last session as a saved session, for the window's JSON export: all of {@code entries}, with the request
     * (never the password) and the message of the last session the window ran, when there was one. Reads the
     * message: call it off the FX thread.
     */
    public SavedSession savedSession(List<TranscriptEntry> entries) throws java.io.IOException {
        Run run = current;
        if (run == null) {
            return SavedSession.of(entries);
        }
        return SavedRequests.session(entries, withSentMessage(run));
    }

    /**
     * Saves the transcript as JSON (schema 2, secrets redacted) with the last session's request and message, as
     * {@code smtpx send --json} does, so that the file can be replayed and exported; on the worker, the status says
     * how it went.
     */
    public void exportJson(java.nio.file.Path file) {
        List<TranscriptEntry> entries = transcript.entries();
        tasks.run(() -> {
            SavedSession saved = savedSession(entries);
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
                org.smtpexplorer.transcript.TranscriptExport.writeJson(saved, out);
            }
            return "Exported " + entries.size() + " entries to " + file + (saved.request() == null ? ""
                    : ", with the request" + (saved.message() != null ? " and the message" : saved.hadMessage()
                    ? " (the message, over 10 MiB, by its size and digest only)" : ""));
        }, status::set, t -> status.set("Cannot export " + file + ": " + t.getMessage()));
    }

    private static SendRequest withSentMessage(Run run) {
        SentMessage sent = run.session.lastMessage().orElse(null);
        return sent == null ? run.request : run.request.with(b -> b.message(sent.source()));
    }

    public ReadOnlyObjectProperty<SessionSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    /** Share of the message body sent, 0 to 1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The message the last session sent (or began to send), for the message view; null before any. */
    public ReadOnlyObjectProperty<SentMessage> lastMessageProperty() {
        return lastMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public Transcript transcript() {
        return transcript;
    }

    /** Takes the step "Run to end" would take next, if there is one and nothing is running. */
    public void nextStep() {
        SessionSnapshot now = snapshot.get();
        if (!now.busy() && now.next() != null) {
            step(now.next());
        }
    }

    /** Runs one step; Connect reads the form and starts a new session, which keeps that request to its end. */
    public void step(Step step) {
        if (step == Step.CONNECT && !newSession(requestFactory)) {
            return;
        }
        Session s = session;
        run(step.label(), () -> describe(step.label(), s.perform(step)));
    }

    /** Runs the rest of the session from wherever it stands (a new session when none is open). */
    public void runToEnd() {
        if ((session == null || !snapshot.get().open()) && !newSession(requestFactory)) {
            return;
        }
        runSessionToEnd();
    }

    /**
     * Runs a new session to its end for the request {@code from} gives (the guided tour's, whatever the form's
     * message says); a request that cannot be made is reported in the status.
     */
    public void runToEndWith(Supplier<SendRequest> from) {
        if (newSession(from)) {
            runSessionToEnd();
        }
    }

    private void runSessionToEnd() {
        Session s = session;
        run("Run to end", () -> {
            SendResult result = s.runToEnd();
            if (result.failure() != null) {
                throw result.failure();
            }
            long ok = result.acceptedCount();
            int all = result.recipients().size();
            return switch (result.status()) {
                case SENT -> ok < all ? "Run to end: sent, but accepted for only " + ok + " of " + all + " recipients"
                        : "Run to end: sent" + (result.finalReply() == null ? "" : ": "
                        + result.finalReply().summary());
                default -> "Run to end: " + result.status().name().toLowerCase();
            };
        });
    }

    /** Reads the request into a new session; false (with the reason in the status) when it is not valid. */
    private boolean newSession(Supplier<SendRequest> from) {
        SendRequest request;
        try {
            request = from.get();
        } catch (RuntimeException e) {
            status.set("Cannot connect: " + e.getMessage());
            return false;
        }
        Session s = new Session(request, transcript);
        s.onProgress((sent, total) -> {
            sentBytes.set(sent);
            totalBytes.set(total);
        });
        session = s;
        current = new Run(s, request, transcript.size());
        return true;
    }

    /** Why a typed command would be refused now; empty when it is legal. */
    public List<String> problemsWith(String line) {
        Session s = session;
        return s == null ? List.of("not connected") : s.problemsWith(line);
    }

    /** Sends a typed command; with {@code force} even when it is out of sequence (for teaching). */
    public void sendTyped(String line, boolean force) {
        Session s = session;
        if (s == null) {
            status.set("Not connected");
            return;
        }
        run(line, () -> describe(line, s.raw(line, force)));
    }

    /** Aborts the session from the FX thread: the worker's blocked read ends at once. */
    public void cancel() {
        Session s = session;
        if (s != null) {
            s.cancel();
        }
    }

    /**
     * "MAIL FROM: 550 5.1.0 ... (a permanent failure ...)": what the server said to a step, its first line only
     * (an EHLO reply's keywords are in the transcript and the Capabilities tab).
     */
    static String describe(String what, SmtpReply reply) {
        if (reply == null) {
            return what + ": done";
        }
        String kind = reply.failureKind();
        int more = reply.lines().size() - 1;
        String first = reply.lines().isEmpty() ? "" : reply.lines().get(0).strip();
        return what + ": " + reply.code() + (reply.enhanced() == null ? "" : " " + reply.enhanced())
                + (first.isEmpty() ? "" : " " + first) + (more > 0 ? " (+" + more + " line" + (more == 1 ? "" : "s")
                + ")" : "") + (kind == null ? "" : " (" + kind + ")");
    }

    private void run(String what, Callable<String> work) {
        snapshot.set(snapshot.get().asBusy());
        status.set(what + "...");
        sentBytes.set(0);
        totalBytes.set(0);
        Poller.Polling poll = poller.start(this::showProgress);
        Session s = session;
        Run run = current;
        tasks.run(() -> {
            try {
                String done = work.call();
                return new Outcome(read(s), done + recordIfEnded(run), sent(s));
            } catch (SmtpException e) {
                return new Outcome(read(s), what + ": " + e.getMessage() + recordIfEnded(run), sent(s));
            } catch (RuntimeException e) {
                // Not a protocol failure: a bug or bad local input. The session cannot be trusted to go on.
                transcript.error(what + " failed: " + e, "LOCAL");
                s.abandon();
                return new Outcome(read(s), what + " failed: " + e.getMessage() + recordIfEnded(run), sent(s));
            }
        }, o -> {
            poll.stop();
            showProgress();
            snapshot.set(o.snapshot());
            status.set(o.status());
            if (o.sent() != null) {
                lastMessage.set(o.sent());
            }
        }, t -> {
            poll.stop();
            snapshot.set(SessionSnapshot.disconnected());
            status.set(what + " failed: " + t);
        });
    }

    /**
     * On the worker, after a step: a session that has ended (closed, failed, or never connected) is kept in the
     * history once. Returns what the status should add: nothing, or why it could not be kept.
     */
    private String recordIfEnded(Run run) {
        Recorder r = recorder;
        if (r == null || run == null || run.recorded || run.session.isOpen()) {
            return "";
        }
        run.recorded = true;
        List<TranscriptEntry> entries = transcript.since(run.from);
        if (entries.isEmpty()) {
            return "";
        }
        try {
            r.record(entries, withSentMessage(run));
            return "";
        } catch (java.io.IOException | RuntimeException e) {
            return " (not kept in the history: " + e.getMessage() + ")";
        }
    }

    /** Samples the worker's byte counters on the FX thread: the worker never touches a UI property. */
    private void showProgress() {
        long total = totalBytes.get();
        progress.set(total <= 0 ? 0 : Math.min(1.0, (double) sentBytes.get() / total));
    }

    private record Outcome(SessionSnapshot snapshot, String status, SentMessage sent) {
    }

    private static SentMessage sent(Session s) {
        return s == null ? null : s.lastMessage().orElse(null);
    }

    /** Reads the session on the worker thread. */
    private SessionSnapshot read(Session s) {
        if (s == null) {
            return SessionSnapshot.disconnected();
        }
        if (s != lastRead) {
            lastRead = s;
            movesShown = 0;
        }
        long count = s.moveCount();
        List<Transition> moved = s.movesSince(movesShown);
        movesShown = count;
        return new SessionSnapshot(s.state(), s.allowedNext(), s.allowedCommands(), s.capabilityHistory(),
                s.tlsInfo(), false, s.isOpen(), s.nextStep().orElse(null), moved);
    }
}
