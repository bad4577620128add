package org.smtpexplorer.transcript;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * An instant as {@link Instant#toString()} writes it (ISO-8601 in UTC, the fraction in 0, 3, 6 or 9 digits as
 * needed), without java.time.format: that package's formatters cost a short command line about 45 classes and their
 * set-up each time it keeps a session in the history. Years outside 0 to 9999 are left to {@link Instant#toString()}.
 */
public final class InstantText {
    private static final long YEAR_0 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    private InstantText() {
    }

    public static String of(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            return t.toString();
        }
        LocalDateTime d = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(30);
        pad(sb, d.getYear(), 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append('T');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2);
        int nano = t.getNano();
        if (nano > 0) {
            sb.append('.');
            if (nano % 1_000_000 == 0) {
                pad(sb, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                pad(sb, nano / 1_000, 6);
            } else {
                pad(sb, nano, 9);
            }
        }
        return sb.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int digits) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
