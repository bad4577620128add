package org.smtpexplorer.tlscheck;

import java.util.Objects;

/**
 * One thing the check found.
 *
 * @param mark   how it came out
 * @param text   what was found, in words for people
 * @param source the rule it is judged by ("RFC 7672 §2.2"), or "" when none applies
 */
public record Finding(Mark mark, String text, String source) {
    public Finding {
        Objects.requireNonNull(mark, "mark");
        Objects.requireNonNull(text, "text");
        source = source == null ? "" : source;
    }

    public static Finding pass(String text, String source) {
        return new Finding(Mark.PASS, text, source);
    }

    public static Finding info(String text, String source) {
        return new Finding(Mark.INFO, text, source);
    }

    public static Finding warn(String text, String source) {
        return new Finding(Mark.WARN, text, source);
    }

    public static Finding fail(String text, String source) {
        return new Finding(Mark.FAIL, text, source);
    }
}
