package org.smtpexplorer.history;

import java.util.List;
import java.util.Locale;
import org.smtpexplorer.transcript.Ladder;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * How a session ended, from its transcript alone (so a window session and a command-line one read alike).
 *
 * @param kind what happened
 * @param text the reply or failure that says so, one line, escaped (the root-cause refusal for a refused session)
 */
public record Outcome(Kind kind, String text) {

    public enum Kind {
        /** The server accepted the message (for some recipients at least: the text names any refused). */
        DELIVERED,
        /** The server refused: the text is the reply the session's failure was named after. */
        REFUSED,
        /** No answer to act on: no connection, a TLS or protocol failure, a timeout, a lost connection. */
        FAILED,
        /** Ended without a message and without a refusal (--quit-after, a session stepped by hand). */
        ENDED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The outcome of {@code entries}; of their last transaction when there were several. */
    public static Outcome of(List<TranscriptEntry> entries) {
        TranscriptEntry.Failure failure = null;
        TranscriptEntry.Reply finalReply = null;
        TranscriptEntry.Reply firstRefusal = null;
        String lastBdat = null;
        String refusedRecipients = "";
        for (TranscriptEntry e : entries) {
            if (e instanceof TranscriptEntry.Command c && "MAIL".equals(c.verb())) {
                finalReply = null;
                firstRefusal = null;
                lastBdat = null;
                refusedRecipients = "";
            } else if (e instanceof TranscriptEntry.Command c && "BDAT".equals(c.verb())) {
                lastBdat = c.text();
            } else if (e instanceof TranscriptEntry.Reply r) {
                boolean last = "END_OF_DATA".equals(r.answering()) || ("BDAT".equals(r.answering())
                        && lastBdat != null && lastBdat.toUpperCase(Locale.ROOT).contains(" LAST"));
                if (last) {
                    finalReply = r;
                }
                if (r.code() >= 400 && !"QUIT".equals(r.answering())) {
                    if (firstRefusal == null) {
                        firstRefusal = r;
                    }
                    if ("RCPT".equals(r.answering())) {
                        refusedRecipients += (refusedRecipients.isEmpty() ? "" : "; ") + firstLine(r);
                    }
                }
            } else if (e instanceof TranscriptEntry.Failure f && failure == null) {
                failure = f;
            }
        }
        if (finalReply != null && finalReply.code() / 100 == 2) {
            return new Outcome(Kind.DELIVERED, firstLine(finalReply)
                    + (refusedRecipients.isEmpty() ? "" : " (refused: " + refusedRecipients + ")"));
        }
        String root = null;
        for (Ladder.Rung rung : Ladder.of(entries).steps()) {
            if (rung.rootCause()) {
                root = rung.label();
            }
        }
        if (root != null) {
            return new Outcome(Kind.REFUSED, root);
        }
        if (failure != null) {
            boolean refused = "REJECTED".equals(failure.failureClass()) || "AUTH".equals(failure.failureClass());
            return new Outcome(refused ? Kind.REFUSED : Kind.FAILED, Printable.escape(failure.text()));
        }
        if (firstRefusal != null) {
            return new Outcome(Kind.REFUSED, firstLine(firstRefusal));
        }
        return new Outcome(Kind.ENDED, finalReply == null ? "no message sent" : firstLine(finalReply));
    }

    private static String firstLine(TranscriptEntry.Reply r) {
        String text = r.text();
        int nl = text.indexOf('\n');
        return Printable.escape(nl < 0 ? text : text.substring(0, nl));
    }
}
