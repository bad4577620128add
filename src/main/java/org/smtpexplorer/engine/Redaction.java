package org.smtpexplorer.engine;

/** How secrets look once redacted, everywhere they are shown or exported. */
public final class Redaction {
    public static final String MARK = "<redacted>";

    private Redaction() {
    }
}
