package org.smtpexplorer.engine.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.SmtpReply;

/**
 * Drives one AUTH exchange (RFC 4954) without I/O: {@link #start()} gives the AUTH command, {@link #onReply}
 * takes each reply and gives the next line to send, or null when the exchange is over. A 535 or any other failure
 * ends it with an AUTH-class {@link SmtpException}; nothing here ever falls back to another mechanism.
 */
public final class AuthExchange {
    private final SaslMechanism mechanism;
    private final List<String> notes = new ArrayList<>();
    private boolean started;
    private boolean done;

    private AuthExchange(SaslMechanism mechanism) {
        this.mechanism = mechanism;
    }

    /**
     * An exchange for {@code mechanism}; refused when it would send a reusable secret over a connection without
     * TLS and the user has not explicitly allowed that.
     */
    public static AuthExchange create(SaslMechanism mechanism, boolean tlsActive, boolean allowPlaintext) {
        if (!tlsActive && !allowPlaintext && mechanism.sendsReusableSecret()) {
            throw SmtpException.refused("AUTH " + mechanism.name() + " would send the "
                    + (mechanism.name().contains("OAUTH") ? "token" : "password")
                    + " readable to anyone on the path, and this connection has no TLS. Use STARTTLS or implicit"
                    + " TLS, or allow plaintext authentication explicitly");
        }
        return new AuthExchange(mechanism);
    }

    public SaslMechanism mechanism() {
        return mechanism;
    }

    /** Secret-free remarks for the transcript (decoded challenges). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    public boolean isDone() {
        return done;
    }

    public SmtpCommand start() {
        if (started) {
            throw new IllegalStateException("exchange already started");
        }
        started = true;
        byte[] ir = mechanism.initialResponse();
        return SmtpCommand.auth(mechanism.name(), ir == null ? null : Base64.getEncoder().encodeToString(ir));
    }

    /** The next line to send after {@code reply}, or null once the exchange succeeded. */
    public SmtpCommand onReply(SmtpReply reply) {
        if (done) {
            throw new IllegalStateException("exchange already over");
        }
        if (reply.code() == 334) {
            String text = reply.lines().isEmpty() ? "" : reply.lines().get(0).strip();
            byte[] challenge;
            try {
                challenge = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                done = true;
                throw new SmtpException(FailureClass.PROTOCOL, "the 334 challenge is not valid base64: \""
                        + abbreviate(text) + "\"", reply);
            }
            String described = mechanism.describeChallenge(challenge);
            if (described != null) {
                notes.add(mechanism.name() + " " + described);
            }
            byte[] response = mechanism.respond(challenge);
            notes.addAll(mechanism.drainWarnings());
            return SmtpCommand.authResponse(Base64.getEncoder().encodeToString(response));
        }
        done = true;
        if (reply.code() == 235) {
            mechanism.succeeded();
            return null;
        }
        if (!reply.isFailure()) {
            throw new SmtpException(FailureClass.PROTOCOL, "the server answered AUTH " + mechanism.name() + " with "
                    + reply.summary() + ", which is not a valid answer to AUTH (RFC 4954 §6: 235 for success, 334"
                    + " for a challenge, 4xx or 5xx for failure); not authenticated", reply);
        }
        String extra = mechanism instanceof OAuth o && o.serverError() != null
                ? " (server said: " + o.serverError() + ")" : "";
        throw new SmtpException(FailureClass.AUTH, "AUTH " + mechanism.name() + " failed: " + reply.summary()
                + extra, reply);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    /** Decodes a base64 line for display, or null when it is not base64. */
    public static String decodeForDisplay(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
