package org.smtpexplorer.ui.connection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.profiles.Profile;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.MessageFactory;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.TlsSettings;

/** The form's state, and the one place that turns it into a {@link SendRequest}. */
public final class ConnectionViewModel {
    public static final String NO_AUTH = "(none)";

    private final StringProperty host = new SimpleStringProperty("127.0.0.1");
    private final StringProperty port = new SimpleStringProperty("25");
    private final ObjectProperty<SecurityMode> security = new SimpleObjectProperty<>(SecurityMode.STARTTLS);
    private final StringProperty helo = new SimpleStringProperty("explorer.local");
    private final StringProperty authMechanism = new SimpleStringProperty("auto");
    private final StringProperty user = new SimpleStringProperty("alice");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty trustPem = new SimpleStringProperty("");
    private final BooleanProperty insecure = new SimpleBooleanProperty(false);
    private final BooleanProperty allowPlaintextAuth = new SimpleBooleanProperty(false);
    private final StringProperty from = new SimpleStringProperty("alice@lab.example");
    private final StringProperty to = new SimpleStringProperty("bob@lab.example");
    private final StringProperty subject = new SimpleStringProperty("Hello from SMTP Explorer");
    private final StringProperty body = new SimpleStringProperty("This message was sent step by step.\n");
    private final StringProperty timeoutSeconds = new SimpleStringProperty("30");
    /** BDAT chunk size in bytes; empty (or 0) to let the plan choose
     * ({@link org.smtpexplorer.transport.SendingPlan#nextChunk}). */
    private final StringProperty chunkSize = new SimpleStringProperty("");
    private final ObjectProperty<SendRequest.Transfer> transfer = new SimpleObjectProperty<>(SendRequest.Transfer.AUTO);
    private Supplier<MessageFactory> messageFactory = () -> (r, caps) -> {
        throw new IllegalStateException("no message factory: the app sets the composer as one");
    };

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    public ObjectProperty<SecurityMode> securityProperty() {
        return security;
    }

    public StringProperty heloProperty() {
        return helo;
    }

    public StringProperty authMechanismProperty() {
        return authMechanism;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty trustPemProperty() {
        return trustPem;
    }

    public BooleanProperty insecureProperty() {
        return insecure;
    }

    public BooleanProperty allowPlaintextAuthProperty() {
        return allowPlaintextAuth;
    }

    public StringProperty fromProperty() {
        return from;
    }

    public StringProperty toProperty() {
        return to;
    }

    public StringProperty subjectProperty() {
        return subject;
    }

    public StringProperty bodyProperty() {
        return body;
    }

    public StringProperty timeoutProperty() {
        return timeoutSeconds;
    }

    public StringProperty chunkSizeProperty() {
        return chunkSize;
    }

    public ObjectProperty<SendRequest.Transfer> transferProperty() {
        return transfer;
    }

    /** Points the form at a server, e.g. the embedded lab. */
    public void target(String h, int p, SecurityMode mode, Path pem) {
        host.set(h);
        port.set(Integer.toString(p));
        security.set(mode);
        trustPem.set(pem == null ? "" : pem.toString());
    }

    /** Fills the form from a saved profile; the password is never part of one. */
    public void apply(Profile p) {
        host.set(p.host());
        port.set(Integer.toString(p.port()));
        security.set(SecurityMode.parse(p.security(), p.port()));
        helo.set(p.helo());
        authMechanism.set(p.authMechanism());
        user.set(p.user());
        trustPem.set(p.trustPem());
        insecure.set(p.insecure());
        allowPlaintextAuth.set(p.allowPlaintextAuth());
        password.set("");
    }

    /** The form as a profile to save, without the password. */
    public Profile asProfile(String name) {
        int p;
        try {
            p = Integer.parseInt(port.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Port: \"" + port.get() + "\" is not a number");
        }
        return new Profile(name, host.get().strip(), p, security.get().cliName(), helo.get(), authMechanism.get(),
                user.get(), trustPem.get(), insecure.get(), allowPlaintextAuth.get(), false);
    }

    /**
     * Reads the form (FX thread) into a request. Its message is composed later, on the worker, once the server's
     * capabilities are known, by the factory the composer gave (see {@link #setMessageFactory}).
     */
    public SendRequest prepare() {
        return toRequestWithoutMessage().with(b -> b.messageFactory(messageFactory.get()));
    }

    /** The form as a request; a field that is not valid raises IllegalArgumentException naming it. */
    private SendRequest toRequestWithoutMessage() {
        int p;
        try {
            p = Integer.parseInt(port.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Port: \"" + port.get() + "\" is not a number");
        }
        int timeout;
        try {
            timeout = Integer.parseInt(timeoutSeconds.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Timeout: \"" + timeoutSeconds.get() + "\" is not a number");
        }
        List<Path> pems = trustPem.get() == null || trustPem.get().isBlank() ? List.of()
                : List.of(Path.of(trustPem.get().strip()));
        for (Path pem : pems) {
            if (!Files.isReadable(pem)) {
                throw new IllegalArgumentException("Trust: cannot read the PEM file " + pem);
            }
        }
        SendRequest.Builder r = SendRequest.builder();
        r.connection(ConnectOptions.of(host.get().strip(), p, security.get(),
                new TlsSettings(pems, insecure.get(), List.of()))
                .withTimeouts(Duration.ofSeconds(timeout), Duration.ofSeconds(timeout)));
        r.helo(helo.get().strip());
        if (!NO_AUTH.equals(authMechanism.get())) {
            r.authMechanism(authMechanism.get());
            r.credentials(new Credentials(user.get(), password.get().toCharArray()));
        }
        r.allowPlaintextAuth(allowPlaintextAuth.get());
        int chunk = 0;
        String chunkText = chunkSize.get() == null ? "" : chunkSize.get().strip();
        try {
            chunk = chunkText.isEmpty() ? 0 : Integer.parseInt(chunkText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("BDAT chunk size: \"" + chunkSize.get() + "\" is not a number of bytes"
                    + " (leave it empty to let SMTP Explorer choose)");
        }
        if (chunk < 0) {
            throw new IllegalArgumentException("BDAT chunk size cannot be negative (leave it empty to let SMTP"
                    + " Explorer choose)");
        }
        r.chunkSize(chunk);
        r.transfer(transfer.get());
        r.from(from.get().strip());
        r.to(Arrays.stream(to.get().split("[,;\\s]+")).filter(s -> !s.isBlank()).toList());
        return r.build();
    }

    /**
     * Who builds the message (and its envelope): called on the FX thread to take a snapshot of what was composed,
     * it returns the factory that turns the snapshot into the message, run later off the FX thread with the
     * server's capabilities. The app hands this to the composer.
     */
    public void setMessageFactory(Supplier<MessageFactory> factory) {
        this.messageFactory = factory;
    }
}
