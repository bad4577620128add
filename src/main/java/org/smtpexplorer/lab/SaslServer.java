package org.smtpexplorer.lab;

/** The server side of one SASL exchange (RFC 4422 as used by RFC 4954): raw bytes in, steps out, no I/O. */
interface SaslServer {
    /**
     * Begins the exchange.
     *
     * @param initialResponse the decoded initial response of the AUTH command; empty for "="; null when none
     */
    SaslStep start(byte[] initialResponse);

    /** Takes the client's decoded answer to the last challenge. */
    SaslStep next(byte[] response);
}
