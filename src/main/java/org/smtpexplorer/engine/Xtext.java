package org.smtpexplorer.engine;

import java.nio.charset.StandardCharsets;

/** RFC 3461 §4 xtext, used by ENVID and ORCPT: printable ASCII except '+' and '=', others as +HH. */
public final class Xtext {
    private Xtext() {
    }

    public static String encode(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= '!' && c <= '~' && c != '+' && c != '=') {
                sb.append((char) c);
            } else {
                sb.append('+').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    public static String decode(String xtext) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                if (i + 2 >= xtext.length()) {
                    throw new IllegalArgumentException("xtext ends inside a +HH escape: " + xtext);
                }
                out.write(Integer.parseInt(xtext.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
