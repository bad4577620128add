package org.smtpexplorer.engine.auth;

import org.smtpexplorer.engine.SmtpException;

/** A user name and a password or OAuth token, checked for characters that could split a protocol line. */
public record Credentials(String username, char[] secret) {

    public Credentials {
        if (username == null || username.isEmpty()) {
            throw SmtpException.refused("user name is empty");
        }
        checkChars("user name", username);
        if (secret == null) {
            throw SmtpException.refused("password is missing");
        }
        checkChars("password", new String(secret));
    }

    private static void checkChars(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw SmtpException.refused(field + " contains " + (c == '\r' ? "CR" : c == '\n' ? "LF" : "NUL")
                        + " at position " + (i + 1) + "; such characters are refused before anything is sent");
            }
        }
    }

    public String secretString() {
        return new String(secret);
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", <redacted>]";
    }
}
