package org.smtpexplorer.probe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The end-of-data look-alikes the SMTP smuggling probe tries, each with what it is, why a server might take it for
 * the end of the message, and where it comes from. The real end of data is first, as the probe's control: it must
 * end the message on any server, and so shows what "ended here" looks like on the one probed.
 *
 * <p>The bytes are the whole look-alike, the line end of the line before the dot included: the probe writes them
 * right after a text line that has no line end of its own. The list follows SEC Consult's SMTP smuggling research
 * (Timo Longin, December 2023: the sequences of its smtp-smuggling-tools scanner for receiving and sending servers)
 * and Hanno Böck's smtpsmug tests, which covered the Postfix, Sendmail and Exim advisories that followed
 * (CVE-2023-51764, CVE-2023-51765, CVE-2023-51766).
 */
public enum SmugglingVariant {
    CONTROL("control", "<CR><LF>.<CR><LF>", "\r\n.\r\n",
            "The real end of data: a line holding only a dot, where the first CRLF ends the line before it. Every"
                    + " server must end the message here and read the marked transaction behind it as commands, so"
                    + " this row shows what ENDED-HERE looks like on this server, and that it answers commands sent"
                    + " right behind the end of data. The calibration, not a finding.",
            "RFC 5321 §4.1.1.4 (DATA), §4.5.2 (transparency)"),
    LF_LF("lf-lf", "<LF>.<LF>", "\n.\n",
            "Bare LF line ends around the dot. RFC 5321 allows no line terminator but CRLF, yet servers born on"
                    + " UNIX long took a lone LF for one, and so read <LF>.<LF> as the end of data. Postfix did by"
                    + " default until smtpd_forbid_bare_newline (3.5.23, 3.6.13, 3.7.9, 3.8.4; on by default from"
                    + " 3.9).",
            "RFC 5321 §2.3.8; SEC Consult, SMTP smuggling (2023); CVE-2023-51764 (Postfix)"),
    LF_CRLF("lf-crlf", "<LF>.<CR><LF>", "\n.\r\n",
            "A proper dot line after a line ended by a bare LF: SEC Consult's main finding. Exchange Online passed"
                    + " it on unchanged, and Postfix, Sendmail and Cisco Secure Email read it as the end of data, so"
                    + " a second message could be smuggled to them; Exim before 4.97.1 read it so too.",
            "SEC Consult, SMTP smuggling (2023); CVE-2023-51764 (Postfix), CVE-2023-51765 (Sendmail),"
                    + " CVE-2023-51766 (Exim)"),
    CRLF_LF("crlf-lf", "<CR><LF>.<LF>", "\r\n.\n",
            "A dot line ended by a bare LF after a properly ended line. A server that takes a lone LF for a line end"
                    + " (Postfix without smtpd_forbid_bare_newline) ends the data here.",
            "RFC 5321 §2.3.8; Hanno Böck, smtpsmug (crlflf); CVE-2023-51764 (Postfix)"),
    CR_CR("cr-cr", "<CR>.<CR>", "\r.\r",
            "Bare CR line ends around the dot (the old Macintosh line end). RFC 5321 allows CR only in CRLF; a server"
                    + " that takes a lone CR for a line end reads this as the end of data.",
            "RFC 5321 §2.3.8; SEC Consult, SMTP smuggling (2023)"),
    CR_LF("cr-lf", "<CR>.<LF>", "\r.\n",
            "A bare CR ends the line before the dot and a bare LF the dot line: caught by a server that takes either"
                    + " lone character for a line end.",
            "RFC 5321 §2.3.8; SEC Consult, SMTP smuggling (2023)"),
    LF_CR("lf-cr", "<LF>.<CR>", "\n.\r",
            "A bare LF ends the line before the dot and a bare CR the dot line: the mirror of <CR>.<LF>.",
            "RFC 5321 §2.3.8; SEC Consult, SMTP smuggling (2023)"),
    CR_CRLF("cr-crlf", "<CR>.<CR><LF>", "\r.\r\n",
            "A proper dot line after a line ended by a bare CR: the CR counterpart of <LF>.<CR><LF>.",
            "RFC 5321 §2.3.8; SEC Consult, SMTP smuggling (2023)"),
    CRLF_CR("crlf-cr", "<CR><LF>.<CR>", "\r\n.\r",
            "A dot line ended by a bare CR after a properly ended line: the CR counterpart of <CR><LF>.<LF>.",
            "RFC 5321 §2.3.8; Hanno Böck, smtpsmug (crlfcr)"),
    CRLF_CRCRLF("crlf-crcrlf", "<CR><LF>.<CR><CR><LF>", "\r\n.\r\r\n",
            "The dot line ends in CR CR LF. A server that drops a CR before CRLF, or takes CR CR LF for one line end,"
                    + " sees <CR><LF>.<CR><LF>. Postfix without smtpd_forbid_bare_newline strips every CR before a"
                    + " line's LF, so it ends the data here too (seen on 3.7.11).",
            "SEC Consult, SMTP smuggling (2023): sequences for sending servers; CVE-2023-51764 (Postfix)"),
    CRCRLF_CRCRLF("crcrlf-crcrlf", "<CR><CR><LF>.<CR><CR><LF>", "\r\r\n.\r\r\n",
            "Both line ends are CR CR LF: the same confusion on both sides of the dot, which Postfix without"
                    + " smtpd_forbid_bare_newline also reads as the end of data.",
            "SEC Consult, SMTP smuggling (2023): sequences for sending servers; CVE-2023-51764 (Postfix)"),
    CRLF_NUL_DOT("crlf-nul-dot", "<CR><LF><NUL>.<CR><LF>", "\r\n\0.\r\n",
            "A NUL byte before the dot. NUL has no place in a message (RFC 5322 allows characters 1 to 127); a server"
                    + " or a filter in front of it that drops NUL bytes sees <CR><LF>.<CR><LF>.",
            "RFC 5322 §2.1; SEC Consult, SMTP smuggling (2023); Hanno Böck, smtpsmug (nullbefore)"),
    CRLF_DOT_NUL("crlf-dot-nul", "<CR><LF>.<NUL><CR><LF>", "\r\n.\0\r\n",
            "A NUL byte after the dot: the mirror of the one before it, for a server that drops NUL bytes or ends a"
                    + " line's text at the first NUL, as C string handling does.",
            "RFC 5322 §2.1; Hanno Böck, smtpsmug (nullafter)");

