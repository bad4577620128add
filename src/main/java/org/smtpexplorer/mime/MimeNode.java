package org.smtpexplorer.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entity of a message: the message itself, a part of a multipart, or a message inside a message/rfc822 part.
 * It holds where its bytes are in the message, never the bytes themselves; {@link MessageTree#content} reads them.
 *
 * @param number           where it is in the tree: empty for the message, "1", "2", "2.1" for the first part of
 *                         the second, and so on
 * @param kind             a leaf, a multipart, or a message/rfc822 part (whose one child is the message inside)
 * @param start            offset of its first header line in the message
 * @param bodyStart        offset of its body (after the blank line that ends the header)
 * @param bodyEnd          offset just after its body (the line end before a boundary belongs to the boundary)
 * @param decodedSize      a leaf's body size once its transfer encoding is undone; -1 when not known (an unknown
 *                         encoding), and the encoded size for a multipart or a message/rfc822 part
 * @param headers          its header fields, in order
 * @param contentType      the media type, lower case, without parameters (the default when none is given)
 * @param typeGiven        false when Content-Type was absent, so the type is the default of its place
 * @param charset          the charset parameter, or null
 * @param transferEncoding Content-Transfer-Encoding in lower case, or null when absent (7bit)
 * @param disposition      inline or attachment (lower case), or null
 * @param fileName         the decoded file name (Content-Disposition filename, else Content-Type name), or null
 * @param fileNameEncoding how the file name was written: "RFC 2231", "RFC 2047", "UTF-8 (RFC 6532)" or "plain";
 *                         null without a file name
 * @param contentId        the Content-ID, or null
 * @param boundary         a multipart's boundary, or null
 * @param children         a multipart's parts, or a message/rfc822 part's message
 * @param hiddenParts      parts of this multipart beyond the tree's limit: counted, not listed
 * @param problems         what is wrong or odd about it, each naming the rule
 */
public record MimeNode(String number, Kind kind, long start, long bodyStart, long bodyEnd, long decodedSize,
                       List<HeaderField> headers, String contentType, boolean typeGiven, String charset,
                       String transferEncoding, String disposition, String fileName, String fileNameEncoding,
                       String contentId, String boundary, List<MimeNode> children, int hiddenParts,
                       List<String> problems) {

    /** What an entity holds. */
    public enum Kind {
        LEAF, MULTIPART, MESSAGE
    }

    public MimeNode {
        headers = List.copyOf(headers);
        children = List.copyOf(children);
        problems = List.copyOf(problems);
    }

    /** The body's size as it is in the message, transfer-encoded. */
    public long encodedSize() {
        return bodyEnd - bodyStart;
    }

    /** The header's size, the blank line that ends it included. */
    public long headerSize() {
        return bodyStart - start;
    }

    /** The whole entity, header and body. */
    public long size() {
        return bodyEnd - start;
    }

    /** The transfer encoding in effect: 7bit when none is given (RFC 2045 §6.1). */
    public String effectiveEncoding() {
        return transferEncoding == null ? "7bit" : transferEncoding;
    }

    /** True for a body that is text to a reader: text/*, message/* and the textual application types. */
    public boolean isText() {
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || t.startsWith("message/") || t.equals("application/json")
                || t.equals("application/xml") || t.equals("application/javascript") || t.endsWith("+xml")
                || t.endsWith("+json") || t.equals("application/pgp-signature") || t.equals("application/pgp-keys");
    }

    /** The first field called {@code name} (any case), decoded; null when there is none. */
    public String header(String name) {
        for (HeaderField h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.decoded();
            }
        }
        return null;
    }

    /** This node and every node under it, depth first, in message order. */
    public List<MimeNode> flatten() {
        List<MimeNode> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(MimeNode n, List<MimeNode> out) {
        out.add(n);
        for (MimeNode c : n.children) {
            collect(c, out);
        }
    }
}
