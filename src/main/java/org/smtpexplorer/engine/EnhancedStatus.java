package org.smtpexplorer.engine;

import java.util.Optional;

/** An RFC 3463 enhanced status code, class.subject.detail, as carried by RFC 2034 replies. */
public record EnhancedStatus(int codeClass, int subject, int detail) {

    public EnhancedStatus {
        if (codeClass != 2 && codeClass != 4 && codeClass != 5) {
            throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5: " + codeClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("enhanced status subject and detail must be 0..999");
        }
    }

    /**
     * Parses a code at the start of {@code text} ("5.1.1 User unknown"); the code must be followed by a space
     * or the end of the text. RFC 3463 allows 1 to 3 digits for subject and detail.
     */
    public static Optional<Prefix> parsePrefix(String text) {
        int i = 0;
        int n = text.length();
        if (n < 5) {
            return Optional.empty();
        }
        char c = text.charAt(0);
        if ((c != '2' && c != '4' && c != '5') || text.charAt(1) != '.') {
            return Optional.empty();
        }
        i = 2;
        int subjectStart = i;
        while (i < n && i - subjectStart < 4 && isDigit(text.charAt(i))) {
            i++;
        }
        int subjectLen = i - subjectStart;
        if (subjectLen < 1 || subjectLen > 3 || i >= n || text.charAt(i) != '.') {
            return Optional.empty();
        }
        int subject = Integer.parseInt(text, subjectStart, i, 10);
        i++;
        int detailStart = i;
        while (i < n && i - detailStart < 4 && isDigit(text.charAt(i))) {
            i++;
        }
        int detailLen = i - detailStart;
        if (detailLen < 1 || detailLen > 3 || (i < n && text.charAt(i) != ' ')) {
            return Optional.empty();
        }
        int detail = Integer.parseInt(text, detailStart, i, 10);
        int rest = i < n ? i + 1 : i;
        return Optional.of(new Prefix(new EnhancedStatus(c - '0', subject, detail), rest));
    }

    public static Optional<EnhancedStatus> parse(String code) {
        return parsePrefix(code.strip()).filter(p -> p.textStart() >= code.strip().length()).map(Prefix::status);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public String toString() {
        return codeClass + "." + subject + "." + detail;
    }

    /** A parsed prefix and where the remaining text starts. */
    public record Prefix(EnhancedStatus status, int textStart) {
    }
}
