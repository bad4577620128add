package org.smtpexplorer.mime;

import java.util.List;

/**
 * What a part holds, read for showing: its first bytes, and its text when it is text.
 *
 * @param node      the part
 * @param bytes     a leaf's body decoded from its transfer encoding, or a multipart's or message's body as it is in
 *                  the message; at most the limit asked for
 * @param truncated more bytes follow those shown
 * @param raw       the bytes are the body as it is in the message, not decoded (a multipart or message/rfc822)
 * @param text      the bytes as text in {@link #charset}, or null for a part that is not text
 * @param charset   the charset the text was read in, or null
 * @param notes     what the reader should know: a charset guessed or unknown, invalid bytes, a decoding error
 */
public record PartContent(MimeNode node, byte[] bytes, boolean truncated, boolean raw, String text, String charset,
                          List<String> notes) {
    public PartContent {
        bytes = bytes.clone();
        notes = List.copyOf(notes);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
