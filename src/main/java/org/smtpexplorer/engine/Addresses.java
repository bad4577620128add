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
        boolean quoted = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '"' && (i == 0 || path.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (c == '<' || c == '>' || c == ' ' || c == '\t' || c < 0x20 || c == 0x7f)) {
                throw SmtpException.refused(field + " address \"" + path + "\" contains "
                        + describe(c) + " at position " + i + "; write the bare address, e.g. user@example.com");
            }
        }
        int at = path.lastIndexOf('@');
        if (at <= 0 || at == path.length() - 1) {
            if (!path.equalsIgnoreCase("postmaster")) {
                throw SmtpException.refused(field + " address \"" + path + "\" is not of the form local@domain");
            }
        }
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
