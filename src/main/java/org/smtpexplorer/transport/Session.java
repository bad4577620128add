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
import java.util.List;
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
    /** A message went through in this session (stepping on after it, QUIT is next). */
    private volatile boolean messageSent;
    /** The message last sent, from its first byte on the wire; null before. */
    private volatile SentMessage lastMessage;
    /** What the server said to each RCPT of the current transaction. */
    private final List<SendResult.RecipientResult> recipients = new ArrayList<>();

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
        SmtpConnection c = SmtpConnection.unopened(request.connection(), transcript);
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
                case READY -> transaction();
                case MAIL -> restOfTransaction();
                case RCPT -> sendBody(new ArrayList<>(recipients));
                default -> throw SmtpException.refused("cannot go on from here: the session is "
                        + p.state().description());
            };
            return end(result, quitAtTheEnd);
        } catch (SmtpException e) {
            recordFailure(e);
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
                connection = openConnection();
                yield greeting().reply();
            }
            case EHLO -> ehlo().reply();
            case HELO -> connection.execute(SmtpCommand.helo(request.helo())).reply();
            case STARTTLS -> connection.startTls().reply();
            case AUTH -> {
                if (request.authMechanism() == null) {
                    throw SmtpException.refused("no AUTH mechanism is chosen in the connection form");
                }
                Exchange last = authenticate();
                yield last == null ? null : last.reply();
            }
            case MAIL -> {
                recipients.clear();
                yield connection.execute(mailCommand()).reply();
            }
            case RCPT -> {
                List<Exchange> all = rcpt();
                yield all.isEmpty() ? null : all.get(all.size() - 1).reply();
            }
            case DATA, BDAT -> {
                SmtpReply fin = sendBody(new ArrayList<>(recipients), step == Step.DATA ? SendRequest.Transfer.DATA
                        : SendRequest.Transfer.BDAT).finalReply();
                messageSent = true;
                yield fin;
            }
            case RSET -> {
                recipients.clear();
                yield connection.execute(SmtpCommand.rset()).reply();
            }
            case NOOP -> connection.execute(SmtpCommand.noop()).reply();
            case QUIT -> {
                Exchange x = connection.protocol().allowedNow().contains(Verb.QUIT)
                        ? connection.execute(SmtpCommand.quit()) : null;
                connection.close();
                yield x == null ? null : x.reply();
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

    private SendResult quit(SendResult result) {
        connection.quitQuietly();
        return result;
    }

    private SendResult end(SendResult result, boolean quit) {
        return quit ? quit(result) : result;
    }

    private void validateUpFront() {
        if (request.chunkSize() < 1) {
            throw SmtpException.refused("chunk size must be at least 1 byte");
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
        Exchange x = connection.execute(SmtpCommand.ehlo(request.helo()));
        if (x.reply().isPositive()) {
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
                out.add(connection.execute(c));
            }
        }
        recordRecipients(out, recipients);
        return out;
    }

    /** Step: EHLO, falling back to HELO after 500 or 502. */
    void hello() {
        Exchange ehlo = connection.execute(SmtpCommand.ehlo(request.helo()));
        int code = ehlo.reply().code();
        if (code == 500 || code == 502) {
            transcript.note("EHLO not understood (" + code + "): falling back to HELO, without any extension"
                    + " (RFC 5321 §3.2)");
            Exchange helo = connection.execute(SmtpCommand.helo(request.helo()));
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
        if (!caps.startTls()) {
            if (mode == SecurityMode.STARTTLS) {
                throw new SmtpException(FailureClass.TLS, "the server does not offer STARTTLS and TLS is required;"
                        + " nothing more is sent (if it usually does, something may be stripping it)");
            }
            transcript.note("The server does not offer STARTTLS: continuing without TLS (starttls-if-available)");
            return;
        }
        Exchange x = connection.startTls();
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
        if (plan == null || planCaps != caps || planTransfer != transfer) {
            try {
                plan = SendingPlan.decide(request, transfer, caps, connection.protocol().isTls());
            } catch (UncheckedIOException e) {
                // The traits scan, in the background since the message was chosen, could not read the file.
                throw failWhileSending(e.getCause());
            }
            planCaps = caps;
            planTransfer = transfer;
            for (String note : plan.notes()) {
                transcript.note(note);
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
        return plan().rcpts(request);
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
        Exchange data = connection.execute(SmtpCommand.data());
        if (data.reply().code() != 354) {
            connection.execute(SmtpCommand.rset());
            throw refusedTransaction(results, "the server refused DATA", data.reply());
        }
        return dataTransfer(results, p);
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
            flight.addAll(p.rcpts(request));
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
                Exchange x = connection.execute(c);
                envelope.add(x);
                if (c.verb() == Verb.MAIL && !x.reply().isPositive()) {
                    break;
                }
            }
        }
        Exchange mail = envelope.get(0);
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

    private void recordRecipients(List<Exchange> envelope, List<SendResult.RecipientResult> results) {
        int i = 0;
        for (Exchange x : envelope) {
            if (x.command() != null && x.command().verb() == Verb.RCPT) {
                SendResult.RecipientResult r = new SendResult.RecipientResult(request.to().get(i++), x.reply());
                results.add(r);
                if (!r.accepted()) {
                    transcript.note("Recipient " + r.address() + " refused, " + (x.reply().isTransientFailure()
                            ? "temporarily" : "permanently") + ": " + x.reply().summary());
                }
            }
        }
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
     * BDAT (RFC 3030). With {@code envelope} non-empty, the envelope and the first chunk go out in one flight.
     * A failure reply to a non-final chunk stops the transfer and resets the transaction. A message file that goes
     * out as it is (no line end to change) on a plain connection is sent with sendfile, from the page cache to the
     * socket; otherwise the chunks pass through one buffer.
     */
    private SendResult bdatTransfer(List<SmtpCommand> envelope, List<SendResult.RecipientResult> results,
                                    SendingPlan p, boolean pipelined) {
        long size = p.wireSize();
        long chunk = p.chunkSize();
        long chunks = p.chunks();
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
        sending(p, true);
        try (InputStream in = sendFile ? null : openBody(p)) {
            if (sendFile) {
                file = FileChannel.open(path, StandardOpenOption.READ);
            }
            for (long i = 0; i < chunks; i++) {
                long len = Math.min(chunk, size - sent);
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
                if (!envelopeReplies.isEmpty() && i == 0 && envelopeReplies.size() == envelope.size()) {
                    recordRecipients(envelopeReplies, results);
                }
                if (failure != null || (!envelopeReplies.isEmpty()
                        && !envelopeReplies.get(0).reply().isPositive())) {
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
