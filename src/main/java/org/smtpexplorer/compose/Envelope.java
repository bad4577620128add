package org.smtpexplorer.compose;

import java.util.ArrayList;
import java.util.List;
import org.smtpexplorer.engine.Capabilities;

/**
 * The SMTP envelope of a composed message: what goes into MAIL FROM and RCPT TO, which is not what the headers
 * say (Bcc is only here).
 *
 * @param mailFrom   the reverse path
 * @param recipients To, Cc and Bcc without duplicates, in that order
 * @param smtpUtf8   whether the addresses are meant to go with SMTPUTF8 (as typed) or not (A-labels)
 */
public record Envelope(String mailFrom, List<String> recipients, boolean smtpUtf8) {

    public Envelope {
        recipients = List.copyOf(recipients);
    }

    /**
     * The recipients split into transactions of at most the server's LIMITS RCPTMAX (RFC 9422 §4.1); one batch
     * when the server announces no limit or is not known.
     */
    public List<List<String>> batches(Capabilities caps) {
        long max = caps == null ? 0 : caps.limits().rcptMax().orElse(0);
        if (max <= 0 || recipients.size() <= max) {
            return List.of(recipients);
        }
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i += (int) max) {
            out.add(recipients.subList(i, (int) Math.min(recipients.size(), i + max)));
        }
        return List.copyOf(out);
    }
}
