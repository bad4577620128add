package org.smtpexplorer.engine;

import java.util.List;

/**
 * The server sent bytes that are not a valid reply. Keeps those bytes (the reply received so far and the line that
 * broke it, exactly as they arrived) so that the transcript shows what broke the session, and any replies that
 * were complete before it in the same read.
 */
public final class MalformedReplyException extends SmtpException {
    private final transient byte[] bytes;
    private final transient List<SmtpReply> completed;
    private final transient List<Exchange> exchanges;

    MalformedReplyException(String message, byte[] bytes, List<SmtpReply> completed, List<Exchange> exchanges) {
        super(FailureClass.PROTOCOL, message);
        this.bytes = bytes.clone();
        this.completed = List.copyOf(completed);
        this.exchanges = List.copyOf(exchanges);
    }

    /** The offending bytes, as received. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Replies completed before the offending bytes in the same read, as parsed: for a reader that matches replies to
     * no command (the transport's unframed read); {@link #exchanges()} has them matched.
     */
    public List<SmtpReply> completed() {
        return completed;
    }

    /** Those replies matched to their commands, once the protocol has applied them. */
    public List<Exchange> exchanges() {
        return exchanges;
    }

    MalformedReplyException withExchanges(List<Exchange> matched) {
        return new MalformedReplyException(getMessage(), bytes, completed, matched);
    }
}
