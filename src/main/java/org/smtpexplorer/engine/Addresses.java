package org.smtpexplorer.engine;

/** Checks on envelope addresses before they are put into MAIL or RCPT. */
public final class Addresses {
    private Addresses() {
    }

    /**
     * Refuses what can never be a valid path: line breaks, NUL, angle brackets, spaces outside a quoted local
     * part, a missing '@'. The null reverse path is the empty string.
     */
    public static void checkPath(String field, String path, boolean mayBeNull) {
        if (path == null) {
            throw SmtpException.refused(field + " address is missing");
        }
        SmtpCommand.checkNoLineBreak(field + " address", path);
        if (path.isEmpty()) {
            if (mayBeNull) {
                return;
            }
            throw SmtpException.refused(field + " address is empty");
        }
        String problem = characterProblem(path);
        if (problem != null) {
            throw SmtpException.refused(field + " address \"" + path + "\" " + problem);
        }
        int at = path.lastIndexOf('@');
        if (at <= 0 || at == path.length() - 1) {
            if (!path.equalsIgnoreCase("postmaster")) {
                throw SmtpException.refused(field + " address \"" + path + "\" is not of the form local@domain");
            }
        }
    }

    /**
     * Why the characters of {@code path} can never make a valid path, or null: a control character anywhere (RFC
     * 5321 §4.1.2 allows none, not even in a quoted local part or after a backslash), angle brackets or a space
     * outside quotes, a quote left open.
     */
    public static String characterProblem(String path) {
        boolean quoted = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "contains " + describe(c) + " at position " + i + (quoted
                        ? ", inside quotes, where RFC 5321 §4.1.2 allows none either" : "");
            }
            if (quoted) {
                if (c == '\\' && i + 1 < path.length()) {
                    char next = path.charAt(++i);
                    if (next < 0x20 || next == 0x7f) {
                        return "contains " + describe(next) + " at position " + i + ", escaped inside quotes, where"
                                + " RFC 5321 §4.1.2 allows none either";
                    }
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<' || c == '>' || c == ' ') {
                return "contains " + describe(c) + " at position " + i
                        + "; write the bare address, e.g. user@example.com";
            }
        }
        return quoted ? "opens a quote that it never closes" : null;
    }

    /** True when the address needs SMTPUTF8 (RFC 6531): any non-ASCII character. */
    public static boolean needsSmtpUtf8(String address) {
        for (int i = 0; i < address.length(); i++) {
            if (address.charAt(i) > 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static String describe(char c) {
        return switch (c) {
            case ' ' -> "a space";
            case '\t' -> "a tab";
            case '<', '>' -> "'" + c + "'";
            default -> String.format("control character U+%04X", (int) c);
        };
    }
}
