package org.smtpexplorer.lab;

import java.nio.charset.StandardCharsets;

/**
 * The LOGIN mechanism (draft-murchison-sasl-login): the server prompts "Username:" then "Password:". An initial
 * response, if sent, is taken as the user name.
 */
final class LoginServer implements SaslServer {
    private static final byte[] USERNAME = "Username:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PASSWORD = "Password:".getBytes(StandardCharsets.US_ASCII);

    private final UserDirectory users;
    private String user;

    LoginServer(UserDirectory users) {
        this.users = users;
    }

    @Override
    public SaslStep start(byte[] initialResponse) {
        if (initialResponse == null || initialResponse.length == 0) {
            return new SaslStep.Challenge(USERNAME);
        }
        return next(initialResponse);
    }

    @Override
    public SaslStep next(byte[] response) {
        if (user == null) {
            user = new String(response, StandardCharsets.UTF_8);
            return new SaslStep.Challenge(PASSWORD);
        }
        return users.check(user, new String(response, StandardCharsets.UTF_8)) ? new SaslStep.Success(user)
                : SaslStep.Failure.badCredentials("wrong password or unknown user \"" + user + "\"");
    }
}
