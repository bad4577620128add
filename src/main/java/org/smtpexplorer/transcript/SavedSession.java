package org.smtpexplorer.transcript;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A saved session: its transcript, and when it was saved by {@code smtpx send --json}, the request it ran and the
 * message it sent, so that it can be replayed or exported as a script. The message is kept whole up to
 * {@link #MESSAGE_LIMIT}; a larger one is named only by its size and SHA-256, and must be given again.
 *
 * @param entries       the transcript (redacted when read from a file)
 * @param request       what the session was asked to do, or null (a window export, a first-edition file)
 * @param message       the message bytes as given to the session, or null when not kept
 * @param messageSize   the message's size in bytes, or null when the session had no message
 * @param messageSha256 the message's SHA-256 in hex, or null when the session had no message
 */
public record SavedSession(List<TranscriptEntry> entries, SavedRequest request, byte[] message, Long messageSize,
                           String messageSha256) {

    /** Messages up to this size (10 MiB) are kept in the file; larger ones only by size and digest. */
    public static final long MESSAGE_LIMIT = 10L * 1024 * 1024;

    public SavedSession {
        entries = List.copyOf(entries);
        message = message == null ? null : message.clone();
    }

    /** A transcript with nothing else saved. */
    public static SavedSession of(List<TranscriptEntry> entries) {
        return new SavedSession(entries, null, null, null, null);
    }

    /**
     * A session with its request and message; the message is kept when it is at most {@link #MESSAGE_LIMIT} bytes
     * ({@code message} may be null when it was larger, with its size and digest still given).
     */
    public static SavedSession of(List<TranscriptEntry> entries, SavedRequest request, byte[] message, long size,
                                  String sha256) {
        return new SavedSession(entries, request, message, size, sha256);
    }

    /** A copy of the message bytes, when they were kept. */
    @Override
    public byte[] message() {
        return message == null ? null : message.clone();
    }

    public Optional<SavedRequest> savedRequest() {
        return Optional.ofNullable(request);
    }

    /** The session carried a message (kept or not). */
    public boolean hadMessage() {
        return messageSize != null;
    }

    /** SHA-256 of {@code bytes} in lower-case hex, the form {@link #messageSha256()} takes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
