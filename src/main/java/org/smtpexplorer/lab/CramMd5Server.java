package org.smtpexplorer.lab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.smtpexplorer.engine.auth.CramMd5;

/** RFC 2195 CRAM-MD5: the server sends a unique challenge; the client answers "user HMAC-MD5(password, it)". */
final class CramMd5Server implements SaslServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserDirectory users;
    private final byte[] challenge;

    CramMd5Server(UserDirectory users, String serverName, long nowMillis) {
        this.users = users;
        this.challenge = ("<" + Long.toUnsignedString(RANDOM.nextLong()) + "." + nowMillis + "@" + serverName + ">")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public SaslStep start(byte[] initialResponse) {
        if (initialResponse != null) {
            return new SaslStep.Failure(501, "5.5.2", "CRAM-MD5 does not take an initial response",
                    "client sent an initial response with CRAM-MD5");
        }
        return new SaslStep.Challenge(challenge);
    }

    @Override
    public SaslStep next(byte[] response) {
        String text = new String(response, StandardCharsets.UTF_8);
        int sp = text.lastIndexOf(' ');
        if (sp <= 0 || !text.substring(sp + 1).matches("[0-9a-fA-F]{32}")) {
            return SaslStep.Failure.badCredentials("CRAM-MD5 answer is not \"user hex-digest\"");
        }
        String user = text.substring(0, sp);
        String password = users.password(user);
        if (password == null) {
            return SaslStep.Failure.badCredentials("unknown user \"" + user + "\"");
        }
        byte[] expected = CramMd5.hmacMd5(password.getBytes(StandardCharsets.UTF_8), challenge);
        byte[] got = HexFormat.of().parseHex(text.substring(sp + 1));
        return MessageDigest.isEqual(expected, got) ? new SaslStep.Success(user)
                : SaslStep.Failure.badCredentials("wrong CRAM-MD5 digest for " + user + " (wrong password)");
    }
}
