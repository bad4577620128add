package org.smtpexplorer.engine.auth;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.exception.ScramException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;

/**
 * RFC 5802 / RFC 7677 SCRAM-SHA-1 and SCRAM-SHA-256, on the com.ongres.scram client. The server must prove that
 * it knows the password (its signature in the server-final message); a 235 without that proof is refused. The
 * salt and iteration count the server chooses are untrusted input, checked before any key is derived.
 */
final class Scram implements SaslMechanism {
    /**
     * The largest iteration count this client computes. Key derivation cannot be interrupted, so this bounds how
     * long a hostile server can hold the client past its timeout (RFC 5802 §9): a million rounds take about 0.2 s
     * (a second on slow hardware), two billion take minutes. Servers ask for 4096 (Dovecot, Cyrus, PostgreSQL) to
     * 15,000 (MongoDB); a million still leaves room for an administrator who follows OWASP's 600,000 for
     * PBKDF2-HMAC-SHA256. Others cap lower: MongoDB's driver specification proposes 100,000, as node-postgres uses.
     */
    static final int MAX_ITERATIONS = 1_000_000;
    /** RFC 7677 §4 asks servers for at least 4096; fewer still works, with a warning in the transcript. */
    static final int MIN_ITERATIONS = 4096;
    private static final Pattern POSITIVE_NUMBER = Pattern.compile("[1-9][0-9]*");

    private final String name;
    private final ScramClient client;
    private final List<String> warnings = new ArrayList<>();
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
                checkServerChoices(text);
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

    /**
     * Refuses a salt or an iteration count that is missing its value, malformed or too large, before the library
     * derives a key from it; warns about a count below {@link #MIN_ITERATIONS}. The library checks the rest (the
     * attribute order, and that the server's nonce extends the client's).
     */
    private void checkServerChoices(String serverFirst) {
        for (String attribute : serverFirst.split(",", -1)) {
            if (attribute.startsWith("s=")) {
                checkSalt(attribute.substring(2));
            } else if (attribute.startsWith("i=")) {
                checkIterations(attribute.substring(2));
            }
        }
    }

    private void checkSalt(String salt) {
        if (salt.isEmpty()) {
            throw failure("the salt in the server-first message is empty");
        }
        try {
            Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw failure("the salt in the server-first message is not base64: \"" + abbreviate(salt) + "\"");
        }
    }

    private void checkIterations(String count) {
        if (!POSITIVE_NUMBER.matcher(count).matches()) {
            throw failure("the iteration count in the server-first message is not a positive number (RFC 5802 §7): \""
                    + abbreviate(count) + "\"");
        }
        // Seven digits hold the maximum; a longer count is refused before it can overflow an int.
        if (count.length() > 7 || Integer.parseInt(count) > MAX_ITERATIONS) {
            throw failure("the server asks for " + abbreviate(count) + " iterations, and more than " + MAX_ITERATIONS
                    + " are refused: a hostile server could keep this client computing for minutes (RFC 5802 §9)");
        }
        int iterations = Integer.parseInt(count);
        if (iterations < MIN_ITERATIONS) {
            warnings.add("Warning: the server asks for only " + iterations + " SCRAM iteration"
                    + (iterations == 1 ? "" : "s") + "; RFC 7677 §4 asks for at least " + MIN_ITERATIONS
                    + ". The proof this client sends is that much cheaper to attack offline, by anyone who records it");
        }
    }

    private SmtpException failure(String reason) {
        return new SmtpException(FailureClass.AUTH, name + " failed: " + reason);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    @Override
    public List<String> drainWarnings() {
        List<String> out = List.copyOf(warnings);
        warnings.clear();
        return out;
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
