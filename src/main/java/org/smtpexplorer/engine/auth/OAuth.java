package org.smtpexplorer.engine.auth;

import java.nio.charset.StandardCharsets;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;

/**
 * Bearer-token mechanisms: Google's XOAUTH2 and RFC 7628 OAUTHBEARER. On failure the server sends a 334 whose
 * challenge is a JSON error; the client answers with the dummy response the mechanism defines and the server then
 * sends the final failure reply. The JSON is kept for the user.
 */
final class OAuth implements SaslMechanism {
    private final boolean oauthBearer;
    private final Credentials credentials;
    private final String host;
    private final int port;
    private String serverError;

    OAuth(boolean oauthBearer, Credentials credentials, String host, int port) {
        this.oauthBearer = oauthBearer;
        this.credentials = credentials;
        this.host = host;
        this.port = port;
    }

    @Override
    public String name() {
        return oauthBearer ? "OAUTHBEARER" : "XOAUTH2";
    }

    @Override
    public boolean sendsReusableSecret() {
        return true;
    }

    @Override
    public byte[] initialResponse() {
        String token = credentials.secretString();
        String message = oauthBearer
                ? "n,a=" + saslName(credentials.username()) + ",\u0001host=" + host + "\u0001port=" + port
                + "\u0001auth=Bearer " + token + "\u0001\u0001"
                : "user=" + credentials.username() + "\u0001auth=Bearer " + token + "\u0001\u0001";
        return message.getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 5801 saslname: ',' and '=' escaped. */
    private static String saslName(String s) {
        return s.replace("=", "=3D").replace(",", "=2C");
    }

    @Override
    public byte[] respond(byte[] challenge) {
        if (serverError != null) {
            throw new SmtpException(FailureClass.PROTOCOL, "the server sent a second " + name() + " challenge; only"
                    + " one error message is defined");
        }
        serverError = new String(challenge, StandardCharsets.UTF_8);
        return oauthBearer ? new byte[] {1} : new byte[0];
    }

    /** The server's JSON error, if it sent one. */
    public String serverError() {
        return serverError;
    }

    @Override
    public String describeChallenge(byte[] challenge) {
        return "error from the server: " + new String(challenge, StandardCharsets.UTF_8);
    }
}
