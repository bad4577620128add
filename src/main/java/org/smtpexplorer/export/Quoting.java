package org.smtpexplorer.export;

/**
 * Values put into a generated script, quoted so that no value, however hostile (a saved session is a file anyone
 * could have written), can do more than be that value: no shell word splitting, substitution or option injection,
 * no way out of a Python string or a comment.
 */
final class Quoting {
    private Quoting() {
    }

    /**
     * A POSIX shell word: single quotes, each single quote inside written as {@code '\''}. Nothing is special
     * inside single quotes, so {@code $(...)}, backquotes and {@code ;} stay text.
     *
     * @throws IllegalArgumentException when the value holds a control character (see {@link #check})
     */
    static String shell(String field, String value) {
        check(field, value);
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** A Python string literal in single quotes; every character outside printable ASCII as an escape. */
    static String python(String value) {
        StringBuilder sb = new StringBuilder("'");
        value.codePoints().forEach(c -> {
            if (c == '\\' || c == '\'') {
                sb.append('\\').appendCodePoint(c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.appendCodePoint(c);
            } else if (c <= 0xff) {
                sb.append(String.format("\\x%02x", c));
            } else if (c <= 0xffff) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.append(String.format("\\U%08x", c));
            }
        });
        return sb.append('\'').toString();
    }

    /** Text for a comment line: control characters and line breaks shown as escapes, so it stays one line. */
    static String comment(String text) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                sb.append(String.format(c <= 0xff ? "\\x%02x" : "\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    /**
     * Refuses a value with a control character (CR, LF, NUL, ESC, ...): no SMTP command may carry one, so a saved
     * session that has one was made by hand, and a script should not pass it on.
     *
     * @throws IllegalArgumentException naming the field
     */
    static void check(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("the saved " + field + " holds a control character (U+"
                        + String.format("%04X", (int) c) + "): it cannot be exported safely");
            }
        }
    }
}
