package org.smtpexplorer.transcript;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.smtpexplorer.engine.Redaction;

/**
 * One transcript event, recorded once at the byte boundary. Each kind is its own record with only the facts that
 * apply to it; {@link #raw()} holds the exact bytes that crossed the wire where there were any (a command with its
 * CRLF, a reply as received, the start of a payload, the bytes that broke the session).
 *
 * <p>In JSON each event is an object whose {@code kind} names the record (schema "smtp-explorer-transcript/2",
 * see {@link TranscriptExport}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TranscriptEntry.Connect.class, name = "CONNECT"),
        @JsonSubTypes.Type(value = TranscriptEntry.Command.class, name = "CLIENT"),
        @JsonSubTypes.Type(value = TranscriptEntry.Reply.class, name = "SERVER"),
        @JsonSubTypes.Type(value = TranscriptEntry.Payload.class, name = "PAYLOAD"),
        @JsonSubTypes.Type(value = TranscriptEntry.TlsUp.class, name = "TLS"),
        @JsonSubTypes.Type(value = TranscriptEntry.Note.class, name = "NOTE"),
        @JsonSubTypes.Type(value = TranscriptEntry.Failure.class, name = "ERROR")})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface TranscriptEntry {

    /** Position in the transcript, from 0. */
    long seq();

    /** When it happened. */
    Instant time();

    /** The event as one readable text (a reply's lines joined by LF, terminators removed). */
    String text();

    /** The exact bytes, where bytes crossed the wire; otherwise null. */
    default byte[] raw() {
        return null;
    }

    /** Which record this is, for switches and styling. */
    @JsonIgnore
    EntryKind kind();

    /** The same event at another position (imports renumber). */
    TranscriptEntry at(long seq);

    /** A copy safe to leave the process: any secret masked. Only commands carry secrets. */
    default TranscriptEntry redacted() {
        return this;
    }

    /** The raw bytes with any secret masked. */
    default byte[] redactedRaw() {
        return redacted().raw();
    }

    /**
     * A TCP connection attempt.
     *
     * @param host         the name asked for
     * @param address      the address tried
     * @param port         the port
     * @param lookupMicros how long the name took to resolve, on the first attempt; null on later ones (and in
     *                     transcripts from before it was measured)
     */
    record Connect(long seq, Instant time, String text, String host, String address, int port, Long lookupMicros)
            implements TranscriptEntry {
        public EntryKind kind() {
            return EntryKind.CONNECT;
        }

        public Connect at(long seq) {
            return new Connect(seq, time, text, host, address, port, lookupMicros);
        }
    }

    /**
     * A command line the client sent.
     *
     * @param raw        the line with its CRLF
     * @param secretFrom where the secret part of {@code text} starts, or -1
     * @param flight     the pipelined flight it went out in
     * @param verb       the command's verb (RAW for a line the engine could not read as a command)
     */
    record Command(long seq, Instant time, String text, byte[] raw, int secretFrom, int flight, String verb)
            implements TranscriptEntry {
        public EntryKind kind() {
            return EntryKind.CLIENT;
        }

        public Command at(long seq) {
            return new Command(seq, time, text, raw, secretFrom, flight, verb);
        }

        public boolean hasSecret() {
            return secretFrom >= 0;
        }

        /** The text with any secret replaced by the redaction mark. */
        public String redactedText() {
            return hasSecret() ? text.substring(0, Math.min(secretFrom, text.length())) + Redaction.MARK : text;
        }

        @Override
        public Command redacted() {
            if (!hasSecret()) {
                return this;
            }
            return new Command(seq, time, redactedText(), (redactedText() + "\r\n").getBytes(StandardCharsets.UTF_8),
                    -1, flight, verb);
        }
    }

    /**
     * A complete reply.
     *
     * @param raw           the reply's bytes exactly as received, all lines
     * @param flight        the pipelined flight it answers
     * @param answering     the command it answers (END_OF_DATA for the reply to the final dot), or null
     * @param code          the reply code
     * @param enhanced      the enhanced status code, if any
     * @param latencyMicros time since the command (or flight) went out, or null
     * @param bareLf        the server ended its lines with LF alone
     */
    record Reply(long seq, Instant time, String text, byte[] raw, int flight, String answering, int code,
                 String enhanced, Long latencyMicros, boolean bareLf) implements TranscriptEntry {
        public EntryKind kind() {
            return EntryKind.SERVER;
        }

        public Reply at(long seq) {
            return new Reply(seq, time, text, raw, flight, answering, code, enhanced, latencyMicros, bareLf);
        }

        /** 2 to 5. */
        public int replyClass() {
            return code / 100;
        }
    }

    /**
     * Message bytes after DATA or in a BDAT chunk. Only the start is kept ({@code raw}); {@code bytes} counts
     * them all.
     *
     * @param bytes the number of bytes sent
     * @param verb  DATA or BDAT
     */
    record Payload(long seq, Instant time, String text, byte[] raw, long bytes, String verb)
            implements TranscriptEntry {
        public EntryKind kind() {
            return EntryKind.PAYLOAD;
        }

        public Payload at(long seq) {
            return new Payload(seq, time, text, raw, bytes, verb);
        }
    }

    /**
     * TLS established.
     *
     * @param verified    the chain is trusted and names the host
     * @param verdict     the verification verdict in words
     * @param insecure    verification was switched off on purpose
     * @param subject     the leaf certificate's subject, or null
     * @param issuer      the leaf certificate's issuer, or null
     * @param notAfter    the leaf certificate's expiry, or null
     * @param chainLength certificates the server presented
     */
    record TlsUp(long seq, Instant time, String text, String protocol, String cipher, boolean verified,
                 String verdict, boolean insecure, String subject, String issuer, Instant notAfter,
                 int chainLength) implements TranscriptEntry {
        public EntryKind kind() {
            return EntryKind.TLS;
        }

        public TlsUp at(long seq) {
            return new TlsUp(seq, time, text, protocol, cipher, verified, verdict, insecure, subject, issuer,
                    notAfter, chainLength);
        }
    }

    /** Something the engine or the tool wants the user to know; {@code details} are named facts, or null. */
    record Note(long seq, Instant time, String text, Map<String, String> details) implements TranscriptEntry {
        public Note {
            details = details == null ? null : Map.copyOf(details);
        }

        public EntryKind kind() {
            return EntryKind.NOTE;
        }

        public Note at(long seq) {
            return new Note(seq, time, text, details);
        }
    }

    /**
     * A failure.
     *
     * @param raw          the bytes that caused it, exactly as received (a reply that could not be parsed), or null
     * @param bytes        how many bytes caused it, when more arrived than {@code raw} keeps; or null
     * @param failureClass the class of failure (a {@link org.smtpexplorer.engine.FailureClass} name, or LOCAL)
     * @param details      named facts (the peer certificate of a failed handshake, ...), or null
     */
    record Failure(long seq, Instant time, String text, byte[] raw, Long bytes, String failureClass,
                   Map<String, String> details) implements TranscriptEntry {
        public Failure {
            details = details == null ? null : Map.copyOf(details);
        }

        public EntryKind kind() {
            return EntryKind.ERROR;
        }

        public Failure at(long seq) {
            return new Failure(seq, time, text, raw, bytes, failureClass, details);
        }
    }
}
