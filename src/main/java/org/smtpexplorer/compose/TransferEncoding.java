package org.smtpexplorer.compose;

/**
 * The Content-Transfer-Encoding asked for the text and HTML bodies. {@link #AUTO} lets the composer choose from
 * the text and the server's capabilities. Attachments are always base64 (their bytes must come back exactly, line
 * ends and all) except with {@link #BINARY}, which sends every part unencoded under BINARYMIME.
 */
public enum TransferEncoding {
    AUTO(null), SEVEN_BIT("7bit"), EIGHT_BIT("8bit"), QUOTED_PRINTABLE("quoted-printable"), BASE64("base64"),
    BINARY("binary");

    private final String headerValue;

    TransferEncoding(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The Content-Transfer-Encoding value; null for AUTO. */
    public String headerValue() {
        return headerValue;
    }
}
