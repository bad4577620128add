package org.smtpexplorer.lab;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One message the lab accepted, with the exact bytes it received: after un-stuffing for DATA, or the chunks
 * concatenated for BDAT. The lab adds no Received: header, so what the client sent is what is kept.
 *
 * @param number     the message number, 1 for the first message of this server (or after the highest N.eml
 *                   already in the maildir)
 * @param receivedAt when the final dot or the LAST chunk arrived
 * @param session    the session it came in
 * @param envelope   MAIL and RCPT with their parameters
 * @param transfer   DATA or BDAT
 * @param chunkSizes the size of each BDAT chunk in order; for DATA a single entry, the stored size
 * @param content    the message bytes
 */
public record ReceivedMessage(int number, Instant receivedAt, SessionInfo session, Envelope envelope,
                              Transfer transfer, List<Long> chunkSizes, @JsonIgnore byte[] content) {

    public ReceivedMessage {
        Objects.requireNonNull(envelope, "envelope");
        chunkSizes = List.copyOf(chunkSizes);
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content decoded as UTF-8 (invalid bytes become U+FFFD); for display and tests. */
    public String contentAsString() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @JsonProperty("size")
    public int size() {
        return content.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedMessage m && m.number == number && m.receivedAt.equals(receivedAt)
                && m.session.equals(session) && m.envelope.equals(envelope) && m.transfer == transfer
                && m.chunkSizes.equals(chunkSizes) && Arrays.equals(m.content, content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, receivedAt, session, envelope, transfer, chunkSizes,
                Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + number + ", from <" + envelope.mailFrom() + "> to "
                + envelope.recipients().size() + " recipient(s), " + content.length + " bytes by " + transfer + "]";
    }
}
