package org.smtpexplorer.lab;

/** How the message body reached the server. */
public enum Transfer {
    /** DATA: dot-stuffed lines ended by CRLF.CRLF (RFC 5321 §4.1.1.4). */
    DATA,
    /** BDAT: chunks of exact byte counts, the last marked LAST (RFC 3030). */
    BDAT
}
