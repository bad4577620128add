package org.smtpexplorer.lab;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server side of SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding, built on the
 * com.ongres.scram primitives. The messages are parsed here, from the exact text the client sent, because the
 * AuthMessage both sides sign is made of that text.
 *
 * <p>Exchange: client-first (in the AUTH command or after an empty 334), server-first as a 334, client-final,
 * server-final ("v=" signature) as a 334 so the client can check the server knew the password, then an empty
 * client response and 235. An unknown user gets a made-up salt and fails at the proof like a wrong password, so the
 * exchange does not reveal which users exist.
 */
final class ScramServer implements SaslServer {
    static final int ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private final ScramMechanism mechanism;
    private final UserDirectory users;
    private int step;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private String user;
    private byte[] storedKey;
    private byte[] serverKey;

    ScramServer(String name, UserDirectory users) {
        this.mechanism = ScramMechanism.byName(name);
        if (mechanism == null || mechanism.isPlus()) {
            throw new IllegalArgumentException("not a SCRAM mechanism without channel binding: " + name);
        }
        this.users = users;
    }

    @Override
    public SaslStep start(byte[] initialResponse) {
        if (initialResponse == null || initialResponse.length == 0) {
            return new SaslStep.Challenge(new byte[0]);
        }
        return next(initialResponse);
    }

    @Override
    public SaslStep next(byte[] response) {
        String text = new String(response, StandardCharsets.UTF_8);
        return switch (step++) {
            case 0 -> clientFirst(text);
            case 1 -> clientFinal(text);
            case 2 -> text.isEmpty() ? new SaslStep.Success(user)
                    : SaslStep.Failure.badCredentials("expected an empty response after server-final");
            default -> throw new IllegalStateException("SCRAM exchange already over");
        };
    }

    private SaslStep clientFirst(String msg) {
        // gs2-header = gs2-cbind-flag "," [authzid] ","
        int c1 = msg.indexOf(',');
        int c2 = c1 < 0 ? -1 : msg.indexOf(',', c1 + 1);
        if (c2 < 0) {
            return malformed("client-first-message has no GS2 header");
        }
        String flag = msg.substring(0, c1);
        String authzid = msg.substring(c1 + 1, c2);
        if (flag.startsWith("p=")) {
            return SaslStep.Failure.badCredentials("client requires channel binding, which the lab does not offer");
        }
        if (!flag.equals("n") && !flag.equals("y")) {
            return malformed("bad GS2 channel binding flag \"" + flag + "\"");
        }
        if (!authzid.isEmpty() && !authzid.startsWith("a=")) {
            return malformed("bad GS2 authzid \"" + authzid + "\"");
        }
        gs2Header = msg.substring(0, c2 + 1);
        clientFirstBare = msg.substring(c2 + 1);
        String[] attrs = clientFirstBare.split(",", -1);
        if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=") || attrs[1].length() < 3) {
            // A leading "m=" (RFC 5802 reserved-mext) lands here too: no extension is supported.
            return malformed("client-first-message-bare is not n=user,r=nonce");
        }
        user = fromSaslName(attrs[0].substring(2));
        if (user == null) {
            return malformed("bad escape in the SCRAM user name");
        }
        if (!authzid.isEmpty() && !user.equals(fromSaslName(authzid.substring(2)))) {
            return SaslStep.Failure.badCredentials(user + " may not act as " + authzid.substring(2));
        }
        byte[] salt = ScramFunctions.salt(16, RANDOM);
        String password = users.password(user);
        if (password != null) {
            byte[] salted = ScramFunctions.saltedPassword(mechanism, StringPreparation.SASL_PREPARATION,
                    password.toCharArray(), salt, ITERATIONS);
            storedKey = ScramFunctions.storedKey(mechanism, ScramFunctions.clientKey(mechanism, salted));
            serverKey = ScramFunctions.serverKey(mechanism, salted);
        }
        nonce = attrs[1].substring(2) + ScramFunctions.nonce(24, RANDOM);
        serverFirst = "r=" + nonce + ",s=" + B64.encodeToString(salt) + ",i=" + ITERATIONS;
        return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private SaslStep clientFinal(String msg) {
        int p = msg.lastIndexOf(",p=");
        if (p < 0) {
            return malformed("client-final-message has no proof");
        }
        String withoutProof = msg.substring(0, p);
        String[] attrs = withoutProof.split(",", -1);
        String expectedBinding = "c=" + B64.encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (attrs.length < 2 || !attrs[0].equals(expectedBinding)) {
            return SaslStep.Failure.badCredentials("channel binding attribute does not match the GS2 header");
        }
        if (!attrs[1].equals("r=" + nonce)) {
            return SaslStep.Failure.badCredentials("nonce in client-final-message does not match");
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(msg.substring(p + 3));
        } catch (IllegalArgumentException e) {
            return malformed("proof is not base64");
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        if (storedKey == null) {
            return SaslStep.Failure.badCredentials("unknown user \"" + user + "\"");
        }
        if (proof.length != storedKey.length
                || !ScramFunctions.verifyClientProof(mechanism, proof, storedKey, authMessage)) {
            return SaslStep.Failure.badCredentials("wrong client proof for " + user + " (wrong password)");
        }
        byte[] signature = ScramFunctions.serverSignature(mechanism, serverKey, authMessage);
        return new SaslStep.Challenge(("v=" + B64.encodeToString(signature)).getBytes(StandardCharsets.UTF_8));
    }

    private static SaslStep malformed(String reason) {
        return SaslStep.Failure.badCredentials(reason);
    }

    /** RFC 5802 §5.1 saslname: "=2C" is ',' and "=3D" is '='; any other '=' is an error (null). */
    static String fromSaslName(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=') {
                String esc = i + 2 < s.length() ? s.substring(i + 1, i + 3) : "";
                if (esc.equals("2C")) {
                    out.append(',');
                } else if (esc.equals("3D")) {
                    out.append('=');
                } else {
                    return null;
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
