package org.smtpexplorer.transcript;

/**
 * Makes untrusted text safe to show: control characters, ANSI escapes, bidi overrides, invisible characters and
 * Unicode line separators become visible escapes, so server text cannot move the cursor, reorder a line or pass
 * as another line.
 */
public final class Printable {
    private Printable() {
    }

    public static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = replacement(c);
            if (rep != null) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                sb.append(rep);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String replacement(char c) {
        if (c == '\\') {
            return "\\\\";
        }
        if (c == '\t') {
            return "\\t";
        }
        if (c == '\r') {
            return "\\r";
        }
        if (c == '\n') {
            return "\\n";
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return String.format("\\x%02x", (int) c);
        }
        // U+2028 and U+2029 are line terminators to many editors and viewers: a server line could start a new one.
        if (isBidiOrInvisible(c) || c == 0x2028 || c == 0x2029) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }

    /** Bidi embeddings, overrides and isolates, directional marks, zero-width characters and the BOM. */
    public static boolean isBidiOrInvisible(char c) {
        return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0x061c || (c >= 0x200b && c <= 0x200d) || c == 0x2060 || c == 0xfeff || c == 0x00ad
                || (c >= 0xfff9 && c <= 0xfffb);
    }
}
