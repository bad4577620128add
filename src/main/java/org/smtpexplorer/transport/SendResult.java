package org.smtpexplorer.transport;

import java.util.List;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.SmtpReply;

/**
 * How a send ended.
 *
 * @param status     the outcome
 * @param recipients what the server said to each recipient
 * @param finalReply the reply to the end of data (or last BDAT), when there was one
 * @param failure    the failure, when status is not SENT or STOPPED
 * @param tls        the TLS details, when TLS was used
 */
public record SendResult(Status status, List<RecipientResult> recipients, SmtpReply finalReply,
                         SmtpException failure, TlsInfo tls) {

    public SendResult {
        recipients = List.copyOf(recipients);
    }

    public enum Status {
        /** The server accepted the message for at least one recipient. */
        SENT,
        /** Stopped on purpose before the message (--quit-after). */
        STOPPED,
        /** Nothing was delivered; see failure. */
        FAILED,
        /** The connection broke after the whole message was sent: it may or may not have been delivered. */
        UNKNOWN
    }

    public record RecipientResult(String address, SmtpReply reply) {
        public boolean accepted() {
            return reply != null && reply.isPositive();
        }
    }

    public long acceptedCount() {
        return recipients.stream().filter(RecipientResult::accepted).count();
    }
}
