package org.smtpexplorer.transport;

import java.util.Locale;

/** How the connection is secured. */
public enum SecurityMode {
    /** Plain text only; STARTTLS is never sent. */
    NONE("none"),
    /** STARTTLS is required: without it, nothing past EHLO is sent. */
    STARTTLS("starttls"),
    /** STARTTLS when the server offers it, otherwise plain text (opportunistic; open to stripping). */
    STARTTLS_IF_AVAILABLE("starttls-if-available"),
    /** TLS from the first byte (port 465, RFC 8314). */
    IMPLICIT("implicit");

    private final String cliName;

    SecurityMode(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** "auto": 465 implicit TLS, 587 STARTTLS required, anything else STARTTLS if available. */
    public static SecurityMode auto(int port) {
        return port == 465 ? IMPLICIT : port == 587 ? STARTTLS : STARTTLS_IF_AVAILABLE;
    }

    public static SecurityMode parse(String s, int port) {
        String v = s.toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return auto(port);
        }
        for (SecurityMode m : values()) {
            if (m.cliName.equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException("security must be auto, none, starttls, starttls-if-available or implicit,"
                + " not \"" + s + "\"");
    }
}
