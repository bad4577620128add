package org.smtpexplorer.engine;

/** What moves a session without being the reply to a command. {@link SessionRules#after} says where each leads. */
public enum SessionEvent {
    OPENED("the connection opens"),
    TLS_ESTABLISHED("the TLS handshake completes"),
    CLOSED("a 421 reply, or the connection closes"),
    BROKEN("a malformed reply or a failed transport");

    private final String description;

    SessionEvent(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
