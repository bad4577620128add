package org.smtpexplorer.lab;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An address from a MAIL or RCPT path, checked against the RFC 5321 §4.1.2 grammar (with RFC 6531 UTF-8 where
 * asked). The local part is kept as written, quotes included.
 *
 * @param localPart the local part as written
 * @param domain    the domain or address literal; empty only for the bare "postmaster" recipient
 */
record Mailbox(String localPart, String domain) {
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    /** The address as written, without angle brackets. */
    String address() {
        return domain.isEmpty() ? localPart : localPart + "@" + domain;
    }

    /** True when the address has any non-ASCII character, which needs SMTPUTF8 (RFC 6531 §3.3). */
    boolean needsSmtpUtf8() {
        return !StandardCharsets.US_ASCII.newEncoder().canEncode(address());
    }

    /** The local part without quotes and quoting backslashes, lower-cased: what the lab's rules look at. */
    String plainLocalPart() {
        String s = localPart;
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * A path and where it ended in the command text.
     *
     * @param mailbox the address, or null for the null reverse path "&lt;&gt;"
     * @param end     the index just after the closing '&gt;'
     */
    record Path(Mailbox mailbox, int end) {
    }

    /**
     * Parses the path at {@code start} of {@code text}: "&lt;" [source route ":"] mailbox "&gt;". The source route
     * (RFC 5321 §4.1.2, obsolete) is accepted and dropped. {@code nullAllowed} admits "&lt;&gt;",
     * {@code postmasterAllowed} the bare "&lt;postmaster&gt;". Errors name the rule that failed.
     */
    static Path parse(String text, int start, boolean nullAllowed, boolean postmasterAllowed, String enhanced) {
        if (start >= text.length() || text.charAt(start) != '<') {
            throw new Rejection(501, enhanced, "Syntax error: the address must be in angle brackets, e.g. "
                    + "<user@lab.example>");
        }
        int close = closingBracket(text, start + 1, enhanced);
        String inner = text.substring(start + 1, close);
        if (inner.isEmpty()) {
            if (!nullAllowed) {
                throw new Rejection(501, enhanced, "Syntax error: an empty address <> is only allowed as sender");
            }
            return new Path(null, close + 1);
        }
        if (inner.startsWith("@")) {
            int colon = inner.indexOf(':');
            if (colon < 0) {
                throw new Rejection(501, enhanced, "Syntax error: source route without ':' in <" + inner + ">");
            }
            inner = inner.substring(colon + 1);
        }
        if (close - start + 1 > 256) {
            throw new Rejection(501, enhanced, "Address too long: a path may have at most 256 octets");
        }
        if (postmasterAllowed && inner.equalsIgnoreCase("postmaster")) {
            return new Path(new Mailbox(inner, ""), close + 1);
        }
        return new Path(mailbox(inner, enhanced), close + 1);
    }

    private static int closingBracket(String text, int from, String enhanced) {
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        throw new Rejection(501, enhanced, "Syntax error: missing '>' at the end of the address");
    }

    private static Mailbox mailbox(String s, String enhanced) {
        int at = localPartEnd(s, enhanced);
        if (at >= s.length() || s.charAt(at) != '@') {
            throw new Rejection(501, enhanced, "Syntax error: <" + s + "> is not of the form local-part@domain");
        }
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        if (local.getBytes(StandardCharsets.UTF_8).length > 64) {
            throw new Rejection(501, enhanced, "Local part too long: at most 64 octets (RFC 5321 §4.5.3.1.1)");
        }
        checkDomain(domain, enhanced);
        return new Mailbox(local, domain);
    }

    /** Checks the local part (dot-string or quoted string) and returns the index of the '@' after it. */
    private static int localPartEnd(String s, String enhanced) {
        if (s.startsWith("\"")) {
            for (int i = 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    if (i + 1 >= s.length() || s.charAt(i + 1) < 32 || s.charAt(i + 1) == 127) {
                        throw new Rejection(501, enhanced, "Syntax error: bad quoted pair in the local part");
                    }
                    i++;
                } else if (c == '"') {
                    return i + 1;
                } else if (c < 32 || c == 127) {
                    throw new Rejection(501, enhanced, "Syntax error: control character in the local part");
                }
            }
            throw new Rejection(501, enhanced, "Syntax error: unterminated quoted local part");
        }
        int i = 0;
        boolean atomStart = true;
        while (i < s.length() && s.charAt(i) != '@') {
            char c = s.charAt(i);
            if (c == '.') {
                if (atomStart) {
                    throw new Rejection(501, enhanced, "Syntax error: empty atom in the local part (\"..\" or a "
                            + "leading dot); quote the local part if you mean it");
                }
                atomStart = true;
            } else if (isAtext(c)) {
                atomStart = false;
            } else {
                throw new Rejection(501, enhanced, "Syntax error: character '" + c + "' is not allowed in an "
                        + "unquoted local part");
            }
            i++;
        }
        if (i == 0 || atomStart) {
            throw new Rejection(501, enhanced, "Syntax error: empty local part or trailing dot");
        }
        return i;
    }

    private static boolean isAtext(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || ATEXT_SPECIALS.indexOf(c) >= 0 || c > 127;
    }

    private static void checkDomain(String d, String enhanced) {
        if (d.isEmpty()) {
            throw new Rejection(501, enhanced, "Syntax error: empty domain");
        }
        if (d.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new Rejection(501, enhanced, "Domain too long: at most 255 octets");
        }
        if (d.startsWith("[")) {
            if (!d.endsWith("]") || d.length() < 3 || d.chars().anyMatch(c -> c <= ' ' || c == '\\' || c > 126)) {
                throw new Rejection(501, enhanced, "Syntax error: bad address literal " + d);
            }
            return;
        }
        for (String label : d.split("\\.", -1)) {
            if (label.isEmpty() || label.startsWith("-") || label.endsWith("-") || label.length() > 63) {
                throw new Rejection(501, enhanced, "Syntax error: bad domain \"" + d + "\" (each label must be "
                        + "1 to 63 letters, digits or hyphens, not starting or ending with a hyphen)");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ldh = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
                if (!ldh && (c <= 127 || Character.isWhitespace(c))) {
                    throw new Rejection(501, enhanced, "Syntax error: character '" + c + "' is not allowed in "
                            + "the domain \"" + d + "\"");
                }
            }
        }
    }
}
