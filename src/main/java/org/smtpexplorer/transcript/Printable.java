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

    /**
     * Text of several lines made safe to show, as {@link #escape(String)} does, but keeping its line breaks, tabs
     * and backslashes: a CRLF or a bare LF ends a line, a bare CR is escaped. For message bodies shown in a text
     * area, where a Windows path should read as one and there is no line for an escape to forge.
     */
    public static String escapeKeepingLines(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                continue;
            }
            if (c == '\n' || c == '\t' || c == '\\') {
                sb.append(c);
            } else {
                String rep = replacement(c);
                sb.append(rep == null ? String.valueOf(c) : rep);
            }
        }
        return sb.toString();
    }

    /**
     * Bytes shown as they are: printable ASCII as itself, CR and LF as {@code \r} and {@code \n} (an LF followed by
     * {@code afterLf}, e.g. a line break and a prefix, or nothing to stay on one line), every other byte as
     * {@code \xHH}, and a backslash as {@code \x5c} so that no escape can be forged. With {@code utf8}, each
     * well-formed UTF-8 sequence (RFC 3629: shortest form, no surrogates, nothing above U+10FFFF) is shown as its
     * character, unless it is one {@link #escape(String)} escapes (a C1 control, a bidi override, an invisible
     * character, a line separator), which is shown as that method shows it (backslash, u, four hex digits); a byte
     * that starts no well-formed sequence (a stray continuation byte, an overlong form, a cut-off sequence) stays
     * {@code \xHH}.
     */
    public static String escapeBytes(byte[] b, int off, int len, boolean utf8, String afterLf) {
        StringBuilder sb = new StringBuilder(len + 16);
        int end = off + len;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n").append(afterLf);
            } else if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else if (utf8 && c >= 0x80) {
                int n = utf8Length(b, i, end);
                if (n > 0) {
                    int cp = codePoint(b, i, n);
                    if (cp <= 0xffff && replacement((char) cp) != null) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                    i += n;
                    continue;
                }
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append(String.format("\\x%02x", c));
            }
            i++;
        }
        return sb.toString();
    }

    /** The length of the well-formed UTF-8 sequence at {@code i} (RFC 3629 §4), or 0 when there is none. */
    static int utf8Length(byte[] b, int i, int end) {
        int lead = b[i] & 0xff;
        int n;
        int lo = 0x80;
        int hi = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            n = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            n = 3;
            if (lead == 0xe0) {
                lo = 0xa0; // below is an overlong form
            } else if (lead == 0xed) {
                hi = 0x9f; // above is a surrogate
            }
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            n = 4;
            if (lead == 0xf0) {
                lo = 0x90; // below is an overlong form
            } else if (lead == 0xf4) {
                hi = 0x8f; // above is past U+10FFFF
            }
        } else {
            return 0; // a continuation byte, C0 and C1 (always overlong), or F5 to FF (never used)
        }
        if (i + n > end) {
            return 0;
        }
        int second = b[i + 1] & 0xff;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int cont = b[i + k] & 0xff;
            if (cont < 0x80 || cont > 0xbf) {
                return 0;
            }
        }
        return n;
    }

    private static int codePoint(byte[] b, int i, int n) {
        int cp = b[i] & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) {
            cp = (cp << 6) | (b[i + k] & 0x3f);
        }
        return cp;
    }

    /** Bidi embeddings, overrides and isolates, directional marks, zero-width characters and the BOM. */
    public static boolean isBidiOrInvisible(char c) {
        return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0x061c || (c >= 0x200b && c <= 0x200d) || c == 0x2060 || c == 0xfeff || c == 0x00ad
                || (c >= 0xfff9 && c <= 0xfffb);
    }
}
