package org.smtpexplorer.engine.auth;

import java.nio.charset.StandardCharsets;

/** RFC 4616 PLAIN: authzid NUL authcid NUL password, sent at once as the initial response. */
final class Plain implements SaslMechanism {
    private final Credentials credentials;

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
        // A server that sends an empty challenge instead of taking the initial response gets the same message.
        return initialResponse();
    }
}
