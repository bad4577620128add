package org.smtpexplorer.engine.auth;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.exception.ScramException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;

/**
 * RFC 5802 / RFC 7677 SCRAM-SHA-1 and SCRAM-SHA-256, on the com.ongres.scram client. The server must prove that
 * it knows the password (its signature in the server-final message); a 235 without that proof is refused.
 */
final class Scram implements SaslMechanism {
    private final String name;
    private final ScramClient client;
    private int step;
    private boolean serverVerified;

    Scram(String name, Credentials credentials) {
        this.name = name;
        this.client = ScramClient.builder()
                .advertisedMechanisms(List.of(name))
                .username(credentials.username())
                .password(credentials.secret())
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean sendsReusableSecret() {
        return false;
    }

    @Override
    public byte[] initialResponse() {
        return client.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] respond(byte[] challenge) {
        String text = new String(challenge, StandardCharsets.UTF_8);
        step++;
        try {
            if (step == 1) {
                client.serverFirstMessage(text);
                return client.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8);
            }
            if (step == 2) {
                client.serverFinalMessage(text);
                serverVerified = true;
                return new byte[0];
            }
        } catch (ScramException | IllegalArgumentException | IllegalStateException e) {
            throw new SmtpException(FailureClass.AUTH, name + " failed: " + e.getMessage(), null, e);
        }
        throw new SmtpException(FailureClass.PROTOCOL, "the server sent a third " + name + " challenge");
    }

    @Override
    public void succeeded() {
        if (!serverVerified) {
            throw new SmtpException(FailureClass.AUTH, "the server accepted " + name
                    + " without sending its signature, so it never proved it knows the password (RFC 5802 §5)");
        }
    }

    @Override
    public String describeChallenge(byte[] challenge) {
        String text = new String(challenge, StandardCharsets.UTF_8);
        return step == 0 ? "server-first: " + text : "server-final: " + text;
    }
}
