package org.smtpexplorer.lab;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks and decodes the DSN parameter values of RFC 3461 (and the utf-8 address type of RFC 6533). */
final class DsnValues {
    private DsnValues() {
    }

    /** NOTIFY=NEVER, or a comma list of SUCCESS, FAILURE and DELAY, each at most once (RFC 3461 §4.1). */
    static List<String> notify(String value) {
        if (value == null) {
            throw Rejection.syntax("NOTIFY needs a value: NEVER or SUCCESS,FAILURE,DELAY");
        }
        List<String> out = new ArrayList<>();
        for (String v : value.toUpperCase(Locale.ROOT).split(",", -1)) {
            if (!List.of("NEVER", "SUCCESS", "FAILURE", "DELAY").contains(v) || out.contains(v)) {
                throw Rejection.syntax("NOTIFY takes NEVER or a list of SUCCESS, FAILURE, DELAY; \""
                        + ReplyText.printable(v) + "\" is not allowed here");
            }
            out.add(v);
        }
        if (out.contains("NEVER") && out.size() > 1) {
            throw Rejection.syntax("NOTIFY=NEVER cannot be combined with other values");
        }
        return out;
    }

    /** ORCPT=addr-type;xtext (RFC 3461 §4.2); returns "type;address" with the address decoded. */
    static String orcpt(String value) {
        int semi = value == null ? -1 : value.indexOf(';');
        if (semi <= 0 || semi == value.length() - 1) {
            throw Rejection.syntax("ORCPT must be addr-type;address, e.g. rfc822;user@lab.example");
        }
        String type = value.substring(0, semi);
        String encoded = value.substring(semi + 1);
        String address = type.equalsIgnoreCase("utf-8") ? utf8AddrXtext(encoded) : xtext(encoded, "ORCPT");
        return type.toLowerCase(Locale.ROOT) + ";" + address;
    }

    /** RFC 3461 §4 xtext: printable ASCII except '+' and '=', other octets as +HH with upper-case hex. */
    static String xtext(String value, String keyword) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '+') {
                if (i + 2 >= value.length() || !isUpperHex(value.charAt(i + 1)) || !isUpperHex(value.charAt(i + 2))) {
                    throw Rejection.syntax(keyword + " is not valid xtext: '+' must be followed by two upper-case "
                            + "hex digits");
                }
                out.write(Integer.parseInt(value, i + 1, i + 3, 16));
                i += 2;
            } else if (c >= '!' && c <= '~' && c != '=') {
                out.write(c);
            } else {
                throw Rejection.syntax(keyword + " is not valid xtext: character '" + ReplyText.printable(
                        String.valueOf(c)) + "' must be written as +HH");
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** RFC 6533 §3 utf-8-addr-xtext: UTF-8 kept, "\x{HEX}" escapes decoded. */
    private static String utf8AddrXtext(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                int close = value.indexOf('}', i);
                if (!value.startsWith("\\x{", i) || close < 0) {
                    throw Rejection.syntax("ORCPT utf-8 address has a bad \\x{HEX} escape");
                }
                try {
                    out.appendCodePoint(Integer.parseInt(value.substring(i + 3, close), 16));
                } catch (IllegalArgumentException e) {
                    throw Rejection.syntax("ORCPT utf-8 address has a bad \\x{HEX} escape");
                }
                i = close;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isUpperHex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F';
    }
}
