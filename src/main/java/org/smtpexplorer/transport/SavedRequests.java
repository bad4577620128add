package org.smtpexplorer.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.smtpexplorer.transcript.SavedRequest;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * Converts between a {@link SendRequest} and the {@link SavedRequest} kept in a saved session: out with the command
 * line's names and without the password, back with the names checked (a hand-edited file gets an error that names
 * the field and the values it may take).
 */
public final class SavedRequests {
    private SavedRequests() {
    }

    /** What {@code request} asked for, without its password. */
    public static SavedRequest save(SendRequest request) {
        ConnectOptions c = request.connection();
        return new SavedRequest(c.host(), c.port(), c.security().cliName(),
                c.tls() == null ? List.of() : c.tls().trustedPems().stream().map(Path::toString).toList(),
                c.tls() != null && c.tls().insecure(), c.ipFamily(), request.helo(), request.authMechanism(),
                request.credentials() == null ? null : request.credentials().username(),
                request.allowPlaintextAuth(), request.from(), request.to(),
                request.transfer().name().toLowerCase(Locale.ROOT), request.chunkSize(), request.pipelining(),
                request.smtpUtf8().name().toLowerCase(Locale.ROOT), bodyName(request.body()),
                request.lineEndings().name().toLowerCase(Locale.ROOT), request.dsnNotify(), request.dsnRet(),
                request.envid(), request.requireTls(), request.quitAfter() == SendRequest.Stop.NONE ? null
                : request.quitAfter().name().toLowerCase(Locale.ROOT),
                c.replyTimeout() == null ? null : (int) Math.min(Integer.MAX_VALUE, c.replyTimeout().toSeconds()));
    }

    /**
     * A session as {@code smtpx replay} and {@code smtpx export} need it: the transcript, the request (never the
     * password) and the message, whole up to {@link SavedSession#MESSAGE_LIMIT}, otherwise by size and digest.
     */
    public static SavedSession session(List<TranscriptEntry> entries, SendRequest request) throws IOException {
        MessageSource m = request.message();
        if (m == null) {
            return new SavedSession(entries, save(request), null, null, null);
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        ByteArrayOutputStream kept = m.size() <= SavedSession.MESSAGE_LIMIT ? new ByteArrayOutputStream() : null;
        long size = 0;
        try (InputStream in = m.open()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                size += n;
                if (kept != null && size <= SavedSession.MESSAGE_LIMIT) {
                    kept.write(buf, 0, n);
                }
            }
        }
        byte[] bytes = kept != null && size <= SavedSession.MESSAGE_LIMIT ? kept.toByteArray() : null;
        return SavedSession.of(entries, save(request), bytes, size,
                HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * A request that does again what {@code saved} did (EHLO name, AUTH mechanism and user, envelope, transfer and
     * extension options, where to stop), connecting as {@code connection} says; no credentials and no message yet.
     *
     * @throws IllegalArgumentException when a saved value is not one smtpx knows; the message names the field
     */
    public static SendRequest.Builder restore(SavedRequest saved, ConnectOptions connection) {
        SendRequest.Builder b = SendRequest.builder().connection(connection);
        if (saved.helo() != null) {
            b.helo(saved.helo());
        }
        b.authMechanism(saved.authMechanism());
        b.allowPlaintextAuth(saved.allowPlaintextAuth());
        b.from(saved.from() == null ? "" : saved.from());
        b.to(saved.to());
        if (saved.transfer() != null) {
            b.transfer(SendRequest.Transfer.valueOf(choice("transfer", saved.transfer(), "auto", "data", "bdat")
                    .toUpperCase(Locale.ROOT)));
        }
        if (saved.chunkSize() > 0) {
            b.chunkSize(saved.chunkSize());
        }
        b.pipelining(saved.pipelining());
        if (saved.smtpUtf8() != null) {
            b.smtpUtf8(SendRequest.Toggle.valueOf(choice("smtpUtf8", saved.smtpUtf8(), "auto", "on", "off")
                    .toUpperCase(Locale.ROOT)));
        }
        if (saved.body() != null) {
            b.body(body(saved.body()));
        }
        if (saved.lineEndings() != null) {
            b.lineEndings(choice("lineEndings", saved.lineEndings(), "normalise", "keep").equals("keep")
                    ? SendRequest.LineEndings.KEEP : SendRequest.LineEndings.NORMALISE);
        }
        b.dsnNotify(saved.dsnNotify());
        b.dsnRet(saved.dsnRet());
        b.envid(saved.envid());
        b.requireTls(saved.requireTls());
        if (saved.quitAfter() != null) {
            b.quitAfter(SendRequest.Stop.valueOf(choice("quitAfter", saved.quitAfter(), "connect", "greeting",
                    "ehlo", "tls", "auth", "mail", "rcpt", "data").toUpperCase(Locale.ROOT)));
        }
        return b;
    }

    /** The saved security mode, checked. */
    public static SecurityMode security(SavedRequest saved) {
        if (saved.security() == null) {
            throw new IllegalArgumentException("request.security is missing");
        }
        return SecurityMode.parse(choice("security", saved.security(), "none", "starttls", "starttls-if-available",
                "implicit"), saved.port());
    }

    /** The saved timeout, or {@code fallback}. */
    public static Duration timeout(SavedRequest saved, Duration fallback) {
        return saved.timeoutSeconds() == null || saved.timeoutSeconds() < 1 ? fallback
                : Duration.ofSeconds(saved.timeoutSeconds());
    }

    /** The command line's name for a BODY= choice. */
    public static String bodyName(SendRequest.Body body) {
        return switch (body) {
            case SEVEN_BIT -> "7bit";
            case EIGHT_BIT_MIME -> "8bitmime";
            case BINARY_MIME -> "binarymime";
            case AUTO -> "auto";
        };
    }

    /** The BODY= choice a command-line name stands for. */
    public static SendRequest.Body body(String name) {
        return switch (choice("body", name, "auto", "7bit", "8bitmime", "binarymime")) {
            case "7bit" -> SendRequest.Body.SEVEN_BIT;
            case "8bitmime" -> SendRequest.Body.EIGHT_BIT_MIME;
            case "binarymime" -> SendRequest.Body.BINARY_MIME;
            default -> SendRequest.Body.AUTO;
        };
    }

    private static String choice(String field, String value, String... allowed) {
        String v = value.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException("request." + field + " must be one of " + String.join(", ", allowed)
                + ", not \"" + value + "\"");
    }
}
