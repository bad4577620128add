package org.smtpexplorer.engine;

/**
 * The commands the engine knows. AUTH_RESPONSE is a line sent in answer to a 334 challenge; RAW is typed by hand.
 * CONNECT (awaiting the greeting) and END_OF_DATA (the final dot) are not commands but also get a reply.
 */
public enum Verb {
    HELO, EHLO, MAIL, RCPT, DATA, BDAT, RSET, VRFY, EXPN, HELP, NOOP, QUIT, STARTTLS, AUTH, AUTH_RESPONSE, ETRN, RAW, CONNECT, END_OF_DATA;

    /** RFC 2920 §3.1: these may only be the last command of a pipelined group. */
    public boolean endsPipelinedGroup() {
        return switch (this) {
            case EHLO, HELO, DATA, VRFY, EXPN, NOOP, QUIT, STARTTLS, AUTH, AUTH_RESPONSE, ETRN, RAW -> true;
            default -> false;
        };
    }

    /** The word on the wire, or null for lines that are not a command word. */
    public String word() {
        return switch (this) {
            case AUTH_RESPONSE, RAW, CONNECT, END_OF_DATA -> null;
            default -> name();
        };
    }
}
