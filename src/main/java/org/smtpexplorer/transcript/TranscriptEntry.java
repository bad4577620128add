package org.smtpexplorer.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.smtpexplorer.engine.Redaction;

/**
 * One transcript event. Fields that do not apply to a kind are null.
 *
 * @param seq        position in the transcript, from 0
 * @param time       when it happened
 * @param kind       what it is
 * @param text       the line as text: command line, reply (all lines joined by LF, terminators removed), note
 * @param raw        the exact bytes (client line with CRLF, reply as received, start of a payload); may be null
 * @param secretFrom for client lines, where the secret part of {@code text} starts, or -1
 * @param flight     the pipelined flight number for client lines and replies
 * @param verb       for client lines the command; for replies the command answered
 * @param code       for replies, the reply code
 * @param enhanced   for replies, the enhanced status code, if any
 * @param latencyMicros for replies, time since the command (or flight) was sent
 * @param bytes      for payloads, the number of bytes the entry stands for
 * @param details    extra named facts (TLS protocol and cipher, failure class, ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TranscriptEntry(long seq, Instant time, EntryKind kind, String text, byte[] raw, Integer secretFrom,
                              Integer flight, String verb, Integer code, String enhanced, Long latencyMicros,
                              Long bytes, Map<String, String> details) {

    public TranscriptEntry {
        details = details == null ? null : Map.copyOf(details);
    }

    public boolean hasSecret() {
        return secretFrom != null && secretFrom >= 0;
    }

    /** The text with any secret replaced by the redaction mark. */
    public String redactedText() {
        return hasSecret() ? text.substring(0, Math.min(secretFrom, text.length())) + Redaction.MARK : text;
    }

    /** The raw bytes with any secret replaced by the redaction mark. */
    public byte[] redactedRaw() {
        if (!hasSecret()) {
            return raw;
        }
        return (redactedText() + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A copy safe to leave the process: the secret part of text and raw masked. */
    public TranscriptEntry redacted() {
        if (!hasSecret()) {
            return this;
        }
        return new TranscriptEntry(seq, time, kind, redactedText(), redactedRaw(), -1, flight, verb, code, enhanced,
                latencyMicros, bytes, details);
    }
}
