package org.smtpexplorer.lab;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SMTP envelope of one accepted message: MAIL and RCPT with their parameters as sent, and the values of the
 * ones the lab understands, decoded.
 *
 * @param mailFrom       the reverse path without angle brackets; "" for the null sender
 * @param mailParameters every MAIL parameter as sent, keyword upper-cased; a null value is a bare keyword
 * @param recipients     the accepted recipients in order
 * @param body           the BODY= value (7BIT, 8BITMIME, BINARYMIME), or null when not given
 * @param smtpUtf8       true when MAIL carried SMTPUTF8
 * @param declaredSize   the SIZE= value, or null when not given
 * @param ret            the DSN RET= value (FULL or HDRS), or null
 * @param envid          the DSN ENVID= value, xtext-decoded, or null
 * @param requireTls     true when MAIL carried REQUIRETLS
 * @param auth           the MAIL AUTH= value (RFC 4954 §5), xtext-decoded, or null
 */
public record Envelope(String mailFrom, Map<String, String> mailParameters, List<Recipient> recipients, String body,
                       boolean smtpUtf8, Long declaredSize, String ret, String envid, boolean requireTls,
                       String auth) {

    public Envelope {
        mailParameters = Collections.unmodifiableMap(new LinkedHashMap<>(mailParameters));
        recipients = List.copyOf(recipients);
    }

    /**
     * One accepted recipient.
     *
     * @param address    the forward path without angle brackets
     * @param parameters every RCPT parameter as sent, keyword upper-cased
     * @param notifyOn   the DSN NOTIFY= values in order, empty when not given
     * @param orcpt      the DSN ORCPT= value as "type;address" with the address decoded, or null
     */
    public record Recipient(String address, Map<String, String> parameters, List<String> notifyOn, String orcpt) {
        public Recipient {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            notifyOn = List.copyOf(notifyOn);
        }
    }
}
