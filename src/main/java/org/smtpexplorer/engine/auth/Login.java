package org.smtpexplorer.engine.auth;

import java.nio.charset.StandardCharsets;

/** The LOGIN mechanism (draft-murchison-sasl-login): the server asks for the user name, then the password. */
final class Login implements SaslMechanism {
    private final Credentials credentials;
    private int step;

    Login(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return "LOGIN";
    }

    @Override
    public boolean sendsReusableSecret() {
        return true;
    }

    @Override
    public byte[] initialResponse() {
        return null;
    }

    @Override
    public byte[] respond(byte[] challenge) {
        step++;
        if (step == 1) {
            return credentials.username().getBytes(StandardCharsets.UTF_8);
        }
        if (step == 2) {
            return credentials.secretString().getBytes(StandardCharsets.UTF_8);
        }
        throw new org.smtpexplorer.engine.SmtpException(org.smtpexplorer.engine.FailureClass.PROTOCOL,
                "the server sent a third LOGIN challenge; LOGIN has only user name and password");
    }

    @Override
    public String describeChallenge(byte[] challenge) {
        return "prompt \"" + new String(challenge, StandardCharsets.UTF_8) + "\"";
    }
}
