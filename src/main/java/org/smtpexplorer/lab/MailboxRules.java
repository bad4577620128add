package org.smtpexplorer.lab;

import java.net.IDN;
import java.util.List;
import java.util.Locale;

/**
 * Which recipients the lab accepts. The whole rule set, checked in this order:
 * <ol>
 * <li>"postmaster" (bare or at any domain) is always accepted (RFC 5321 §4.5.1).</li>
 * <li>A domain that is not a lab domain (lab.example, example.com, example.de, 例子.中国 in either its U-label or
 * A-label form xn--fsqu00a.xn--fiqs8s) gets 554 5.7.1 relay access denied, unless the session is authenticated:
 * then it is accepted and kept like any other message, never relayed.</li>
 * <li>The local part "unknown", or any local part starting with "nobody", gets 550 5.1.1 user unknown.</li>
 * <li>"greylist" always gets 451 4.7.1.</li>
 * <li>"full" gets 552 5.2.2 mailbox full.</li>
 * <li>Everything else is accepted.</li>
 * </ol>
 * Local parts compare case-insensitively and without their quotes. Non-ASCII addresses additionally need
 * SMTPUTF8 on the MAIL command; that check belongs to the session.
 */
public final class MailboxRules {
    static final List<String> LAB_DOMAINS = List.of("lab.example", "example.com", "example.de",
            "xn--fsqu00a.xn--fiqs8s");

    /** The rules above in a few lines, for the CLI banner and the app. */
    public static final List<String> SUMMARY = List.of(
            "any local part @lab.example, @example.com, @example.de or @例子.中国 (xn--fsqu00a.xn--fiqs8s) is accepted;"
                    + " other domains only after AUTH (kept, never relayed)",
            "unknown@... and nobody*@... get 550 5.1.1, greylist@... 451 4.7.1, full@... 552 5.2.2;"
                    + " postmaster is always accepted",
            "non-ASCII addresses need MAIL ... SMTPUTF8");

    private MailboxRules() {
    }

    /** Accepts {@code rcpt} silently or throws the rejection the rules above give. */
    static void checkRecipient(Mailbox rcpt, boolean authenticated) {
        String local = rcpt.plainLocalPart();
        if (local.equals("postmaster")) {
            return;
        }
        if (!isLabDomain(rcpt.domain()) && !authenticated) {
            throw new Rejection(554, "5.7.1", "<" + rcpt.address() + ">: Relay access denied; the lab accepts "
                    + "mail for lab.example, example.com, example.de and 例子.中国, or for any domain after AUTH "
                    + "(it keeps every message and never relays)");
        }
        if (local.equals("unknown") || local.startsWith("nobody")) {
            throw new Rejection(550, "5.1.1", "<" + rcpt.address() + ">: User unknown");
        }
        if (local.equals("greylist")) {
            throw new Rejection(451, "4.7.1", "<" + rcpt.address() + ">: Greylisted, try again later (this "
                    + "address always is)");
        }
        if (local.equals("full")) {
            throw new Rejection(552, "5.2.2", "<" + rcpt.address() + ">: Mailbox full");
        }
    }

    /** True for the lab's own domains, in any letter case and in U-label or A-label form. */
    static boolean isLabDomain(String domain) {
        try {
            return LAB_DOMAINS.contains(IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
