package org.smtpexplorer.engine.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;

/** RFC 2195 CRAM-MD5: the answer is the user name and HMAC-MD5(password, challenge) in hex. */
public final class CramMd5 implements SaslMechanism {
    private final Credentials credentials;
    private int challenges;

    CramMd5(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return "CRAM-MD5";
    }

    @Override
    public boolean sendsReusableSecret() {
        return false;
    }

    @Override
    public byte[] initialResponse() {
        return null;
    }

    @Override
    public byte[] respond(byte[] challenge) {
        if (++challenges > 1) {
            throw new SmtpException(FailureClass.PROTOCOL, "the server sent a second CRAM-MD5 challenge; CRAM-MD5"
                    + " has one");
        }
        return (credentials.username() + " " + HexFormat.of().formatHex(
                hmacMd5(credentials.secretString().getBytes(StandardCharsets.UTF_8), challenge)))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** HMAC-MD5 as RFC 2195 uses it; public so the lab's server side computes the same. */
    public static byte[] hmacMd5(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is part of every Java runtime", e);
        }
    }

    @Override
    public String describeChallenge(byte[] challenge) {
        return "challenge " + new String(challenge, StandardCharsets.UTF_8);
    }
}
