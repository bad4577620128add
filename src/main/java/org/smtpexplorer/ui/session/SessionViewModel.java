package org.smtpexplorer.ui.session;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.smtpexplorer.engine.ClientProtocol;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.MessageSender;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.SmtpConnection;
import org.smtpexplorer.ui.common.Poller;
import org.smtpexplorer.ui.common.Tasks;
import org.smtpexplorer.ui.connection.ConnectionViewModel;

/**
 * Drives one session, a step at a time or to the end. Each step runs on the single worker; afterwards a
 * {@link SessionSnapshot} of the engine is published on the FX thread and the step buttons follow it.
 */
public final class SessionViewModel {
    private final Transcript transcript;
    private final Tasks tasks;
    private final Supplier<ConnectionViewModel.Prepared> requestFactory;
    private ConnectionViewModel.Prepared prepared;
    private final ReadOnlyObjectWrapper<SessionSnapshot> snapshot =
            new ReadOnlyObjectWrapper<>(SessionSnapshot.disconnected());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not connected");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final AtomicLong sentBytes = new AtomicLong();
    private final AtomicLong totalBytes = new AtomicLong();
    private final Poller poller;
    private MessageSender sender;
    private SendRequest request;
    private final List<SendResult.RecipientResult> recipients = new ArrayList<>();

    public SessionViewModel(Transcript transcript, Tasks tasks,
                            Supplier<ConnectionViewModel.Prepared> requestFactory) {
        this(transcript, tasks, requestFactory, Poller.perPulse());
    }

    /** With {@code poller} sampling the progress while a step runs: a plain JUnit test passes its own. */
    public SessionViewModel(Transcript transcript, Tasks tasks,
                            Supplier<ConnectionViewModel.Prepared> requestFactory, Poller poller) {
        this.transcript = transcript;
        this.tasks = tasks;
        this.requestFactory = requestFactory;
        this.poller = poller;
    }

    public ReadOnlyObjectProperty<SessionSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    /** Share of the message body sent, 0 to 1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public Transcript transcript() {
        return transcript;
    }

    /** Runs one step; the request is taken from the form at Connect and kept for the session. */
    public void step(Step step) {
        if (step == Step.CONNECT) {
            try {
                prepared = requestFactory.get();
                request = prepared.request();
            } catch (RuntimeException e) {
                status.set("Cannot connect: " + e.getMessage());
                return;
            }
            sender = newSender();
            recipients.clear();
        }
        MessageSender s = sender;
        SendRequest r = request;
        run(step.label(), () -> {
            perform(step, s, r);
            return null;
        });
    }

    private void perform(Step step, MessageSender s, SendRequest r) {
        SmtpConnection c = s.connection();
        switch (step) {
            case CONNECT -> {
                prepared.complete();
                s.connect();
                s.greeting();
            }
            case EHLO -> c.execute(SmtpCommand.ehlo(r.helo));
            case HELO -> c.execute(SmtpCommand.helo(r.helo));
            case STARTTLS -> c.startTls();
            case AUTH -> s.authenticate();
            case MAIL -> c.execute(s.mailCommand());
            case RCPT -> {
                recipients.clear();
                int i = 0;
                for (SmtpCommand rcpt : s.rcptCommands()) {
                    recipients.add(new SendResult.RecipientResult(r.to.get(i++), c.execute(rcpt).reply()));
                }
            }
            case DATA, BDAT -> {
                r.transfer = step == Step.DATA ? SendRequest.Transfer.DATA : SendRequest.Transfer.BDAT;
                s.sendBody(new ArrayList<>(recipients));
            }
            case RSET -> c.execute(SmtpCommand.rset());
            case NOOP -> c.execute(SmtpCommand.noop());
            case QUIT -> c.quitQuietly();
            default -> throw new IllegalStateException("unknown step " + step);
        }
    }

    /** Runs the rest of the session from wherever it stands: the same path `smtpx send` takes. */
    public void runToEnd() {
        if (sender == null || sender.connection() == null
                || snapshot.get().state() == SessionState.CLOSED || snapshot.get().state() == SessionState.ERROR) {
            ConnectionViewModel.Prepared p;
            try {
                p = requestFactory.get();
                request = p.request();
            } catch (RuntimeException e) {
                status.set("Cannot connect: " + e.getMessage());
                return;
            }
            sender = newSender();
            MessageSender s = sender;
            run("Run to end", () -> {
                p.complete();
                SendResult result = s.send();
                if (result.failure() != null) {
                    throw result.failure();
                }
                return null;
            });
            return;
        }
        MessageSender s = sender;
        run("Run to end", () -> {
            SmtpConnection c = s.connection();
            ClientProtocol p = c.protocol();
            if (p.state() == SessionState.GREETED) {
                s.hello();
            }
            SecurityMode mode = request.connection.security();
            if (!p.isTls() && (mode == SecurityMode.STARTTLS || mode == SecurityMode.STARTTLS_IF_AVAILABLE)) {
                s.secure();
            }
            if (request.authMechanism != null && !p.isAuthenticated()) {
                s.authenticate();
            }
            if (p.state() == SessionState.READY) {
                s.transaction(new ArrayList<>());
            }
            c.quitQuietly();
            return null;
        });
    }

