package org.smtpexplorer.probe;

import java.util.List;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.SmtpReply;

/**
 * What one variant's session showed.
 *
 * @param variant    the look-alike (or the control)
 * @param verdict    what the server did with it
 * @param evidence   what the replies show, in words
 * @param codes      the reply codes in short, e.g. "250, then 250 250 354 250; QUIT 221"
 * @param replies    every reply after the unframed data, in order (empty when the session failed before it)
 * @param transcript the whole session as text, secrets redacted
 * @param failure    why the session failed before the look-alike was sent, or null
 */
public record VariantResult(SmugglingVariant variant, Verdict verdict, String evidence, String codes,
                            List<SmtpReply> replies, String transcript, SmtpException failure) {

    public VariantResult {
        replies = List.copyOf(replies);
    }

    /** A look-alike (not the control) that ended the message. */
    public boolean vulnerable() {
        return verdict == Verdict.ENDED_HERE && !variant.isControl();
    }

    /** The verdict as the table prints it: "ENDED-HERE (vulnerable)", "REJECTED (safe)", "ENDED-HERE (control)". */
    public String verdictText() {
        if (variant.isControl()) {
            return verdict.label() + (verdict == Verdict.ENDED_HERE ? " (control, as expected)"
                    : " (control: expected ENDED-HERE)");
        }
        return verdict.label() + " (" + verdict.meaning() + ")";
    }
}
