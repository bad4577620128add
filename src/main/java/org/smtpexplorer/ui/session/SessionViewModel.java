package org.smtpexplorer.ui.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
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
import org.smtpexplorer.export.ScriptTarget;
import org.smtpexplorer.export.SessionScript;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transport.BeforeSend;
import org.smtpexplorer.transport.Breakpoints;
import org.smtpexplorer.transport.Proposal;
import org.smtpexplorer.transport.SavedRequests;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.SentMessage;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.Step;
import org.smtpexplorer.transport.TlsCheck;
import org.smtpexplorer.ui.common.Poller;
import org.smtpexplorer.ui.common.Tasks;

/**
 * Drives one session, a step at a time or to the end, through the session's one front door. Each step runs on the
 * single worker; afterwards a {@link SessionSnapshot} of the session is published on the FX thread and the step
 * buttons follow it.
 *
 * <p>Breakpoints: before a command of a step chosen in {@link #pauseBeforeProperty()}, the worker stops and the
 * command the session proposes is published in {@link #pausedProperty()}; {@link #sendPaused}, {@link #skipPaused}
 * or {@link #abortPaused} (and Esc, through {@link #cancel()}) answer it on the FX thread and the step or the run
 * goes on.
 */
public final class SessionViewModel {
    /** The steps a breakpoint can be set on: every one that sends a command. */
    public static final Set<Step> PAUSABLE = Set.copyOf(EnumSet.complementOf(EnumSet.of(Step.CONNECT)));

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
    private final ReadOnlyObjectWrapper<Set<Step>> pauseBefore = new ReadOnlyObjectWrapper<>(Set.of());
    private final ReadOnlyObjectWrapper<Proposal> paused = new ReadOnlyObjectWrapper<>();
    /** The breakpoints as the worker reads them. */
    private volatile Set<Step> breakpoints = Set.of();
    /** The answer the worker waits for while {@link #paused} is set; FX thread only. */
    private CompletableFuture<BeforeSend> answer;
    private Session session;
    /** The session being run, for the history: set on the FX thread, recorded once on the worker when it ends. */
    private volatile Run current;
    private volatile Recorder recorder;
    private TlsCheck tlsCheck;
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

