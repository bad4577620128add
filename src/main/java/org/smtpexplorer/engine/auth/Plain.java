package org.smtpexplorer.engine.auth;

import java.nio.charset.StandardCharsets;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;

/** RFC 4616 PLAIN: authzid NUL authcid NUL password, sent at once as the initial response. */
final class Plain implements SaslMechanism {
    private final Credentials credentials;
    private int challenges;

    Plain(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public boolean sendsReusableSecret() {
        return true;
    }

    @Override
    public byte[] initialResponse() {
        return ("\0" + credentials.username() + "\0" + credentials.secretString()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] respond(byte[] challenge) {
        // A server that sends an empty challenge instead of taking the initial response gets the same message,
        // once: a server asking again and again would keep the session in AUTH and collect the password each time.
        if (++challenges > 1) {
            throw new SmtpException(FailureClass.PROTOCOL, "the server sent a second PLAIN challenge; PLAIN has a"
                    + " single message");
        }
        return initialResponse();
    }
}
