package org.smtpexplorer.compose;

/**
 * Something the composer has to tell the user about one field of a draft.
 *
 * @param severity how much it matters
 * @param field    the draft field it is about ("to", "attachments[1].contentType", "options.transferEncoding"), or
 *                 a whole-message topic ("size", "recipients")
 * @param message  what is wrong or what was decided, and why; a sentence for people
 */
public record Problem(Severity severity, String field, String message) {

    public enum Severity {
        /** A decision worth showing (an A-label used, an encoding chosen). */
        INFO,
        /** It can be sent, but something may go wrong or differ from what was typed. */
        WARNING,
        /** The message can be built but not sent to this server as it stands. */
        BLOCKING,
        /** The draft itself is wrong; no message can be built from it. */
        INVALID
    }

    public static Problem info(String field, String message) {
        return new Problem(Severity.INFO, field, message);
    }

    public static Problem warning(String field, String message) {
        return new Problem(Severity.WARNING, field, message);
    }

    public static Problem blocking(String field, String message) {
        return new Problem(Severity.BLOCKING, field, message);
    }

    public static Problem invalid(String field, String message) {
        return new Problem(Severity.INVALID, field, message);
    }

    @Override
    public String toString() {
        return severity + " " + field + ": " + message;
    }
}