    private final String id;
    private final String notation;
    private final byte[] bytes;
    private final String explanation;
    private final String sources;

    SmugglingVariant(String id, String notation, String bytes, String explanation, String sources) {
        this.id = id;
        this.notation = notation;
        this.bytes = bytes.getBytes(StandardCharsets.ISO_8859_1);
        this.explanation = explanation;
        this.sources = sources;
    }

    /** The short name for the command line and JSON, e.g. "lf-crlf". */
    public String id() {
        return id;
    }

    /** The look-alike as the advisories write it, e.g. "{@code <LF>.<CR><LF>}". */
    public String notation() {
        return notation;
    }

    /** The exact bytes, the line end before the dot included. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes with C escapes, e.g. "{@code \n.\r\n}", and NUL as "{@code \0}". */
    public String escaped() {
        return escape(bytes);
    }

    /** CR, LF and NUL as {@code \r}, {@code \n} and {@code \0}; the probe sends nothing else that needs it. */
    static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            switch (b) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case 0 -> sb.append("\\0");
                default -> sb.append((char) b);
            }
        }
        return sb.toString();
    }

    /** The bytes in hex, e.g. "0a2e0d0a". */
    public String hex() {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return sb.toString();
    }

    /** The real end of data, run as the calibration; every other variant is a look-alike. */
    public boolean isControl() {
        return this == CONTROL;
    }

    /** Why a server might end the message here, in two or three sentences. */
    public String explanation() {
        return explanation;
    }

    /** Where the variant and the behaviour it tests come from. */
    public String sources() {
        return sources;
    }

    /** The look-alikes, without the control. */
    public static List<SmugglingVariant> lookAlikes() {
        return Arrays.stream(values()).filter(v -> !v.isControl()).toList();
    }

    /** Finds a variant by its id ("lf-crlf") or constant name ("LF_CRLF"). */
    public static SmugglingVariant fromId(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (SmugglingVariant v : values()) {
            if (v.id.equals(wanted)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant \"" + name + "\"; known: " + ids());
    }

    /** All ids, comma-separated, for messages and help texts. */
    public static String ids() {
        return Arrays.stream(values()).map(SmugglingVariant::id).collect(Collectors.joining(", "));
    }
}
