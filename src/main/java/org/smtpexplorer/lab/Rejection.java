package org.smtpexplorer.lab;

/**
 * A command refused with a reply. Thrown by the checks deep in parsing so that each one can name its own code,
 * enhanced status and reason; the session turns it into the reply.
 */
final class Rejection extends RuntimeException {
    private final int code;
    private final String enhanced;

    Rejection(int code, String enhanced, String text) {
        super(text, null, false, false);
        this.code = code;
        this.enhanced = enhanced;
    }

    int code() {
        return code;
    }

    /** The RFC 3463 code as text, e.g. "5.5.4". */
    String enhanced() {
        return enhanced;
    }

    String text() {
        return getMessage();
    }

    static Rejection syntax(String text) {
        return new Rejection(501, "5.5.4", text);
    }

    static Rejection badSequence(String text) {
        return new Rejection(503, "5.5.1", text);
    }
}
