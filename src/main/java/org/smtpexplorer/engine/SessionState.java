package org.smtpexplorer.engine;

/** Where a client session stands. The legal commands and transitions of each live in {@link SessionRules}. */
public enum SessionState {
    DISCONNECTED("not connected"),
    CONNECTED("connected, awaiting the greeting"),
    GREETED("greeted; say EHLO or HELO"),
    REFUSED("the server refused the session at its greeting; only QUIT is left"),
    READY("ready for a mail transaction"),
    TLS_HANDSHAKE("STARTTLS accepted; TLS handshake in progress"),
    AUTHENTICATING("in an AUTH exchange"),
    MAIL("sender accepted; add recipients"),
    RCPT("recipients accepted; send DATA or BDAT, or add more"),
    DATA_BODY("sending the message body after 354"),
    BDAT_CHUNKS("BDAT chunks under way; more chunks, then LAST"),
    CLOSED("connection closed"),
    ERROR("the session broke; it cannot be used further");

    private final String description;

    SessionState(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