    /** Runs {@code check} after every TLS handshake of the sessions started from now on (certificate pinning). */
    public void checkTls(TlsCheck check) {
        this.tlsCheck = check;
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

    /** The steps the session pauses before (see {@link #PAUSABLE}); empty for none. */
    public ReadOnlyObjectProperty<Set<Step>> pauseBeforeProperty() {
        return pauseBefore.getReadOnlyProperty();
    }

    /** Sets or clears the breakpoint before {@code step}; it counts from the next command, even during a run. */
    public void pauseBefore(Step step, boolean on) {
        if (!PAUSABLE.contains(step)) {
            throw new IllegalArgumentException(step.label() + " sends no command: it cannot have a breakpoint");
        }
        Set<Step> now = EnumSet.noneOf(Step.class);
        now.addAll(pauseBefore.get());
        if (on) {
            now.add(step);
        } else {
            now.remove(step);
        }
        setBreakpoints(now);
    }

    /** Sets a breakpoint before every step, or clears them all. */
    public void pauseBeforeEvery(boolean on) {
        setBreakpoints(on ? PAUSABLE : Set.of());
    }

    private void setBreakpoints(Set<Step> steps) {
        breakpoints = Set.copyOf(steps);
        pauseBefore.set(breakpoints);
    }

    /** The command the session is held at, at a breakpoint; null when it is not paused. */
    public ReadOnlyObjectProperty<Proposal> pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    /**
     * Sends the paused command: as proposed when {@code line} is null or the proposed line (or the command cannot be
     * edited), else {@code line} as typed, through the engine's checks like the command line (a warning, not a
     * block). A line that cannot be sent at all (CR, LF or NUL in it) is refused in the status and the pause stays.
     */
    public void sendPaused(String line) {
        Proposal p = paused.get();
        if (p == null) {
            return;
        }
        if (line == null || line.equals(p.line()) || !p.editable()) {
            answer(BeforeSend.SEND, "sending...");
            return;
        }
        String why = Proposal.unsendable(line);
        if (why != null) {
            status.set("Cannot send the edited " + p.step().label() + ": " + why);
            return;
        }
        answer(BeforeSend.edited(line), "sending the edited line...");
    }

    /** Sends nothing for the paused command; the step or the run goes on from the state the session is in. */
    public void skipPaused() {
        answer(BeforeSend.SKIP, "skipped");
    }

    /** Ends the session at the paused command, with QUIT where it is allowed. */
    public void abortPaused() {
        answer(BeforeSend.ABORT, "aborting...");
    }

    private void answer(BeforeSend decision, String what) {
        CompletableFuture<BeforeSend> waiting = answer;
        Proposal p = paused.get();
        if (waiting == null || p == null) {
            return;
        }
        answer = null;
        paused.set(null);
        status.set(p.step().label() + ": " + what);
        waiting.complete(decision);
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
        if (answer != null) {
            return;
        }
        if (step == Step.CONNECT && !newSession(requestFactory)) {
            return;
        }
        Session s = session;
        run(step.label(), () -> {
            SmtpReply reply = s.perform(step);
            return reply == null && skipped ? step.label() + ": skipped at the breakpoint; nothing was sent"
                    : describe(step.label(), reply);
        });
    }

    /** Runs the rest of the session from wherever it stands (a new session when none is open). */
    public void runToEnd() {
        if (answer != null) {
            return;
        }
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
        s.checkTls(tlsCheck);
        s.onProgress((sent, total) -> {
            sentBytes.set(sent);
            totalBytes.set(total);
        });
        s.onBeforeSend(new Held(s));
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

    /**
     * Aborts the session from the FX thread: the worker's blocked read ends at once. At a breakpoint, the session
     * is aborted there instead, cleanly, with QUIT.
     */
    public void cancel() {
        if (answer != null) {
            abortPaused();
            return;
        }
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

    private void run(String what, Supplier<String> work) {
        snapshot.set(snapshot.get().asBusy());
        status.set(what + "...");
        sentBytes.set(0);
        totalBytes.set(0);
        Poller.Polling poll = poller.start(this::showProgress);
        Session s = session;
        Run run = current;
        tasks.<Outcome, Pause>run(publish -> {
            pauses = publish;
            skipped = false;
            try {
                String done = work.get();
                return new Outcome(read(s), done + recordIfEnded(run), sent(s));
            } catch (SmtpException e) {
                return new Outcome(read(s), what + ": " + e.getMessage() + recordIfEnded(run), sent(s));
            } catch (RuntimeException e) {
                // Not a protocol failure: a bug or bad local input. The session cannot be trusted to go on.
                transcript.error(what + " failed: " + e, "LOCAL");
                s.abandon();
                return new Outcome(read(s), what + " failed: " + e.getMessage() + recordIfEnded(run), sent(s));
            }
        }, this::show, o -> {
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

    /** A command held at a breakpoint, handed to the FX thread with the session as it stands and the answer to give. */
    private record Pause(Proposal proposal, SessionSnapshot snapshot, CompletableFuture<BeforeSend> answer) {
    }

    /** Where the running work publishes a pause; written by the worker as each piece of work begins. */
    private volatile Consumer<Pause> pauses;
    /** The piece of work running skipped a command at a breakpoint; worker only. */
    private boolean skipped;

    private void show(Pause p) {
        answer = p.answer();
        snapshot.set(p.snapshot());
        paused.set(p.proposal());
        status.set("Paused before " + p.proposal().step().label() + " (breakpoint): Send, Skip or Abort");
    }

    /** The window's breakpoints for one session: the worker waits at each for the person's answer. */
    private final class Held implements Breakpoints {
        private final Session session;

        Held(Session session) {
            this.session = session;
        }

        @Override
        public Set<Step> steps() {
            return breakpoints;
        }

        @Override
        public BeforeSend decide(Proposal proposal) {
            Consumer<Pause> publish = pauses;
            if (publish == null) {
                return BeforeSend.SEND;
            }
            CompletableFuture<BeforeSend> decided = new CompletableFuture<>();
            SessionSnapshot now = read(session);
            publish.accept(new Pause(proposal, now.asBusyAfterMoves(), decided));
            try {
                BeforeSend d = decided.get();
                if (d instanceof BeforeSend.Skip) {
                    skipped = true;
                }
                return d;
            } catch (InterruptedException e) {
                // The window is closing: end the session as Abort would.
                Thread.currentThread().interrupt();
                return BeforeSend.ABORT;
            } catch (ExecutionException e) {
                return BeforeSend.ABORT;
            }
        }
    }

    /**
     * Copies the last session (the one running or the one before) as a script for {@code target}: the script goes
     * to {@code onScript} on the FX thread (the view puts it on the clipboard), the message it sent into
     * {@code messageDir}, where the script reads it. Never the password: the script reads it from the environment.
     */
    public void copyAsCommand(ScriptTarget target, Path messageDir, Consumer<String> onScript) {
        Session s = session;
        if (s == null) {
            status.set("Copy as command: no session yet; connect or run one first");
            return;
        }
        if (snapshot.get().busy()) {
            status.set("Copy as command: wait until the step ends");
            return;
        }
        LocalDateTime at = LocalDateTime.now();
        String name = "session-" + at.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String source = "the SMTP Explorer window (" + at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                + ")";
        tasks.run(() -> {
            try {
                return SessionScript.of(s.saved(), target, source, messageDir, name);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write the message: " + e.getMessage(), e);
            }
        }, made -> {
            onScript.accept(made.script());
            status.set("Copied as a " + target.cliName() + " command" + (made.messageFile() == null ? ""
                    : "; the message it sends is " + made.messageFile()) + "; the password comes from $"
                    + SessionScript.PASSWORD_ENV);
        }, t -> status.set("Copy as command: " + t.getMessage()));
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
