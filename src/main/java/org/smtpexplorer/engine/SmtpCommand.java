package org.smtpexplorer.engine;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command line as it goes on the wire (without CRLF). Built through the factories, which refuse CR, LF and
 * NUL in every argument so that no value can split into two commands.
 *
 * @param verb       what the command is
 * @param line       the exact line text
 * @param secretFrom index in {@code line} from which the text is an authentication secret, or -1
 * @param bdatSize   for BDAT, the chunk size that follows the command; otherwise -1
 * @param bdatLast   for BDAT, whether this is the LAST chunk
 */
public record SmtpCommand(Verb verb, String line, int secretFrom, long bdatSize, boolean bdatLast) {
    private static final Pattern AUTH_LINE =
            Pattern.compile("(?i)\\s*AUTH\\s+\\S+\\s+(.*)");

    public SmtpCommand {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(line, "line");
        checkNoLineBreak("command", line);
        if (secretFrom > line.length()) {
            throw new IllegalArgumentException("secretFrom beyond the line");
        }
    }

    private static SmtpCommand of(Verb verb, String line) {
        return new SmtpCommand(verb, line, -1, -1, false);
    }

    public static SmtpCommand ehlo(String domain) {
        return of(Verb.EHLO, "EHLO " + requireToken("EHLO domain", domain));
    }

    public static SmtpCommand helo(String domain) {
        return of(Verb.HELO, "HELO " + requireToken("HELO domain", domain));
    }

    /** MAIL FROM:&lt;reversePath&gt; with parameters; an empty reverse path is the null sender "&lt;&gt;". */
    public static SmtpCommand mail(String reversePath, MailParameters params) {
        Addresses.checkPath("sender", reversePath, true);
        return of(Verb.MAIL, "MAIL FROM:<" + reversePath + ">" + params.render());
    }

    public static SmtpCommand mail(String reversePath) {
        return mail(reversePath, MailParameters.none());
    }

    public static SmtpCommand rcpt(String forwardPath, MailParameters params) {
        Addresses.checkPath("recipient", forwardPath, false);
        return of(Verb.RCPT, "RCPT TO:<" + forwardPath + ">" + params.render());
    }

    public static SmtpCommand rcpt(String forwardPath) {
        return rcpt(forwardPath, MailParameters.none());
    }

    public static SmtpCommand data() {
        return of(Verb.DATA, "DATA");
    }

    /** RFC 3030: BDAT size [LAST]; exactly {@code size} bytes of payload follow the command line. */
    public static SmtpCommand bdat(long size, boolean last) {
        if (size < 0) {
            throw new IllegalArgumentException("BDAT size must not be negative: " + size);
        }
        return new SmtpCommand(Verb.BDAT, "BDAT " + size + (last ? " LAST" : ""), -1, size, last);
    }

    public static SmtpCommand rset() {
        return of(Verb.RSET, "RSET");
    }

    public static SmtpCommand noop() {
        return of(Verb.NOOP, "NOOP");
    }

    public static SmtpCommand quit() {
        return of(Verb.QUIT, "QUIT");
    }

    public static SmtpCommand starttls() {
        return of(Verb.STARTTLS, "STARTTLS");
    }

    public static SmtpCommand help(String topic) {
        return of(Verb.HELP, topic == null || topic.isEmpty() ? "HELP" : "HELP " + requireText("HELP topic", topic));
    }

    public static SmtpCommand vrfy(String who) {
        return of(Verb.VRFY, "VRFY " + requireText("VRFY argument", who));
    }

    public static SmtpCommand expn(String list) {
        return of(Verb.EXPN, "EXPN " + requireText("EXPN argument", list));
    }

    public static SmtpCommand etrn(String node) {
        return of(Verb.ETRN, "ETRN " + requireText("ETRN argument", node));
    }

    /** AUTH mechanism [initial-response]; the initial response is marked secret. */
    public static SmtpCommand auth(String mechanism, String initialResponse) {
        String head = "AUTH " + requireToken("AUTH mechanism", mechanism).toUpperCase(Locale.ROOT);
        if (initialResponse == null) {
            return of(Verb.AUTH, head);
        }
        checkNoLineBreak("AUTH initial response", initialResponse);
        String ir = initialResponse.isEmpty() ? "=" : initialResponse;
        return new SmtpCommand(Verb.AUTH, head + " " + ir, head.length() + 1, -1, false);
    }

    /** A line answering a 334 challenge; all of it is secret. "*" cancels the exchange (RFC 4954 §4). */
    public static SmtpCommand authResponse(String base64) {
        checkNoLineBreak("AUTH response", base64);
        boolean cancel = base64.equals("*");
        return new SmtpCommand(Verb.AUTH_RESPONSE, base64, cancel ? -1 : 0, -1, false);
    }

    /**
     * A line typed by hand. Its verb is recognised, so the state machine still follows it, but it is sent as typed.
     * Only CR, LF and NUL are refused.
     */
    public static SmtpCommand raw(String line) {
        checkNoLineBreak("command", line);
        String word = line.strip().split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
        Verb verb;
        try {
            verb = Verb.valueOf(word);
        } catch (IllegalArgumentException e) {
            verb = Verb.RAW;
        }
        if (verb == Verb.AUTH_RESPONSE) {
            verb = Verb.RAW;
        }
        if (verb == Verb.BDAT) {
            String[] parts = line.strip().split(" +");
            try {
                long size = Long.parseLong(parts[1]);
                boolean last = parts.length > 2 && parts[2].equalsIgnoreCase("LAST");
                return new SmtpCommand(Verb.BDAT, line, -1, size, last);
            } catch (RuntimeException e) {
                return of(Verb.RAW, line);
            }
        }
        int secretFrom = -1;
        if (verb == Verb.AUTH) {
            // "AUTH mechanism initial-response": the response, after any run of spaces, is the secret.
            Matcher m = AUTH_LINE.matcher(line);
            if (m.matches() && !m.group(1).isEmpty()) {
                secretFrom = m.start(1);
            }
        }
        return new SmtpCommand(verb, line, secretFrom, -1, false);
    }

    /** The exact bytes on the wire: the line in UTF-8 and CRLF. */
    public byte[] toBytes() {
        return (line + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    public boolean hasSecret() {
        return secretFrom >= 0;
    }

    /** The line with its secret part replaced by a marker, for display and export. */
    public String redactedLine() {
        return hasSecret() ? line.substring(0, secretFrom) + Redaction.MARK : line;
    }

    static void checkNoLineBreak(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw SmtpException.refused(field + " contains " + (c == '\r' ? "CR" : c == '\n' ? "LF" : "NUL")
                        + " at position " + i + "; it would let the value end the line or smuggle a command");
            }
        }
    }

    private static String requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        checkNoLineBreak(field, value);
        if (value.isBlank()) {
            throw SmtpException.refused(field + " is empty");
        }
        return value;
    }

    private static String requireToken(String field, String value) {
        requireText(field, value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw SmtpException.refused(field + " must be one word without spaces or control characters: \""
                        + value + "\"");
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return redactedLine();
    }
}
