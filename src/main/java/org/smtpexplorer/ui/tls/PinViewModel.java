package org.smtpexplorer.ui.tls;

import java.io.IOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.pins.CertificatePins;
import org.smtpexplorer.transport.TlsCheck;
import org.smtpexplorer.transport.TlsInfo;
import org.smtpexplorer.ui.common.Tasks;
import org.smtpexplorer.ui.session.SessionSnapshot;

/**
 * Certificate pinning in the window: trust on first use per host:port ({@link CertificatePins}). The check runs on
 * the session's worker right after each handshake; what it found is shown in the TLS tab once the step's snapshot
 * reaches the FX thread.
 *
 * <p>A changed key stops the session at once, after the handshake and before EHLO, AUTH or MAIL, so neither the
 * password nor the message goes to a server that may be a man in the middle; as SSH does, nothing is sent until the
 * person decides. The TLS tab then offers to trust the new certificate (the pin is replaced; run the session
 * again) or to keep the old pin (every session to that host:port keeps stopping while it presents the other key).
 */
public final class PinViewModel {
    /** What the TLS tab shows about the pin. */
    public enum State {
        /** No TLS on the last session, or nothing checked yet. */
        NONE,
        /** The certificate was pinned on this connection. */
        FIRST_USE,
        /** The pinned key again. */
        SAME,
        /** A different key: the session was stopped and the person must choose. */
        CHANGED,
        /** The person trusted the new certificate. */
        TRUSTED_NEW,
        /** The person kept the old pin. */
        KEPT_OLD,
        /** The pin store could not be read or written. */
        ERROR
    }

    /**
     * One state of the pin display.
     *
     * @param state   what happened
     * @param check   the comparison; null for NONE and ERROR
     * @param message the sentence for people
     */
    public record Shown(State state, CertificatePins.Check check, String message) {
        static final Shown NOTHING = new Shown(State.NONE, null, "");
    }

    private final CertificatePins pins;
    private final Tasks tasks;
    private final Clock clock;
    /** Written by the worker after each handshake, read on the FX thread when the step's snapshot arrives. */
    private final AtomicReference<Shown> found = new AtomicReference<>(Shown.NOTHING);
    private final ReadOnlyObjectWrapper<Shown> shown = new ReadOnlyObjectWrapper<>(Shown.NOTHING);

    public PinViewModel(CertificatePins pins, Tasks tasks, Clock clock) {
        this.pins = pins;
        this.tasks = tasks;
        this.clock = clock;
    }

    public ReadOnlyObjectProperty<Shown> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** The check for {@link org.smtpexplorer.transport.Session#checkTls}: runs on the worker. */
    public TlsCheck gate() {
        return this::check;
    }

    private String check(String host, int port, TlsInfo tls) {
        if (tls.chain().isEmpty()) {
            found.set(Shown.NOTHING);
            return null;
        }
        CertificatePins.Check c;
        try {
            c = pins.check(host, port, tls.chain().get(0), clock.instant());
        } catch (IOException e) {
            String why = e.getMessage() + ". The session stops here: without the pins a changed certificate cannot"
                    + " be told from a first use.";
            found.set(new Shown(State.ERROR, null, why));
            throw new SmtpException(FailureClass.TLS, "certificate pinning: " + why, null, e);
        }
        switch (c.outcome()) {
            case FIRST_USE -> {
                String text = "Pinned " + c.endpoint() + " on first use: public key SHA-256 "
                        + c.presented().spkiSha256();
                found.set(new Shown(State.FIRST_USE, c, text));
                return text;
            }
            case SAME -> {
                found.set(new Shown(State.SAME, c, "Same public key as pinned on " + c.pinned().pinnedAt()
                        + " (key SHA-256 " + c.presented().spkiSha256() + ")"));
                return null;
            }
            default -> {
                found.set(new Shown(State.CHANGED, c, changedText(c, "\n")));
                throw new SmtpException(FailureClass.TLS, changedText(c, " "));
            }
        }
    }

    /**
     * The warning with both fingerprints and both certificates' dates: in lines for the TLS tab ({@code "\n"}), on
     * one line for the transcript and the status bar ({@code " "}), which show a line break as "\n".
     */
    static String changedText(CertificatePins.Check c, String breakWith) {
        CertificatePins.Pin old = c.pinned();
        CertificatePins.Pin now = c.presented();
        return "Certificate CHANGED for " + c.endpoint() + " since it was pinned on " + old.pinnedAt() + "."
                + breakWith + "Pinned: public key SHA-256 " + old.spkiSha256() + "," + breakWith + old.subject()
                + ", valid " + old.notBefore() + " to " + old.notAfter() + "." + breakWith
                + "Presented: public key SHA-256 " + now.spkiSha256() + "," + breakWith + now.subject() + ", valid "
                + now.notBefore() + " to " + now.notAfter() + "." + breakWith
                + "A server that got a new key looks like this; so does a man in the middle. The session was stopped"
                + " after the TLS handshake, before EHLO, AUTH or MAIL: no password and no message was sent. In the"
                + " TLS tab, trust the new certificate or keep the old pin.";
    }

    /** Shows what the last session's handshake found; called on the FX thread with each snapshot. */
    public void sessionUpdated(SessionSnapshot snapshot) {
        if (snapshot.busy()) {
            return;
        }
        State now = shown.get().state();
        Shown next = snapshot.tls() == null && found.get().state() != State.ERROR ? Shown.NOTHING : found.get();
        // The person's answer to a warning stays up until another handshake has something new to say.
        if ((now == State.TRUSTED_NEW || now == State.KEPT_OLD) && next.check() == shown.get().check()) {
            return;
        }
        shown.set(next);
    }

    /** Replaces the pin with the certificate presented now; the next session goes through. */
    public void trustNew() {
        Shown s = shown.get();
        if (s.state() != State.CHANGED) {
            return;
        }
        CertificatePins.Check c = s.check();
        tasks.run(() -> {
            pins.trust(c.endpoint(), new CertificatePins.Pin(c.presented().spkiSha256(), c.presented().certSha256(),
                    c.presented().subject(), c.presented().notBefore(), c.presented().notAfter(),
                    clock.instant().truncatedTo(ChronoUnit.SECONDS)));
            return c;
        }, done -> shown.set(new Shown(State.TRUSTED_NEW, c, "Trusted the new certificate of " + c.endpoint()
                + ": its key (SHA-256 " + c.presented().spkiSha256() + ") is pinned now. Run the session again.")),
                t -> shown.set(new Shown(State.ERROR, null, "Cannot save the new pin: " + t.getMessage())));
    }

    /** Keeps the old pin: sessions to this host:port keep stopping while the server presents the other key. */
    public void keepOld() {
        Shown s = shown.get();
        if (s.state() != State.CHANGED) {
            return;
        }
        CertificatePins.Check c = s.check();
        shown.set(new Shown(State.KEPT_OLD, c, "Kept the old pin for " + c.endpoint() + " (key SHA-256 "
                + c.pinned().spkiSha256() + "): sessions there stop at TLS while the server presents another key."));
    }
}
