package org.smtpexplorer.transport;

import java.util.List;
import org.smtpexplorer.engine.SmtpReply;

/**
 * What the server answered after the client gave up the engine's framing on purpose
 * ({@link Session#sendUnframedDataThenQuit}): every reply in the order it arrived, matched to no command, and how
 * the reading ended.
 *
 * @param replies the replies, the answer to QUIT included when it came
 * @param end     why the reading stopped
 * @param detail  what happened, in words, when the end is not {@link End#QUIT_ANSWERED}; null otherwise
 */
public record UnframedReplies(List<SmtpReply> replies, End end, String detail) {

    /** Why the reading of unframed replies stopped. */
    public enum End {
        /** A 221 came: the server read QUIT as a command and answered it. */
        QUIT_ANSWERED,
        /** The server closed the connection first. */
        CLOSED,
        /** No further reply came within the reply timeout. */
        TIMED_OUT,
        /** More replies came than a probe can mean; the rest were not read. */
        TOO_MANY,
        /** A reply broke the reply grammar. */
        MALFORMED,
        /** The connection failed, or the run was cancelled. */
        FAILED
    }

    public UnframedReplies {
        replies = List.copyOf(replies);
    }
}
