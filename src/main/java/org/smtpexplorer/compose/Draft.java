package org.smtpexplorer.compose;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.file.Path;
import java.util.List;
import org.smtpexplorer.transport.SendRequest;

/**
 * What the user typed into the composer, as a plain value: saved as JSON by {@link DraftStore}, turned into a
 * message by {@link MessageComposer}. Address fields are lists as typed ("Name &lt;a@b&gt;, c@d"); nothing is
 * checked here, so a half-typed draft can always be saved. Nulls (from older or hand-edited JSON) become empty.
 *
 * @param from        the author; also the envelope sender
 * @param to          To addresses
 * @param cc          Cc addresses
 * @param bcc         Bcc addresses: envelope only, never written into the message
 * @param replyTo     Reply-To addresses
 * @param subject     Subject text
 * @param text        the plain-text body
 * @param html        the HTML alternative, empty for none
 * @param headers     extra header fields, in order
 * @param attachments files to attach, in order
 * @param options     encoding and sending options
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Draft(String from, String to, String cc, String bcc, String replyTo, String subject, String text,
                    String html, List<Header> headers, List<Attachment> attachments, Options options) {

    public Draft {
        from = orEmpty(from);
        to = orEmpty(to);
        cc = orEmpty(cc);
        bcc = orEmpty(bcc);
        replyTo = orEmpty(replyTo);
        subject = orEmpty(subject);
        text = orEmpty(text);
        html = orEmpty(html);
        headers = headers == null ? List.of() : List.copyOf(headers);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        options = options == null ? Options.defaults() : options;
    }

    public static Draft empty() {
        return new Draft("", "", "", "", "", "", "", "", List.of(), List.of(), Options.defaults());
    }

    public Draft withFrom(String v) {
        return new Draft(v, to, cc, bcc, replyTo, subject, text, html, headers, attachments, options);
    }

    public Draft withTo(String v) {
        return new Draft(from, v, cc, bcc, replyTo, subject, text, html, headers, attachments, options);
    }

    public Draft withCc(String v) {
        return new Draft(from, to, v, bcc, replyTo, subject, text, html, headers, attachments, options);
    }

    public Draft withBcc(String v) {
        return new Draft(from, to, cc, v, replyTo, subject, text, html, headers, attachments, options);
    }

    public Draft withReplyTo(String v) {
        return new Draft(from, to, cc, bcc, v, subject, text, html, headers, attachments, options);
    }

    public Draft withSubject(String v) {
        return new Draft(from, to, cc, bcc, replyTo, v, text, html, headers, attachments, options);
    }

    public Draft withText(String v) {
        return new Draft(from, to, cc, bcc, replyTo, subject, v, html, headers, attachments, options);
    }

    public Draft withHtml(String v) {
        return new Draft(from, to, cc, bcc, replyTo, subject, text, v, headers, attachments, options);
    }

    public Draft withHeaders(List<Header> v) {
        return new Draft(from, to, cc, bcc, replyTo, subject, text, html, v, attachments, options);
    }

    public Draft withAttachments(List<Attachment> v) {
        return new Draft(from, to, cc, bcc, replyTo, subject, text, html, headers, v, options);
    }

    public Draft withOptions(Options v) {
        return new Draft(from, to, cc, bcc, replyTo, subject, text, html, headers, attachments, v);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * An extra header field. Date and Message-ID replace the generated ones; other names the composer writes itself
     * are refused.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Header(String name, String value) {
        public Header {
            name = orEmpty(name);
            value = orEmpty(value);
        }
    }

    /**
     * A file to attach; read from disk when the message is written, never held in memory.
     *
     * @param path        the file
     * @param contentType a MIME type to use instead of the detected one, empty to detect
     * @param inline      shown inside the HTML (multipart/related) rather than as an attachment
     * @param contentId   for inline parts: the id the HTML refers to as {@code cid:...}, without angle brackets
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attachment(Path path, String contentType, boolean inline, String contentId) {
        public Attachment {
            contentType = orEmpty(contentType);
            contentId = orEmpty(contentId);
        }

        public static Attachment of(Path path) {
            return new Attachment(path, "", false, "");
        }

        public static Attachment inline(Path path, String contentId) {
            return new Attachment(path, "", true, contentId);
        }
    }

    /**
     * How to encode and send.
     *
     * @param transferEncoding body Content-Transfer-Encoding, AUTO to choose
     * @param smtpUtf8         AUTO uses SMTPUTF8 only when an address needs it and the server offers it
     * @param dsnNotify        DSN NOTIFY (NEVER, or SUCCESS,FAILURE,DELAY), empty for none
     * @param dsnRet           DSN RET (FULL or HDRS), empty for none
     * @param envid            DSN ENVID, empty for none
     * @param requireTls       ask for REQUIRETLS (RFC 8689)
     * @param transfer         DATA, BDAT or AUTO (BDAT when CHUNKING is offered)
     * @param chunkSize        BDAT chunk size in bytes; 0 to let the plan choose (SendingPlan#nextChunk)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Options(TransferEncoding transferEncoding, SendRequest.Toggle smtpUtf8, String dsnNotify,
                          String dsnRet, String envid, boolean requireTls, SendRequest.Transfer transfer,
                          int chunkSize) {
        public static final int DEFAULT_CHUNK_SIZE = 0;

        public Options {
            transferEncoding = transferEncoding == null ? TransferEncoding.AUTO : transferEncoding;
            smtpUtf8 = smtpUtf8 == null ? SendRequest.Toggle.AUTO : smtpUtf8;
            dsnNotify = orEmpty(dsnNotify);
            dsnRet = orEmpty(dsnRet);
            envid = orEmpty(envid);
            transfer = transfer == null ? SendRequest.Transfer.AUTO : transfer;
        }

        public static Options defaults() {
            return new Options(TransferEncoding.AUTO, SendRequest.Toggle.AUTO, "", "", "", false,
                    SendRequest.Transfer.AUTO, DEFAULT_CHUNK_SIZE);
        }

        public Options withTransferEncoding(TransferEncoding v) {
            return new Options(v, smtpUtf8, dsnNotify, dsnRet, envid, requireTls, transfer, chunkSize);
        }

        public Options withSmtpUtf8(SendRequest.Toggle v) {
            return new Options(transferEncoding, v, dsnNotify, dsnRet, envid, requireTls, transfer, chunkSize);
        }

        public Options withDsn(String notify, String ret, String id) {
            return new Options(transferEncoding, smtpUtf8, notify, ret, id, requireTls, transfer, chunkSize);
        }

        public Options withRequireTls(boolean v) {
            return new Options(transferEncoding, smtpUtf8, dsnNotify, dsnRet, envid, v, transfer, chunkSize);
        }

        public Options withTransfer(SendRequest.Transfer v, int chunk) {
            return new Options(transferEncoding, smtpUtf8, dsnNotify, dsnRet, envid, requireTls, v, chunk);
        }
    }
}