    private MessageSender newSender() {
        MessageSender s = new MessageSender(request, transcript);
        s.onProgress((sent, total) -> {
            sentBytes.set(sent);
            totalBytes.set(total);
        });
        return s;
    }

    /** Why a typed command would be refused now; empty when it is legal. */
    public List<String> problemsWith(String line) {
        if (sender == null || sender.connection() == null) {
            return List.of("not connected");
        }
        return sender.connection().protocol().problems(SmtpCommand.raw(line));
    }

    /** Sends a typed command; with {@code force} even when it is out of sequence (for teaching). */
    public void sendTyped(String line, boolean force) {
        SmtpCommand command = SmtpCommand.raw(line);
        MessageSender s = sender;
        run(line, () -> {
            s.connection().execute(command, force);
            return null;
        });
    }

    /** Aborts the session from the FX thread: the worker's blocked read ends at once. */
    public void cancel() {
        if (sender != null) {
            sender.cancel();
        }
    }

    private void run(String what, Callable<Void> work) {
        snapshot.set(snapshot.get().asBusy());
        status.set(what + "...");
        sentBytes.set(0);
        totalBytes.set(0);
        Poller.Polling poll = poller.start(this::showProgress);
        MessageSender s = sender;
        tasks.run(() -> {
            try {
                work.call();
                return new Outcome(read(s), what + ": done");
            } catch (SmtpException e) {
                return new Outcome(read(s), what + ": " + e.getMessage());
            } catch (RuntimeException e) {
                // Not a protocol failure: a bug or bad local input. The session cannot be trusted to go on.
                transcript.error(what + " failed: " + e, "LOCAL");
                if (s != null && s.connection() != null) {
                    s.connection().cancel();
                    s.connection().protocol().fail();
                }
                return new Outcome(read(s), what + " failed: " + e.getMessage());
            }
        }, o -> {
            poll.stop();
            showProgress();
            snapshot.set(o.snapshot());
            status.set(o.status());
        }, t -> {
            poll.stop();
            snapshot.set(SessionSnapshot.disconnected());
            status.set(what + " failed: " + t);
        });
    }

    /** Samples the worker's byte counters on the FX thread: the worker never touches a UI property. */
    private void showProgress() {
        long total = totalBytes.get();
        progress.set(total <= 0 ? 0 : Math.min(1.0, (double) sentBytes.get() / total));
    }

    private record Outcome(SessionSnapshot snapshot, String status) {
    }

    /** Reads the engine on the worker thread. */
    private static SessionSnapshot read(MessageSender s) {
        SmtpConnection c = s == null ? null : s.connection();
        if (c == null) {
            return SessionSnapshot.disconnected();
        }
        ClientProtocol p = c.protocol();
        Set<Step> enabled = EnumSet.noneOf(Step.class);
        SessionState state = p.state();
        if (state == SessionState.CLOSED || state == SessionState.ERROR || state == SessionState.DISCONNECTED) {
            enabled.add(Step.CONNECT);
        } else {
            check(p, enabled, Step.EHLO, SmtpCommand.ehlo("x"));
            check(p, enabled, Step.HELO, SmtpCommand.helo("x"));
            check(p, enabled, Step.STARTTLS, SmtpCommand.starttls());
            p.capabilities().authMechanisms().stream().findFirst()
                    .ifPresent(mech -> check(p, enabled, Step.AUTH, SmtpCommand.auth(mech, null)));
            check(p, enabled, Step.MAIL, SmtpCommand.mail("a@b.example"));
            check(p, enabled, Step.RCPT, SmtpCommand.rcpt("a@b.example"));
            check(p, enabled, Step.DATA, SmtpCommand.data());
            check(p, enabled, Step.BDAT, SmtpCommand.bdat(1, true));
            check(p, enabled, Step.RSET, SmtpCommand.rset());
            check(p, enabled, Step.NOOP, SmtpCommand.noop());
            check(p, enabled, Step.QUIT, SmtpCommand.quit());
        }
        return new SessionSnapshot(state, enabled, p.capabilityHistory(), c.tlsInfo(), false);
    }

    private static void check(ClientProtocol p, Set<Step> enabled, Step step, SmtpCommand probe) {
        if (p.problems(probe).isEmpty()) {
            enabled.add(step);
        }
    }
}
