package org.smtpexplorer.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * What the lab advertises in its EHLO reply: a pure function of the scenario, the configuration and whether the
 * session is inside TLS. Also the AUTH mechanisms on offer, which AUTH itself checks against.
 */
final class EhloKeywords {
    static final List<String> ALL_MECHANISMS = List.of("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256");
    static final int RCPT_MAX = 100;
    static final int MAIL_MAX = 1000;

    private EhloKeywords() {
    }

    /** The keyword lines after the greeting line, in the order sent. */
    static List<String> keywords(Scenario s, LabConfig config, boolean tls) {
        List<String> k = new ArrayList<>();
        if (s.pipelining()) {
            k.add("PIPELINING");
        }
        k.add("SIZE " + config.sizeLimit(s));
        if (s.offersStartTls() && !tls) {
            k.add("STARTTLS");
        }
        List<String> mechanisms = mechanisms(s, config, tls);
        if (!mechanisms.isEmpty()) {
            k.add("AUTH " + String.join(" ", mechanisms));
        }
        if (tls) {
            // RFC 8689 §2: REQUIRETLS is only offered on a connection that is already protected.
            k.add("REQUIRETLS");
        }
        k.add("8BITMIME");
        if (s.chunking()) {
            k.add("BINARYMIME");
            k.add("CHUNKING");
        }
        k.add("SMTPUTF8");
        k.add("DSN");
        k.add("ENHANCEDSTATUSCODES");
        k.add("LIMITS RCPTMAX=" + RCPT_MAX + " MAILMAX=" + MAIL_MAX);
        k.add("VRFY");
        k.add("HELP");
        return k;
    }

    /**
     * The AUTH mechanisms offered: all of them inside TLS, or before TLS when configured so; only PLAIN and LOGIN
     * before TLS in the auth-before-tls scenario; none in legacy.
     */
    static List<String> mechanisms(Scenario s, LabConfig config, boolean tls) {
        if (!s.speaksEsmtp()) {
            return List.of();
        }
        if (tls || config.authBeforeTls()) {
            return ALL_MECHANISMS;
        }
        return s == Scenario.AUTH_BEFORE_TLS ? List.of("PLAIN", "LOGIN") : List.of();
    }
}
