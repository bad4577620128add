package org.smtpexplorer.lab;

import java.nio.charset.StandardCharsets;

/** RFC 4616 PLAIN: one message, [authzid] NUL authcid NUL password. */
final class PlainServer implements SaslServer {
    private final UserDirectory users;

    PlainServer(UserDirectory users) {
        this.users = users;
    }

    @Override
    public SaslStep start(byte[] initialResponse) {
        return initialResponse == null ? new SaslStep.Challenge(new byte[0]) : next(initialResponse);
    }

    @Override
    public SaslStep next(byte[] response) {
        String[] parts = new String(response, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            return SaslStep.Failure.badCredentials("PLAIN message is not [authzid] NUL user NUL password ("
                    + response.length + " bytes, " + (parts.length - 1) + " NULs)");
        }
        String authzid = parts[0];
        String user = parts[1];
        if (!authzid.isEmpty() && !authzid.equals(user)) {
            return SaslStep.Failure.badCredentials(user + " may not act as " + authzid);
        }
        return users.check(user, parts[2]) ? new SaslStep.Success(user)
                : SaslStep.Failure.badCredentials("wrong password or unknown user \"" + user + "\"");
    }
}
