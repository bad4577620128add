package org.smtpexplorer.transport;

import org.smtpexplorer.engine.CapabilitySnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import org.smtpexplorer.engine.Addresses;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.engine.ClientProtocol;
import org.smtpexplorer.engine.CrlfInputStream;
import org.smtpexplorer.engine.DotStuffer;
import org.smtpexplorer.engine.Exchange;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.engine.Transition;
import org.smtpexplorer.engine.Verb;
import org.smtpexplorer.engine.auth.AuthExchange;
import org.smtpexplorer.engine.auth.Mechanisms;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * One SMTP session, the one front door to the protocol: the window's step buttons and "Run to end", {@code smtpx
 * send} and the guided tour all drive a session through here, and nothing else touches the connection or the
 * protocol object. Each step returns what the server said; {@link #allowedNext()} comes from the engine's one state
 * table, narrowed by what this server offers and by the security the user asked for. Blocking: run it on one
 * worker thread; {@link #cancel()} may be called from any thread.
 */
public final class Session {
    private static final int PREVIEW_BYTES = 2048;
    /** The most replies an unframed read takes: a smuggled transaction read line by line as commands gives about 15. */
    private static final int MAX_UNFRAMED_REPLIES = 64;
    /**
     * Message bytes read at a time when they pass through the JVM (DATA, line ends to change, TLS): large enough
     * that the dot-stuffer and the socket see few, large writes.
     */
    private static final int BODY_BUFFER = 256 * 1024;
    /**
     * A message file this large may go with sendfile, on a socket that is a channel's; a smaller one, or one that is
     * no file, goes through the body buffer on a plain socket. A channel's socket costs a fresh JVM a ServiceLoader
     * look-up of the SelectorProvider, which opens the 26 MB jar that the start-up archive otherwise spares it:
     * about 15 ms of a 100 ms small send. A message not known when connecting (composed later) keeps the channel.
     */
    static final long SENDFILE_FROM = 1 << 20;
    /** What must not go out before TLS when STARTTLS is required. */
    private static final Set<Verb> WAIT_FOR_TLS = Set.copyOf(EnumSet.of(Verb.AUTH, Verb.MAIL, Verb.RCPT, Verb.DATA,
            Verb.BDAT));

    /** The request as given; once the message is composed, with its envelope and message too. */
    private volatile SendRequest request;
    private final Transcript transcript;
    private SendingPlan plan;
    private Capabilities planCaps;
    private SendRequest.Transfer planTransfer;
    private Capabilities composedFor;
    private volatile SmtpConnection connection;
    /** The connection while it connects, before it is {@link #connection}. */
    private volatile SmtpConnection opening;
    private volatile ProgressListener progress = (sent, total) -> { };
    private volatile TlsCheck tlsCheck;
    /** A message went through in this session (stepping on after it, QUIT is next). */
    private volatile boolean messageSent;
    /** The message last sent, from its first byte on the wire; null before. */
    private volatile SentMessage lastMessage;
    /** What the server said to each RCPT of the current transaction. */
    private final List<SendResult.RecipientResult> recipients = new ArrayList<>();
    /** The request's address for each RCPT command the plan made (the command may carry its A-label form). */
    private final Map<SmtpCommand, String> rcptAddress = new IdentityHashMap<>();
    /** Where the session pauses before a command; null for nowhere. */
    private volatile Breakpoints breakpoints;
    /** The plan was decided with pipelining off, because breakpoints were set. */
    private boolean planPaused;
    /** The transcript's size when this session connected: its own entries start there; -1 before. */
    private volatile int firstEntry = -1;

    /** Told how many message bytes have gone out. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(long sent, long total);
    }

    public Session(SendRequest request, Transcript transcript) {
        this.request = request;
        this.transcript = transcript;
    }

    public void onProgress(ProgressListener listener) {
        this.progress = listener;
    }

    /** Runs {@code check} after every TLS handshake of this session (before connecting); null for none. */
    public void checkTls(TlsCheck check) {
        this.tlsCheck = check;
    }

    /** Pauses before the commands of the steps {@code b} names, for {@code b} to decide on; null for no pausing. */
    public void onBeforeSend(Breakpoints b) {
        this.breakpoints = b;
    }

    /**
     * This session as {@code smtpx send --json} saves one: its own part of the transcript (from its connection
     * on), the request as it ran (with the message composed for the server, never the password) and the message.
     *
     * @throws IllegalStateException when the session never connected
     */
    public SavedSession saved() throws IOException {
        int from = firstEntry;
        if (from < 0) {
            throw new IllegalStateException("the session never connected: there is nothing to save");
        }
        return SavedRequests.session(transcript.since(from), request);
    }

    /** Cancels from any thread: a blocked connect, TLS handshake, read or write ends at once. */
    public void cancel() {
        SmtpConnection c = connection;
        if (c == null) {
            c = opening;
        }
        if (c != null) {
            c.cancel();
        }
    }

    /** Opens the connection where {@link #cancel()} can reach it while it connects. */
    private SmtpConnection openConnection() {
        MessageSource m = request.message();
        boolean small = request.messageFactory() == null && m != null
                && (m.file().isEmpty() || m.size() < SENDFILE_FROM);
        SmtpConnection c = SmtpConnection.unopened(request.connection(), transcript, tlsCheck, !small);
        opening = c;
        try {
            c.connect();
        } finally {
            opening = null;
        }
        return c;
    }

    /**
     * Gives up on the session after a failure that is not the server's (a bug, bad local input): the connection is
     * closed and the session cannot be used further.
     */
    public void abandon() {
        SmtpConnection c = connection;
        if (c != null) {
            c.cancel();
            c.protocol().fail();
        }
    }

    /** The whole session for one message, from connecting to QUIT. */
    public SendResult send() {
        return runToEnd();
    }

    /**
     * Runs the rest of the session from wherever it stands, the same path {@link #send()} takes from the start:
     * connect and greeting, EHLO (HELO fallback), STARTTLS and EHLO again as the security mode asks, AUTH if asked
     * for, the transaction (or what is left of one begun by hand), QUIT. Stops early where the request says.
     */
    public SendResult runToEnd() {
        return run(true);
    }

    /**
     * Runs as {@link #runToEnd()} does, up to where the request's {@code quitAfter} says, and leaves the session
     * open there, without QUIT: for a caller that takes the session on from that point (the SMTP smuggling probe
     * stops after RCPT and sends its own DATA). A failure still ends the session with QUIT.
     */
    public SendResult runToStop() {
        return run(false);
    }

    private SendResult run(boolean quitAtTheEnd) {
        try {
            validateUpFront();
            if (connection == null) {
                firstEntry = transcript.size();
                connection = openConnection();
                if (request.quitAfter() == SendRequest.Stop.CONNECT) {
                    if (quitAtTheEnd) {
                        connection.close();
                    }
                    return stopped();
                }
                greeting();
                if (request.quitAfter() == SendRequest.Stop.GREETING) {
                    return end(stopped(), quitAtTheEnd);
                }
            }
            ClientProtocol p = connection.protocol();
            if (p.state() == SessionState.GREETED) {
                hello();
            }
            if (request.quitAfter() == SendRequest.Stop.EHLO) {
                return end(stopped(), quitAtTheEnd);
            }
            if (!p.isTls()) {
                secure();
            }
            if (request.quitAfter() == SendRequest.Stop.TLS) {
                return end(stopped(), quitAtTheEnd);
            }
            if (request.authMechanism() != null && !p.isAuthenticated()) {
                authenticate();
            }
            if (request.quitAfter() == SendRequest.Stop.AUTH) {
                return end(stopped(), quitAtTheEnd);
            }
            SendResult result = switch (p.state()) {
                // GREETED here: EHLO was skipped at a breakpoint. MAIL goes next as it would have, and the engine
                // refuses it (or a person at a breakpoint sends it anyway, to see what the server says).
                case READY, GREETED -> transaction();
                case MAIL -> restOfTransaction();
                case RCPT -> sendBody(new ArrayList<>(recipients));
                default -> throw SmtpException.refused("cannot go on from here: the session is "
                        + p.state().description());
            };
            return end(result, quitAtTheEnd);
        } catch (SmtpException e) {
            if (!(e instanceof AbortedAtBreakpoint)) {
                recordFailure(e);
            }
            if (connection != null) {
                connection.quitQuietly();
            }
            SendResult.Status status = e.failureClass() == FailureClass.UNKNOWN_OUTCOME
                    ? SendResult.Status.UNKNOWN : SendResult.Status.FAILED;
            return new SendResult(status, List.copyOf(recipients), null, e, tls());
        }
    }

    /** After MAIL was sent by hand: the recipients, then the message. */
    private SendResult restOfTransaction() {
        rcpt();
        if (request.quitAfter() == SendRequest.Stop.RCPT) {
            return stopped();
        }
        if (recipients.stream().noneMatch(SendResult.RecipientResult::accepted)) {
            connection.execute(SmtpCommand.rset());
            throw refusedTransaction(recipients, null, null);
        }
        return sendBody(new ArrayList<>(recipients));
    }

    /**
     * One step, as the window's step buttons take them. Returns the last reply it got (null when none), so that
     * the caller can say what the server answered; a failure of the session is thrown.
     */
    public SmtpReply perform(Step step) {
        try {
            return performStep(step);
        } catch (AbortedAtBreakpoint e) {
            connection.quitQuietly();
            throw e;
        } catch (SmtpException e) {
            // A refusal before anything was sent (a SIZE limit, BDAT without CHUNKING) belongs in the transcript
            // too, not only in the status bar.
            recordFailure(e);
            throw e;
        }
    }

    private SmtpReply performStep(Step step) {
        if (step != Step.CONNECT && connection == null) {
            throw SmtpException.refused("not connected: connect first");
        }
        if (step.verb() != null) {
            refuseBeforeRequiredTls(step.verb());
        }
        return switch (step) {
            case CONNECT -> {
                if (connection != null) {
                    throw new IllegalStateException("a session connects once; start a new session");
                }
                firstEntry = transcript.size();
                connection = openConnection();
                yield greeting().reply();
            }
            case EHLO -> replyOf(ehlo());
            case HELO -> replyOf(exchange(Step.HELO, SmtpCommand.helo(request.helo())));
            case STARTTLS -> replyOf(startTls());
            case AUTH -> {
                if (request.authMechanism() == null) {
                    throw SmtpException.refused("no AUTH mechanism is chosen in the connection form");
                }
                Exchange last = authenticate();
                yield last == null ? null : last.reply();
            }
            case MAIL -> {
                recipients.clear();
                yield replyOf(exchange(Step.MAIL, mailCommand()));
            }
            case RCPT -> {
                List<Exchange> all = rcpt();
                yield all.isEmpty() ? null : all.get(all.size() - 1).reply();
            }
            case DATA, BDAT -> {
                SendResult r = sendBody(new ArrayList<>(recipients), step == Step.DATA ? SendRequest.Transfer.DATA
                        : SendRequest.Transfer.BDAT);
                if (r.status() != SendResult.Status.STOPPED) {
                    messageSent = true;
                }
                yield r.finalReply();
            }
            case RSET -> {
                Exchange x = exchange(Step.RSET, SmtpCommand.rset());
                if (x != null) {
                    recipients.clear();
                }
                yield replyOf(x);
            }
            case NOOP -> replyOf(exchange(Step.NOOP, SmtpCommand.noop()));
            case QUIT -> {
                Exchange x = connection.protocol().allowedNow().contains(Verb.QUIT) ? quitCommand() : null;
                connection.close();
                yield replyOf(x);
            }
        };
    }

    /** A line typed by hand; out of sequence it is refused unless {@code force} (for teaching). */
    public SmtpReply raw(String line, boolean force) {
        if (connection == null) {
            throw SmtpException.refused("not connected: connect first");
        }
        SmtpCommand command = SmtpCommand.raw(line);
        if (!force) {
            refuseBeforeRequiredTls(command.verb());
        }
        return connection.execute(command, force).reply();
    }

    /**
     * The deliberate raw path of the SMTP smuggling probe ({@code org.smtpexplorer.probe}), and of nothing else.
     * After MAIL and RCPT were accepted (see {@link #runToStop()}), DATA goes out as usual; on its 354, the engine's
     * framing is given up on purpose: {@code body} goes out exactly as given, without dot-stuffing, without line-end
     * normalisation and without an end of data of the client's own (the caller writes whatever look-alikes, smuggled
     * commands and real end of data it means to), QUIT right behind it in the same write, and then every reply is
     * read in order, matched to no command, until QUIT's 221, the server's close, or the reply timeout. How many
     * replies came, and which, is what the caller judges the server by. The session is closed afterwards and cannot
     * be used further; the transcript shows the bytes (as a payload), QUIT and each reply.
     *
     * @throws SmtpException when no transaction with an accepted recipient is open, or DATA is not answered 354
     *                       (the session then ends with RSET and QUIT)
     */
    public UnframedReplies sendUnframedDataThenQuit(byte[] body) {
        try {
            if (connection == null || state() != SessionState.RCPT || connection.protocol().acceptedRecipients() == 0) {
                throw SmtpException.refused("unframed data needs an open transaction with an accepted recipient; the"
                        + " session is " + state().description());
            }
            Exchange data = connection.execute(SmtpCommand.data());
            if (data.reply().code() != 354) {
                connection.execute(SmtpCommand.rset());
                throw rejected("the server refused DATA", data.reply(), List.of());
            }
        } catch (SmtpException e) {
            recordFailure(e);
            if (connection != null) {
                connection.quitQuietly();
            }
            throw e;
        }
        transcript.note("Framing given up on purpose (smuggling probe): the next " + body.length + " bytes go out"
                + " exactly as given, with no dot-stuffing, no line-end normalisation and no end of data added, then"
                + " QUIT; every reply is read, matched to no command, until QUIT's 221; the session ends there");
        transcript.payload("unframed message data: " + body.length + " bytes, exactly as given",
                Arrays.copyOf(body, Math.min(body.length, PREVIEW_BYTES)), body.length, "DATA");
        SmtpCommand quit = SmtpCommand.quit();
        transcript.client(quit, 0);
        byte[] quitBytes = quit.toBytes();
        byte[] all = Arrays.copyOf(body, body.length + quitBytes.length);
        System.arraycopy(quitBytes, 0, all, body.length, quitBytes.length);
        return connection.sendUnframed(all, MAX_UNFRAMED_REPLIES);
    }

    private static SmtpReply replyOf(Exchange x) {
        return x == null ? null : x.reply();
    }

    /**
     * Asks at the step's breakpoint what to do with {@code command}: null when no breakpoint is set for the step
     * (it goes out as the session's rules say). A skip is noted in the transcript; an abort is thrown.
     */
    private BeforeSend pause(Step step, SmtpCommand command, String notEditable) {
        Breakpoints b = breakpoints;
        if (b == null || !b.steps().contains(step)) {
            return null;
        }
        BeforeSend d = b.decide(new Proposal(step, command, problemsOf(command), notEditable));
        if (d instanceof BeforeSend.Abort) {
            transcript.note("Aborted at the breakpoint before " + command.redactedLine() + ": it was not sent");
            throw new AbortedAtBreakpoint(step);
        }
        if (d instanceof BeforeSend.Skip) {
            transcript.note("Skipped at the breakpoint: " + command.redactedLine() + " was not sent; the session"
                    + " goes on from " + state().name() + " (" + state().description() + ")");
        } else if (d instanceof BeforeSend.SendEdited && notEditable != null) {
            throw SmtpException.refused(step.label() + " cannot be edited at a breakpoint: " + notEditable);
        }
        return d;
    }

    /** Why the engine would refuse {@code command} now, as for a line typed by hand; empty when it is in sequence. */
    private List<String> problemsOf(SmtpCommand command) {
        try {
            refuseBeforeRequiredTls(command.verb());
            return connection.protocol().problems(command);
        } catch (SmtpException e) {
            return List.of(e.getMessage());
        }
    }

    /**
     * One command of a step, through the step's breakpoint: what the server answered, or null when the command was
     * skipped. A command sent at a breakpoint (as proposed or edited) goes out even when the engine warned, as the
     * command line sends one forced: the person saw the warning and chose to send it.
     */
    private Exchange exchange(Step step, SmtpCommand command) {
        BeforeSend d = pause(step, command, null);
        if (d == null) {
            return connection.execute(command);
        }
        return d instanceof BeforeSend.Skip ? null : sendDecided(command, d);
    }

    /** Sends {@code proposed}, or the line it was edited into, as decided at a breakpoint: forced past a warning. */
    private Exchange sendDecided(SmtpCommand proposed, BeforeSend d) {
        SmtpCommand sent = proposed;
        if (d instanceof BeforeSend.SendEdited e) {
            sent = SmtpCommand.raw(e.line());
            transcript.note("Edited at the breakpoint: " + proposed.redactedLine() + " was proposed, "
                    + sent.redactedLine() + " is sent instead");
        }
        List<String> problems = problemsOf(sent);
        if (!problems.isEmpty()) {
            transcript.note("Sent at the breakpoint though the engine warned: " + String.join("; ", problems));
        }
        return connection.execute(sent, !problems.isEmpty());
    }

    /** STARTTLS and the handshake, through the step's breakpoint; null when skipped. */
    private Exchange startTls() {
        if (pause(Step.STARTTLS, SmtpCommand.starttls(), "STARTTLS is followed by the TLS handshake, which needs"
                + " the command as it is") instanceof BeforeSend.Skip) {
            return null;
        }
        return connection.startTls();
    }

    /**
     * QUIT through the step's breakpoint; when skipped (null), the connection is closed without it. Closing is the
     * caller's.
     */
    private Exchange quitCommand() {
        Exchange x = exchange(Step.QUIT, SmtpCommand.quit());
        if (x == null) {
            transcript.note("The connection is closed without QUIT");
        }
        return x;
    }

    /** With STARTTLS required, AUTH and the transaction wait for TLS: refused here, before anything is sent. */
    private void refuseBeforeRequiredTls(Verb verb) {
        if (request.connection().security() == SecurityMode.STARTTLS && isOpen() && !connection.protocol().isTls()
                && WAIT_FOR_TLS.contains(verb)) {
            throw SmtpException.refused(verb + " before TLS: STARTTLS is required for this connection, so nothing"
                    + " of AUTH or a transaction goes out in clear; send STARTTLS (and EHLO again) first");
        }
    }

    /** Why a line typed by hand would be refused now; empty when it may be sent. */
    public List<String> problemsWith(String line) {
        if (connection == null || !isOpen()) {
            return List.of("not connected");
        }
        try {
            SmtpCommand command = SmtpCommand.raw(line);
            refuseBeforeRequiredTls(command.verb());
            return connection.protocol().problems(command);
        } catch (SmtpException e) {
            return List.of(e.getMessage());
        }
    }

    /**
     * The commands that may be sent now: what the engine's state table allows, narrowed by this server's offer and
     * this session's history (no second STARTTLS or AUTH), and by the security asked for: with STARTTLS required,
     * neither AUTH nor any part of a transaction goes out before TLS.
     */
    public Set<Verb> allowedCommands() {
        SmtpConnection c = connection;
        if (c == null || !isOpen()) {
            return EnumSet.noneOf(Verb.class);
        }
        Set<Verb> verbs = EnumSet.noneOf(Verb.class);
        verbs.addAll(c.protocol().allowedNow());
        if (request.connection().security() == SecurityMode.STARTTLS && !c.protocol().isTls()) {
            verbs.removeAll(WAIT_FOR_TLS);
        }
        return verbs;
    }

    /**
     * The steps that make sense now, the window's step buttons: the {@link #allowedCommands()} that are steps, and
     * AUTH only when the connection form chose a mechanism.
     */
    public Set<Step> allowedNext() {
        if (!isOpen()) {
            return EnumSet.of(Step.CONNECT);
        }
        Set<Verb> verbs = allowedCommands();
        Set<Step> out = EnumSet.noneOf(Step.class);
        for (Step s : Step.values()) {
            if (s.verb() != null && verbs.contains(s.verb())) {
                out.add(s);
            }
        }
        if (request.authMechanism() == null) {
            out.remove(Step.AUTH);
        }
        return out;
    }

    /**
     * The step "Run to end" would take next from here, for a person stepping through (the window's F6): connect,
     * EHLO, STARTTLS when the security asks for it and then EHLO again, AUTH when asked for, MAIL, RCPT, BDAT or
     * DATA as the plan decides, QUIT once the message is through. Empty when that step is not allowed now.
     */
    public Optional<Step> nextStep() {
        if (!isOpen()) {
            return Optional.of(Step.CONNECT);
        }
        ClientProtocol p = connection.protocol();
        SecurityMode mode = request.connection().security();
        Step next = switch (p.state()) {
            case GREETED -> Step.EHLO;
            case READY -> {
                if (!p.isTls() && p.capabilities().startTls()
                        && (mode == SecurityMode.STARTTLS || mode == SecurityMode.STARTTLS_IF_AVAILABLE)) {
                    yield Step.STARTTLS;
                }
                if (request.authMechanism() != null && !p.isAuthenticated()) {
                    yield Step.AUTH;
                }
                yield messageSent ? Step.QUIT : Step.MAIL;
            }
            case MAIL -> Step.RCPT;
            case RCPT -> {
                try {
                    yield plan().bdat() ? Step.BDAT : Step.DATA;
                } catch (SmtpException e) {
                    yield Step.DATA; // the step itself will say why the message cannot go
                }
            }
            case BDAT_CHUNKS -> Step.RSET;
            default -> Step.QUIT;
        };
        return allowedNext().contains(next) ? Optional.of(next) : Optional.empty();
    }

    /** True from the greeting until the session is closed or broken. */
    public boolean isOpen() {
        SmtpConnection c = connection;
        if (c == null) {
            return false;
        }
        SessionState s = c.protocol().state();
        return s != SessionState.CLOSED && s != SessionState.ERROR && s != SessionState.DISCONNECTED;
    }

    public SessionState state() {
        SmtpConnection c = connection;
        return c == null ? SessionState.DISCONNECTED : c.protocol().state();
    }

    /** How many state moves this session has made (replies and events): see {@link #movesSince}. */
    public long moveCount() {
        SmtpConnection c = connection;
        return c == null ? 0 : c.protocol().moveCount();
    }

    /** The state moves made after the first {@code count}, oldest first (only the last few are kept). */
    public List<Transition> movesSince(long count) {
        SmtpConnection c = connection;
        return c == null ? List.of() : c.protocol().movesSince(count);
    }

    /** The capabilities the server announced last (none before EHLO, and none right after STARTTLS). */
    public Capabilities capabilities() {
        SmtpConnection c = connection;
        return c == null ? Capabilities.none() : c.protocol().capabilities();
    }

    /** Every EHLO (or HELO) result of this session, by phase: before TLS, after TLS, ... */
    public List<CapabilitySnapshot> capabilityHistory() {
        SmtpConnection c = connection;
        return c == null ? List.of() : c.protocol().capabilityHistory();
    }

    /** The TLS details, once TLS is up; null before. */
    public TlsInfo tlsInfo() {
        return tls();
    }

    /**
     * The message this session last sent (or began to send, by DATA or BDAT), to look at: empty before any. Read
     * from any thread.
     */
    public Optional<SentMessage> lastMessage() {
        return Optional.ofNullable(lastMessage);
    }

    private void sending(SendingPlan p, boolean bdat) {
        MessageSource m = request.message();
        lastMessage = new SentMessage(m, bdat ? "BDAT" : "DATA", p.wireSize(), p.normaliseLineEnds()
                ? m.traits().bareLineEnds() : 0);
    }

    /** The connection, for this package's tests and tools; the window and the CLI go through the session. */
    SmtpConnection connection() {
        return connection;
    }

    /** Step: opens the connection (no greeting read yet). */
    SmtpConnection connect() {
        firstEntry = transcript.size();
        connection = openConnection();
        return connection;
    }

    /** Step: reads the greeting; anything but 220 is a rejection. */
    Exchange greeting() {
        Exchange greeting = connection.readGreeting();
        if (greeting.reply().code() != 220) {
            throw rejected("the server refused the session at its greeting", greeting.reply(), List.of());
        }
        return greeting;
    }

    /** Puts the failure in the transcript, unless the connection already did when it failed. */
    private void recordFailure(SmtpException e) {
        List<TranscriptEntry> entries = transcript.since(Math.max(0, transcript.size() - 3));
        boolean recorded = entries.stream().anyMatch(x -> x instanceof TranscriptEntry.Failure
                && e.getMessage().equals(x.text()));
        if (!recorded) {
            transcript.error(e.getMessage(), e.failureClass().name());
        }
    }

    private TlsInfo tls() {
        SmtpConnection c = connection;
        return c == null ? null : c.tlsInfo();
    }

    private SendResult stopped() {
        transcript.note("Stopped after " + request.quitAfter().name().toLowerCase(Locale.ROOT) + ", as asked");
        return new SendResult(SendResult.Status.STOPPED, List.copyOf(recipients), null, null, tls());
    }

    /** The QUIT that ends a session which ran as asked: through its breakpoint. */
    private SendResult quit(SendResult result) {
        try {
            if (connection.protocol().allowedNow().contains(Verb.QUIT)) {
                quitCommand();
            }
        } catch (AbortedAtBreakpoint e) {
            // Aborting at QUIT ends the session as QUIT would: cleanly.
            connection.quitQuietly();
        } catch (SmtpException e) {
            // The session is ending anyway; the failure is already in the transcript.
        } finally {
            connection.close();
        }
        return result;
    }

    private SendResult end(SendResult result, boolean quit) {
        return quit ? quit(result) : result;
    }

    private void validateUpFront() {
        if (request.chunkSize() < 0) {
            throw SmtpException.refused("the BDAT chunk size cannot be negative (0 lets the plan choose)");
        }
        if (request.messageFactory() != null) {
            return; // the envelope comes with the message, composed once the server is known
        }
        validateEnvelope();
    }

    private void validateEnvelope() {
        if (request.quitAfter().ordinal() > SendRequest.Stop.AUTH.ordinal()) {
            Addresses.checkPath("sender", request.from(), true);
            if (request.to().isEmpty()) {
                throw SmtpException.refused("no recipient: give at least one");
            }
            for (String r : request.to()) {
                Addresses.checkPath("recipient", r, false);
            }
            if (request.message() == null && request.quitAfter().ordinal() > SendRequest.Stop.RCPT.ordinal()) {
                throw SmtpException.refused("no message to send");
            }
        }
    }

    /** Step: EHLO alone, as the EHLO button sends it (no HELO fallback: that is the HELO button). */
    private Exchange ehlo() {
        Exchange x = exchange(Step.EHLO, SmtpCommand.ehlo(request.helo()));
        if (x != null && x.reply().isPositive()) {
            for (String w : connection.protocol().capabilities().warnings()) {
                transcript.note("EHLO: " + w);
            }
        }
        return x;
    }

    /** The recipients of the request, one RCPT each, in one flight when pipelining. */
    private List<Exchange> rcpt() {
        recipients.clear();
        List<SmtpCommand> rcpts = rcptCommands();
        List<Exchange> out = new ArrayList<>();
        if (plan().pipelining() && rcpts.size() > 1) {
            connection.send(rcpts, false);
            for (int i = 0; i < rcpts.size(); i++) {
                out.add(connection.readReply());
            }
        } else {
            for (SmtpCommand c : rcpts) {
                Exchange x = exchange(Step.RCPT, c);
                if (x != null) {
                    out.add(x);
                }
            }
        }
        recordRecipients(out, recipients);
        return out;
    }

    /** Step: EHLO, falling back to HELO after 500 or 502. */
    void hello() {
        Exchange ehlo = exchange(Step.EHLO, SmtpCommand.ehlo(request.helo()));
        if (ehlo == null) {
            return;
        }
        int code = ehlo.reply().code();
        if (code == 500 || code == 502) {
            transcript.note("EHLO not understood (" + code + "): falling back to HELO, without any extension"
                    + " (RFC 5321 §3.2)");
            Exchange helo = exchange(Step.HELO, SmtpCommand.helo(request.helo()));
            if (helo == null) {
                return;
            }
            if (!helo.reply().isPositive()) {
                throw rejected("the server refused HELO", helo.reply(), List.of());
            }
        } else if (!ehlo.reply().isPositive()) {
            throw rejected("the server refused EHLO", ehlo.reply(), List.of());
        }
        for (String w : connection.protocol().capabilities().warnings()) {
            transcript.note("EHLO: " + w);
        }
    }

    /** Step: STARTTLS and EHLO again, as the security mode asks. */
    void secure() {
        SecurityMode mode = request.connection().security();
        if (mode == SecurityMode.NONE || mode == SecurityMode.IMPLICIT) {
            return;
        }
        Capabilities caps = connection.protocol().capabilities();
        if (connection.protocol().state() == SessionState.GREETED) {
            // EHLO was skipped at a breakpoint: the server never said what it offers.
            if (mode == SecurityMode.STARTTLS) {
                throw new SmtpException(FailureClass.TLS, "EHLO was skipped, so the server never said whether it"
                        + " offers STARTTLS; TLS is required, so nothing more is sent");
            }
            transcript.note("EHLO was skipped, so the server never said whether it offers STARTTLS: continuing"
                    + " without TLS (starttls-if-available)");
            return;
        }
        if (!caps.startTls()) {
            if (mode == SecurityMode.STARTTLS) {
                throw new SmtpException(FailureClass.TLS, "the server does not offer STARTTLS and TLS is required;"
                        + " nothing more is sent (if it usually does, something may be stripping it)");
            }
            transcript.note("The server does not offer STARTTLS: continuing without TLS (starttls-if-available)");
            return;
        }
        Exchange x = startTls();
        if (x == null) {
            if (mode == SecurityMode.STARTTLS) {
                throw new SmtpException(FailureClass.TLS, "STARTTLS was skipped and TLS is required for this"
                        + " connection: nothing of AUTH or the transaction goes out in clear");
            }
            transcript.note("STARTTLS skipped: continuing without TLS (starttls-if-available)");
            return;
        }
        if (x.reply().code() != 220) {
            boolean closing = x.reply().code() == 421;
            if (mode == SecurityMode.STARTTLS || closing) {
                throw new SmtpException(FailureClass.TLS, "STARTTLS refused: " + x.reply().summary()
                        + (closing ? "; the server is closing the session" : "; TLS is required, so nothing more is"
                        + " sent"), x.reply());
            }
            transcript.note("STARTTLS refused (" + x.reply().summary() + "): continuing without TLS");
            return;
        }
        transcript.note("Capabilities from before TLS are discarded; EHLO again (RFC 3207 §4.2)");
        hello();
    }

    /** Step: AUTH with the requested (or the strongest offered) mechanism; nothing when no AUTH was asked. */
    private Exchange authenticate() {
        if (request.credentials() == null) {
            throw SmtpException.refused("AUTH needs a user name and a password");
        }
        Set<String> offered = connection.protocol().capabilities().authMechanisms();
        String mech = request.authMechanism();
        if (mech.equalsIgnoreCase("auto")) {
            mech = Mechanisms.choose(offered).orElseThrow(() -> new SmtpException(FailureClass.AUTH, offered.isEmpty()
                    ? "the server offers no AUTH here" + (connection.protocol().isTls() ? ""
                    : " (many servers offer it only after STARTTLS)")
                    : "none of the offered mechanisms (" + String.join(" ", offered) + ") is supported"));
            transcript.note("AUTH auto: chose " + mech + " from " + String.join(" ", offered));
        }
        AuthExchange auth = AuthExchange.create(Mechanisms.create(mech, request.credentials(),
                request.connection().host(), request.connection().port()), connection.protocol().isTls(),
                request.allowPlaintextAuth());
        if (!connection.protocol().isTls()) {
            transcript.note(auth.mechanism().sendsReusableSecret()
                    ? "Warning: authenticating with " + mech + " without TLS, as explicitly allowed: the "
                    + (mech.contains("OAUTH") ? "token" : "password") + " crosses the network readable to anyone on"
                    + " the path"
                    : "Authenticating with " + mech + " without TLS: the password itself is not sent, but the user"
                    + " name and the rest of the session are readable to anyone on the path");
        }
        SmtpCommand next = auth.start();
        BeforeSend d = pause(Step.AUTH, next, null);
        if (d instanceof BeforeSend.Skip) {
            return null;
        }
        if (d instanceof BeforeSend.SendEdited) {
            return editedAuth(next, d);
        }
        int notesShown = 0;
        Exchange x = null;
        while (next != null) {
            x = connection.execute(next);
            try {
                next = auth.onReply(x.reply());
            } finally {
                for (String n : auth.notes().subList(notesShown, auth.notes().size())) {
                    transcript.note(n);
                }
                notesShown = auth.notes().size();
            }
        }
        transcript.note("Authenticated as " + request.credentials().username() + " with " + mech);
        return x;
    }

    /**
     * An AUTH line edited at the breakpoint, sent as typed. The mechanism cannot answer a challenge to a line it did
     * not write, so a 334 is answered with "*", which cancels the exchange (RFC 4954 §4).
     */
    private Exchange editedAuth(SmtpCommand proposed, BeforeSend edited) {
        Exchange x = sendDecided(proposed, edited);
        if (x.reply().code() == 334 && connection.protocol().state() == SessionState.AUTHENTICATING) {
            transcript.note("The server asks for more, but the mechanism cannot answer for an edited line: the"
                    + " exchange is cancelled with \"*\" (RFC 4954 §4)");
            x = connection.execute(SmtpCommand.authResponse("*"));
        }
        if (connection.protocol().isAuthenticated()) {
            transcript.note("Authenticated with the edited AUTH line");
        } else if (x.reply().isFailure()) {
            throw new SmtpException(FailureClass.AUTH, "the edited AUTH line failed: " + x.reply().summary(),
                    x.reply());
        }
        return x;
    }

    /**
     * The sending plan for the server's current capabilities, decided once per EHLO (composing the message
     * first when a factory makes it); its notes go into the transcript when it is decided.
     */
    public SendingPlan plan() {
        composeIfNeeded();
        return plan(request.transfer());
    }

    /** Has the factory compose the message for the server's current capabilities, once per EHLO. */
    private void composeIfNeeded() {
        Capabilities caps = connection.protocol().capabilities();
        if (request.messageFactory() != null && composedFor != caps) {
            request = request.messageFactory().compose(request, caps);
            composedFor = caps;
            validateEnvelope();
        }
    }

    private SendingPlan plan(SendRequest.Transfer transfer) {
        composeIfNeeded();
        Capabilities caps = connection.protocol().capabilities();
        Breakpoints b = breakpoints;
        boolean paused = b != null && !b.steps().isEmpty();
        if (plan == null || planCaps != caps || planTransfer != transfer || planPaused != paused) {
            try {
                plan = SendingPlan.decide(paused ? request.with(r -> r.pipelining(false)) : request, transfer, caps,
                        connection.protocol().isTls());
            } catch (UncheckedIOException e) {
                // The traits scan, in the background since the message was chosen, could not read the file.
                throw failWhileSending(e.getCause());
            }
            planCaps = caps;
            planTransfer = transfer;
            planPaused = paused;
            for (String note : plan.notes()) {
                transcript.note(note);
            }
            if (paused && request.pipelining() && caps.pipelining()) {
                transcript.note("PIPELINING is off while breakpoints are set: each command goes out alone, so that"
                        + " each can pause");
            }
        }
        return plan;
    }

    /** The MAIL command for this message and server: SIZE, BODY, SMTPUTF8, DSN and REQUIRETLS as they apply. */
    private SmtpCommand mailCommand() {
        SendingPlan p = plan();
        p.requireSendable();
        return p.mail(request);
    }

    /** One RCPT command per recipient, with the DSN parameters when asked. */
    private List<SmtpCommand> rcptCommands() {
        List<SmtpCommand> rcpts = plan().rcpts(request);
        rcptAddress.clear();
        for (int i = 0; i < rcpts.size(); i++) {
            rcptAddress.put(rcpts.get(i), request.to().get(i));
        }
        return rcpts;
    }

    /**
     * Step: sends the message after MAIL and RCPT were accepted: DATA and the body, or BDAT chunks, as the
     * plan decides.
     */
    SendResult sendBody(List<SendResult.RecipientResult> results) {
        return sendBody(results, request.transfer());
    }

    /** The message by DATA or BDAT, as asked, after MAIL and RCPT were accepted. */
    private SendResult sendBody(List<SendResult.RecipientResult> results, SendRequest.Transfer transfer) {
        SendingPlan p = plan(transfer);
        p.requireSendable();
        if (p.bdat()) {
            return bdatTransfer(List.of(), results, p, false);
        }
        Exchange data = exchange(Step.DATA, SmtpCommand.data());
        if (data == null) {
            return skippedBody(results, "DATA");
        }
        if (data.reply().code() != 354) {
            connection.execute(SmtpCommand.rset());
            throw refusedTransaction(results, "the server refused DATA", data.reply());
        }
        return dataTransfer(results, p);
    }

    /** DATA or BDAT was skipped at a breakpoint: the message was not sent, and the transaction stays open. */
    private SendResult skippedBody(List<SendResult.RecipientResult> results, String verb) {
        transcript.note(verb + " was skipped: the message was not sent; the transaction stays open until RSET or"
                + " QUIT");
        return new SendResult(SendResult.Status.STOPPED, results, null, null, tls());
    }

    /** Step: the whole transaction, MAIL to the end of the message, pipelined when the server allows. */
    SendResult transaction() {
        List<SendResult.RecipientResult> results = recipients;
        results.clear();
        SendingPlan p = plan();
        p.requireSendable();
        List<SmtpCommand> flight = new ArrayList<>();
        flight.add(p.mail(request));
        boolean stopAtMail = request.quitAfter() == SendRequest.Stop.MAIL;
        if (!stopAtMail) {
            flight.addAll(rcptCommands());
        }
        boolean toData = request.quitAfter().ordinal() > SendRequest.Stop.RCPT.ordinal();
        List<Exchange> envelope = new ArrayList<>();
        boolean dataInFlight = false;
        if (p.pipelining()) {
            if (toData && p.bdat()) {
                return bdatTransfer(flight, results, p, true);
            }
            if (toData) {
                flight.add(SmtpCommand.data());
                dataInFlight = true;
            }
            connection.send(flight, false);
            if (flight.size() > 1) {
                transcript.note("PIPELINING: " + describe(flight) + " went out in one flight");
            }
            for (int i = 0; i < flight.size(); i++) {
                envelope.add(connection.readReply());
            }
        } else {
            for (SmtpCommand c : flight) {
                Exchange x = exchange(c.verb() == Verb.MAIL ? Step.MAIL : Step.RCPT, c);
                if (x == null) {
                    continue;
                }
                envelope.add(x);
                if (c.verb() == Verb.MAIL && !x.reply().isPositive()) {
                    break;
                }
            }
        }
        Exchange mail = envelope.isEmpty() || envelope.get(0).command().verb() == Verb.RCPT ? null
                : envelope.get(0);
        if (mail == null) {
            // MAIL was skipped at a breakpoint: whatever the RCPTs got, no transaction was begun.
            recordRecipients(envelope, results);
            if (stopAtMail || !toData) {
                return stopped();
            }
            if (results.stream().noneMatch(SendResult.RecipientResult::accepted)) {
                throw refusedTransaction(results, null, null);
            }
            return sendBody(results);
        }
        if (!mail.reply().isPositive()) {
            recordRecipients(envelope, results);
            if (dataInFlight) {
                connection.execute(SmtpCommand.rset());
            }
            throw rejected("the server refused the sender", mail.reply(), followOn(envelope.subList(1,
                    envelope.size())));
        }
        recordRecipients(envelope, results);
        if (stopAtMail || !toData) {
            return stopped();
        }
        if (results.stream().noneMatch(SendResult.RecipientResult::accepted)) {
            SmtpReply dataReply = dataInFlight ? envelope.get(envelope.size() - 1).reply() : null;
            if (dataReply != null && dataReply.code() == 354) {
                // RFC 2920 §3.1: DATA was accepted though no recipient was; end it empty, then reset.
                transcript.note("No recipient was accepted but DATA got 354: sending an empty body to end it");
                connection.endData(connection.protocol().beginData());
                connection.readReply();
            }
            connection.execute(SmtpCommand.rset());
            throw refusedTransaction(results, null, dataReply == null || dataReply.code() == 354 ? null : dataReply);
        }
        if (!dataInFlight) {
            return sendBody(results);
        }
        Exchange data = envelope.get(envelope.size() - 1);
        if (data.reply().code() != 354) {
            connection.execute(SmtpCommand.rset());
            throw refusedTransaction(results, "the server refused DATA", data.reply());
        }
        return dataTransfer(results, p);
    }

    /** "MAIL, 3 RCPT and DATA": what a flight carried, for a note. */
    private static String describe(List<SmtpCommand> flight) {
        long rcpts = flight.stream().filter(c -> c.verb() == Verb.RCPT).count();
        List<String> named = new ArrayList<>();
        for (SmtpCommand c : flight) {
            String name = switch (c.verb()) {
                case RCPT -> rcpts + " RCPT";
                case BDAT -> "the first BDAT chunk";
                default -> c.verb().name();
            };
            if (!named.contains(name)) {
                named.add(name);
            }
        }
        return named.size() == 1 ? named.get(0) : String.join(", ", named.subList(0, named.size() - 1)) + " and "
                + named.get(named.size() - 1);
    }

    /** The recipients the RCPT commands of {@code envelope} named, with what the server said to each. */
    private void recordRecipients(List<Exchange> envelope, List<SendResult.RecipientResult> results) {
        for (Exchange x : envelope) {
            if (x.command() != null && x.command().verb() == Verb.RCPT) {
                SendResult.RecipientResult r = new SendResult.RecipientResult(recipientOf(x.command()), x.reply());
                results.add(r);
                if (!r.accepted()) {
                    transcript.note("Recipient " + r.address() + " refused, " + (x.reply().isTransientFailure()
                            ? "temporarily" : "permanently") + ": " + x.reply().summary());
                }
            }
        }
    }

    /**
     * The address a RCPT command named: the request's, as typed, for a command the plan made; the line's own for
     * one edited at a breakpoint.
     */
    private String recipientOf(SmtpCommand rcpt) {
        String planned = rcptAddress.get(rcpt);
        if (planned != null) {
            return planned;
        }
        SmtpCommand meaning = rcpt instanceof SmtpCommand.Raw raw ? raw.meaning() : rcpt;
        return meaning instanceof SmtpCommand.Rcpt r ? r.forwardPath() : rcpt.line();
    }

    private SendResult dataTransfer(List<SendResult.RecipientResult> results, SendingPlan p) {
        DotStuffer stuffer = connection.protocol().beginData();
        sending(p, false);
        byte[] buf = new byte[BODY_BUFFER];
        long sent = 0;
        long total = request.message().size();
        byte[] preview = null;
        try (InputStream in = request.message().open()) {
            var out = connection.payloadStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                if (preview == null) {
                    preview = Arrays.copyOf(buf, Math.min(n, PREVIEW_BYTES));
                }
                stuffer.encode(buf, 0, n, out);
                sent += n;
                progress.progress(sent, total);
            }
        } catch (IOException e) {
            throw failWhileSending(e);
        }
        transcript.payload("message body: " + stuffer.inputBytes() + " bytes, " + stuffer.outputBytes()
                + " on the wire after dot-stuffing and CRLF normalisation", preview == null ? new byte[0] : preview,
                stuffer.inputBytes(), "DATA");
        connection.endData(stuffer);
        Exchange fin = readFinal();
        if (!fin.reply().isPositive()) {
            throw rejected("the server refused the message after DATA", fin.reply(), List.of());
        }
        return new SendResult(SendResult.Status.SENT, results, fin.reply(), null, tls());
    }

    /** Reads the reply to the end of the message; losing the connection here leaves the outcome unknown. */
    private Exchange readFinal() {
        try {
            return connection.readReply();
        } catch (SmtpException e) {
            if (e.failureClass() == FailureClass.IO || e.failureClass() == FailureClass.TIMEOUT) {
                throw new SmtpException(FailureClass.UNKNOWN_OUTCOME, "the whole message was sent but no final"
                        + " reply came (" + e.getMessage() + "); it may have been delivered. Not resent", null, e);
            }
            throw e;
        }
    }

    private SmtpException failWhileSending(IOException e) {
        return new SmtpException(FailureClass.IO, "cannot read the message: " + e.getMessage(), null, e);
    }

    /** The message as it goes out: with bare line ends made CRLF when the plan says so. */
    private InputStream openBody(SendingPlan p) throws IOException {
        InputStream in = request.message().open();
        return p.normaliseLineEnds() && request.message().traits().bareLineEnds() > 0 ? new CrlfInputStream(in) : in;
    }

    /**
     * BDAT (RFC 3030). With {@code envelope} non-empty, the envelope and the first chunk go out in one flight (with
     * no chunk size asked for, chunks of 1 MiB, 2, 4 and so on: {@link SendingPlan#nextChunk}); the replies already
     * back are read after each chunk but the last. A refused sender, every recipient refused, or a
     * failure reply to a chunk stops the transfer and resets the transaction. A message file that goes
     * out as it is (no line end to change) on a plain connection is sent with sendfile, from the page cache to the
     * socket; otherwise the chunks pass through one buffer.
     */
    private SendResult bdatTransfer(List<SmtpCommand> envelope, List<SendResult.RecipientResult> results,
                                    SendingPlan p, boolean pipelined) {
        long size = p.wireSize();
        boolean withEnvelope = !envelope.isEmpty();
        long chunks = p.chunks(withEnvelope);
        long previous = 0;
        boolean pipelineChunks = p.pipelining();
        List<Exchange> envelopeReplies = new ArrayList<>();
        int outstanding = 0;
        long sent = 0;
        SmtpReply failure = null;
        SmtpReply last = null;
        Path path = request.message().file().orElse(null);
        boolean asInTheFile = !p.normaliseLineEnds() || request.message().traits().bareLineEnds() == 0;
        boolean sendFile = path != null && asInTheFile && connection.canSendFile();
        FileChannel file = null;
        byte[] buf = sendFile ? null : new byte[BODY_BUFFER];
        if (envelope.isEmpty() && pause(Step.BDAT, SmtpCommand.bdat(p.nextChunk(false, 0, 0), chunks == 1),
                "a BDAT line announces the size of the chunk that follows it") instanceof BeforeSend.Skip) {
            return skippedBody(results, "BDAT");
        }
        sending(p, true);
        try (InputStream in = sendFile ? null : openBody(p)) {
            if (sendFile) {
                file = FileChannel.open(path, StandardOpenOption.READ);
            }
            for (long i = 0; i < chunks; i++) {
                long len = p.nextChunk(withEnvelope, sent, previous);
                previous = len;
                boolean isLast = i == chunks - 1;
                List<SmtpCommand> flight = new ArrayList<>(i == 0 ? envelope : List.of());
                flight.add(SmtpCommand.bdat(len, isLast));
                connection.send(flight, false);
                if (flight.size() > 1) {
                    transcript.note("PIPELINING: " + describe(flight) + " went out in one flight");
                }
                outstanding += flight.size();
                byte[] preview = null;
                if (file != null) {
                    if (i == 0) {
                        ByteBuffer start = ByteBuffer.allocate((int) Math.min(len, PREVIEW_BYTES));
                        file.read(start, 0);
                        preview = Arrays.copyOf(start.array(), start.position());
                    }
                    long from = sent;
                    long moved = connection.sendFile(file, from, len, new LongConsumer() {
                        private long done;

                        @Override
                        public void accept(long n) {
                            done += n;
                            progress.progress(from + done, size);
                        }
                    });
                    if (moved < len) {
                        throw abandonChunk(new SmtpException(FailureClass.IO,
                                "the message became shorter while it was sent"));
                    }
                    sent += len;
                } else {
                    long left = len;
                    var out = connection.payloadStream();
                    while (left > 0) {
                        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                        if (n < 0) {
                            throw abandonChunk(new SmtpException(FailureClass.IO,
                                    "the message became shorter while it was sent"));
                        }
                        if (preview == null && i == 0) {
                            preview = Arrays.copyOf(buf, Math.min(n, PREVIEW_BYTES));
                        }
                        out.write(buf, 0, n);
                        left -= n;
                        sent += n;
                        progress.progress(sent, size);
                    }
                }
                connection.flush();
                transcript.payload("BDAT chunk " + (i + 1) + " of " + chunks + ": " + len + " bytes",
                        preview == null ? new byte[0] : preview, len, "BDAT");
                List<Exchange> arrived = new ArrayList<>();
                if (pipelineChunks && !isLast) {
                    arrived.addAll(connection.pollReplies());
                } else {
                    while (outstanding > arrived.size()) {
                        arrived.add(isLast ? readFinal() : connection.readReply());
                    }
                }
                outstanding -= arrived.size();
                for (Exchange x : arrived) {
                    if (x.command().verb() == Verb.BDAT) {
                        last = x.reply();
                        if (!x.reply().isPositive() && failure == null) {
                            failure = x.reply();
                        }
                    } else {
                        envelopeReplies.add(x);
                    }
                }
                boolean envelopeAnswered = !envelope.isEmpty() && envelopeReplies.size() == envelope.size();
                if (envelopeAnswered && results.isEmpty()) {
                    recordRecipients(envelopeReplies, results);
                }
                // Nothing more is sent once the server has refused the sender, every recipient, or a chunk.
                if (failure != null || (!envelopeReplies.isEmpty() && !envelopeReplies.get(0).reply().isPositive())
                        || (envelopeAnswered && results.stream().noneMatch(SendResult.RecipientResult::accepted))) {
                    break;
                }
            }
            while (outstanding > 0) {
                Exchange x = readFinal();
                outstanding--;
                if (x.command().verb() == Verb.BDAT) {
                    last = x.reply();
                    if (!x.reply().isPositive() && failure == null) {
                        failure = x.reply();
                    }
                } else {
                    envelopeReplies.add(x);
                }
            }
        } catch (IOException e) {
            throw abandonChunk(failWhileSending(e));
        } finally {
            closeQuietly(file);
        }
        if (pipelined && results.isEmpty()) {
            recordRecipients(envelopeReplies, results);
        }
        boolean inDoubt = connection.protocol().state() == SessionState.BDAT_CHUNKS;
        if (pipelined && !envelopeReplies.get(0).reply().isPositive()) {
            if (inDoubt) {
                connection.execute(SmtpCommand.rset());
            }
            throw rejected("the server refused the sender", envelopeReplies.get(0).reply(),
                    failure == null ? List.of() : List.of(failure));
        }
        if (failure != null) {
            if (inDoubt) {
                transcript.note(results.stream().noneMatch(SendResult.RecipientResult::accepted)
                        ? "No recipient was accepted, so BDAT was refused too: the transaction is reset"
                        : "A BDAT chunk failed: the transfer stops and the transaction is reset (RFC 3030)");
                connection.execute(SmtpCommand.rset());
            }
            throw refusedTransaction(results, "the server refused the message during BDAT", failure);
        }
        if (sent < size) {
            // Stopped once every recipient was refused, though no chunk was: the rest of the message did not go.
            if (inDoubt) {
                transcript.note("No recipient was accepted: the rest of the message is not sent, and the transaction"
                        + " is reset");
                connection.execute(SmtpCommand.rset());
            }
            throw refusedTransaction(results, null, null);
        }
        return new SendResult(SendResult.Status.SENT, results, last, null, tls());
    }

    private static void closeQuietly(FileChannel file) {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // Only read from: nothing is lost.
            }
        }
    }

    /**
     * The message could not be read to the end of a BDAT chunk already announced. The chunk cannot be completed,
     * and the server would count any further command (even QUIT) as message bytes: the session is abandoned.
     */
    private SmtpException abandonChunk(SmtpException e) {
        connection.protocol().fail();
        return e;
    }

    /**
     * A transaction that failed after MAIL was accepted, summarised by its root cause: when no recipient was
     * accepted, the first recipient's refusal, with the reply to DATA or BDAT ({@code after}) named only as its
     * follow-on; otherwise {@code after} itself.
     */
    private static SmtpException refusedTransaction(List<SendResult.RecipientResult> results, String what,
                                                    SmtpReply after) {
        var firstRefusal = results.stream().filter(r -> !r.accepted() && r.reply() != null).findFirst();
        if (results.stream().noneMatch(SendResult.RecipientResult::accepted) && firstRefusal.isPresent()) {
            return rejected("the server accepted none of the recipients", firstRefusal.get().reply(),
                    after == null ? List.of() : List.of(after));
        }
        if (after == null) {
            return SmtpException.refused("no recipient: every RCPT was skipped at a breakpoint, so there is no one"
                    + " to send the message to");
        }
        return rejected(what, after, List.of());
    }

    /** The failure replies among those that came after the root cause, in order. */
    private static List<SmtpReply> followOn(List<Exchange> after) {
        return after.stream().map(Exchange::reply).filter(SmtpReply::isFailure).toList();
    }

    /**
     * A rejection named by the reply that caused it, said to be temporary or permanent, with the replies that
     * only followed from it listed as follow-ons.
     */
    private static SmtpException rejected(String what, SmtpReply reply, List<SmtpReply> followOns) {
        StringBuilder sb = new StringBuilder(what).append(": ").append(reply.summary());
        String kind = reply.failureKind();
        List<String> after = followOns.stream().filter(r -> r != reply).map(SmtpReply::summary).toList();
        if (kind != null || !after.isEmpty()) {
            sb.append(" (").append(kind == null ? "" : kind);
            if (!after.isEmpty()) {
                sb.append(kind == null ? "" : "; ").append("follow-on: ").append(String.join("; ", after));
            }
            sb.append(")");
        }
        return new SmtpException(FailureClass.REJECTED, sb.toString(), reply);
    }
}
