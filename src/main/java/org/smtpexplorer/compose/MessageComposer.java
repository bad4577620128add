package org.smtpexplorer.compose;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParameterList;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.transport.MessageFactory;
import org.smtpexplorer.transport.MessageSource;

/**
 * Builds a MIME message from a {@link Draft} with Angus Mail and writes it to a file, streaming: attachments are
 * read from disk while the file is written. Structure: text, or multipart/alternative (text, HTML), the HTML
 * wrapped in multipart/related with its inline images, all inside multipart/mixed when there are attachments.
 * Attachment file names are RFC 2231 parameters; headers are raw UTF-8 with SMTPUTF8, RFC 2047 encoded words
 * otherwise. Capabilities may be null (server not known): the output is then 7-bit safe.
 */
public final class MessageComposer {
    private static final String CHARSET = "UTF-8";
    /** The draft field behind each header the composer writes from a field, for problems about them. */
    private static final Map<String, String> FIELDS = Map.of("Subject", "subject", "From", "from", "To", "to",
            "Cc", "cc", "Reply-To", "replyTo");
    private final Clock clock;

    public MessageComposer() {
        this(Clock.systemDefaultZone());
    }

    /** With a fixed clock the Date header is predictable, for tests. */
    public MessageComposer(Clock clock) {
        this.clock = clock;
    }

    /** Every problem and decision for this draft and server, without writing anything; cheap enough for live use. */
    public Problems check(Draft draft, Capabilities caps) {
        return CompositionPlan.of(draft, caps).problems();
    }

    /**
     * What a session asks for just before MAIL: {@code draft} composed for the server's capabilities into a
     * temporary file, with the envelope and the message put into the request (DATA or BDAT and the chunk size stay
     * the request's). A draft that cannot be composed, or a message that cannot go to this server (a blocking
     * problem), is a local refusal naming every reason; nothing is sent then.
     */
    public MessageFactory factoryFor(Draft draft) {
        return (request, caps) -> {
            ComposedMessage m;
            try {
                Path file = Files.createTempFile("smtp-explorer-", ".eml");
                file.toFile().deleteOnExit();
                m = compose(draft, caps, file);
            } catch (InvalidDraftException e) {
                throw SmtpException.refused("the message cannot be composed: " + e.getMessage());
            } catch (IOException e) {
                throw SmtpException.refused("the message cannot be written: " + e.getMessage());
            }
            if (m.problems().blocksSending()) {
                throw SmtpException.refused("the message cannot go to this server: " + String.join("; ",
                        m.problems().of(Problem.Severity.BLOCKING).stream().map(Problem::message).toList()));
            }
            return m.applyTo(request).with(b -> b.transfer(request.transfer()).chunkSize(request.chunkSize()));
        };
    }

    /**
     * Writes the message to {@code target} (replaced if present). Blocking problems (e.g. a non-ASCII local part
     * without SMTPUTF8, a message over the server's SIZE) still give a message, so it can be looked at; they are in
     * the result's problems.
     *
     * @throws InvalidDraftException when the draft cannot make a message (an invalid address, a missing file...)
     * @throws IOException           when an attachment cannot be read or the target cannot be written
     */
    public ComposedMessage compose(Draft draft, Capabilities caps, Path target)
            throws IOException, InvalidDraftException {
        CompositionPlan plan = CompositionPlan.of(draft, caps);
        if (plan.problems().hasInvalid()) {
            throw new InvalidDraftException(plan.problems());
        }
        List<Problem> found = new ArrayList<>();
        try {
            MimeMessage message = build(plan);
            found.addAll(unfoldableHeaders(message));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 64 * 1024)) {
                message.writeTo(out);
            }
            endWithCrlf(target);
        } catch (MessagingException e) {
            Files.deleteIfExists(target);
            throw new IOException("cannot write the message: " + e.getMessage(), e);
        } catch (IOException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        MessageSource source = MessageSource.of(target);
        if (caps != null && caps.sizeLimit().isPresent() && source.size() > caps.sizeLimit().getAsLong()) {
            found.add(Problem.blocking("size", "the message is " + source.size() + " bytes and the server's SIZE"
                    + " limit is " + caps.sizeLimit().getAsLong() + " bytes (RFC 1870)"));
        }
        return new ComposedMessage(target, source, plan.envelope(), plan.problems().plus(found), draft.options(),
                plan.binary());
    }

    /**
     * A text body typed without a final line end leaves the message without one; DATA would add it (RFC 5321
     * §4.1.1.4) and BDAT would not, so the same message would arrive in two forms. Adding it here makes them one.
     */
    private static void endWithCrlf(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer last = ByteBuffer.allocate(2);
            if (ch.size() >= 2) {
                ch.read(last, ch.size() - 2);
            }
            if (last.position() < 2 || last.get(0) != '\r' || last.get(1) != '\n') {
                ch.write(ByteBuffer.wrap(new byte[] {'\r', '\n'}), ch.size());
            }
        }
    }

    /** Folding needs white space; a long value without any stays one line over the limit (RFC 5322 §2.1.1). */
    private static List<Problem> unfoldableHeaders(MimeMessage m) throws MessagingException {
        List<Problem> p = new ArrayList<>();
        for (var lines = m.getAllHeaderLines(); lines.hasMoreElements(); ) {
            String header = lines.nextElement();
            for (String line : header.split("\r\n")) {
                int octets = line.getBytes(StandardCharsets.UTF_8).length;
                if (octets > EncodingPolicy.MAX_LINE) {
                    String name = header.substring(0, header.indexOf(':'));
                    p.add(Problem.blocking(FIELDS.getOrDefault(name, "headers"), name + ": a line of " + octets
                            + " octets cannot be folded under " + EncodingPolicy.MAX_LINE + " (RFC 5322 §2.1.1);"
                            + " give the value spaces to fold at"));
                    break;
                }
            }
        }
        return p;
    }

    private MimeMessage build(CompositionPlan plan) throws MessagingException, UnsupportedEncodingException {
        Properties props = new Properties();
        props.setProperty("mail.mime.allowutf8", Boolean.toString(plan.rawHeaders()));
        Draft d = plan.draft();
        MimeMessage m = new IdentifiedMessage(Session.getInstance(props), messageId(plan));
        m.setFrom(address(plan.from(), plan));
        setAddresses(m, Message.RecipientType.TO, plan.to(), plan);
        setAddresses(m, Message.RecipientType.CC, plan.cc(), plan);
        if (!plan.replyTo().isEmpty()) {
            m.setReplyTo(addresses(plan.replyTo(), plan));
        }
        if (!d.subject().isEmpty()) {
            if (plan.rawHeaders()) {
                m.setHeader("Subject", MimeUtility.fold(9, d.subject()));
            } else {
                m.setSubject(d.subject(), CHARSET);
            }
        }
        boolean customDate = d.headers().stream().anyMatch(h -> h.name().equalsIgnoreCase("Date"));
        if (!customDate) {
            m.setSentDate(Date.from(clock.instant()));
        }
        for (Draft.Header h : d.headers()) {
            String value = plan.rawHeaders() ? h.value() : MimeUtility.encodeText(h.value(), CHARSET, null);
            m.addHeader(h.name(), MimeUtility.fold(h.name().length() + 2, value));
        }
        apply(m, body(plan));
        m.saveChanges();
        return m;
    }

    /** The content of one entity: a text body or a multipart. */
    private sealed interface Content permits Text, Parts {
    }

    private record Text(String text, String subtype, String encoding) implements Content {
    }

    private record Parts(MimeMultipart multipart, String encoding) implements Content {
    }

    private Content body(CompositionPlan plan) throws MessagingException, UnsupportedEncodingException {
        Draft d = plan.draft();
        boolean hasHtml = !plan.html().isEmpty();
        List<MimeBodyPart> inline = new ArrayList<>();
        List<MimeBodyPart> attached = new ArrayList<>();
        for (int i = 0; i < d.attachments().size(); i++) {
            Draft.Attachment a = d.attachments().get(i);
            MimeBodyPart part = attachment(a, plan.attachmentTypes().get(i), plan.binary());
            (a.inline() && hasHtml ? inline : attached).add(part);
        }
        Content html = hasHtml ? new Text(plan.html(), "html", plan.htmlEncoding()) : null;
        if (html != null && !inline.isEmpty()) {
            html = multipart(new RelatedMultipart(), List.of(part(html)), inline);
        }
        Content text = new Text(plan.text(), "plain", plan.textEncoding());
        Content main;
        if (html == null) {
            main = text;
        } else if (plan.text().isEmpty()) {
            main = html;
        } else {
            main = multipart(new MimeMultipart("alternative"), List.of(part(text), part(html)), List.of());
        }
        return attached.isEmpty() ? main : multipart(new MimeMultipart("mixed"), List.of(part(main)), attached);
    }

    /**
     * A multipart is labelled with the widest encoding inside it: RFC 2045 §6.4 forbids encoding a multipart, so
     * 8bit or binary content must show on the enclosing entity.
     */
    private static Parts multipart(MimeMultipart mp, List<MimeBodyPart> first, List<MimeBodyPart> rest)
            throws MessagingException {
        String widest = "7bit";
        List<MimeBodyPart> all = new ArrayList<>(first);
        all.addAll(rest);
        for (MimeBodyPart p : all) {
            mp.addBodyPart(p);
            String e = p.getEncoding() == null ? "7bit" : p.getEncoding();
            if (e.equals("binary") || e.equals("8bit") && !widest.equals("binary")) {
                widest = e;
            }
        }
        return new Parts(mp, widest);
    }

    private static MimeBodyPart part(Content c) throws MessagingException {
        MimeBodyPart p = new MimeBodyPart();
        apply(p, c);
        return p;
    }

    private static void apply(MimePart target, Content c) throws MessagingException {
        if (c instanceof Text t) {
            target.setText(t.text(), CHARSET, t.subtype());
            target.setHeader("Content-Transfer-Encoding", t.encoding());
        } else if (c instanceof Parts p) {
            target.setContent(p.multipart());
            if (!p.encoding().equals("7bit")) {
                target.setHeader("Content-Transfer-Encoding", p.encoding());
            }
        }
    }

    private static MimeBodyPart attachment(Draft.Attachment a, String type, boolean binary)
            throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new FileSource(a.path(), type)));
        String name = a.path().getFileName().toString();
        ContentType ct = new ContentType(type);
        ParameterList typeParams = ct.getParameterList() == null ? new ParameterList() : ct.getParameterList();
        // RFC 2231 (name*=UTF-8''...), never encoded words: set(name, value, charset) encodes non-ASCII values.
        typeParams.set("name", name, CHARSET);
        ct.setParameterList(typeParams);
        part.setHeader("Content-Type", ct.toString());
        ParameterList dispositionParams = new ParameterList();
        dispositionParams.set("filename", name, CHARSET);
        part.setHeader("Content-Disposition", new ContentDisposition(a.inline() ? MimePart.INLINE
                : MimePart.ATTACHMENT, dispositionParams).toString());
        part.setHeader("Content-Transfer-Encoding", binary ? "binary" : "base64");
        if (a.inline() && !a.contentId().isEmpty()) {
            part.setHeader("Content-ID", "<" + a.contentId() + ">");
        }
        return part;
    }

    private static void setAddresses(MimeMessage m, Message.RecipientType type, List<AnalysedAddress> list,
                                     CompositionPlan plan) throws MessagingException, UnsupportedEncodingException {
        if (!list.isEmpty()) {
            m.setRecipients(type, addresses(list, plan));
        }
    }

    private static InternetAddress[] addresses(List<AnalysedAddress> list, CompositionPlan plan)
            throws UnsupportedEncodingException {
        InternetAddress[] out = new InternetAddress[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = address(list.get(i), plan);
        }
        return out;
    }

    /** The header form: A-labels unless SMTPUTF8; the display name as an encoded word unless raw UTF-8. */
    private static InternetAddress address(AnalysedAddress a, CompositionPlan plan)
            throws UnsupportedEncodingException {
        return new InternetAddress(a.form(plan.smtpUtf8()), a.displayName().isEmpty() ? null : a.displayName(),
                CHARSET);
    }

    /** Random left part, the sender's domain (ASCII form, as a msg-id must be) on the right (RFC 5322 §3.6.4). */
    private static String messageId(CompositionPlan plan) {
        String domain = plan.from().isValid() && !plan.from().asciiDomain().startsWith("[")
                ? plan.from().asciiDomain() : "smtpexplorer.invalid";
        return "<" + UUID.randomUUID() + "@" + domain + ">";
    }

    /**
     * Keeps a Message-ID given as a custom header, else uses ours; Angus's default asks the local host name, which
     * can mean a DNS lookup.
     */
    private static final class IdentifiedMessage extends MimeMessage {
        private final String id;

        IdentifiedMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (getHeader("Message-ID") == null) {
                setHeader("Message-ID", id);
            }
        }
    }

    /** multipart/related with the type parameter RFC 2387 §3.1 requires: the root is the HTML. */
    private static final class RelatedMultipart extends MimeMultipart {
        RelatedMultipart() {
            super("related");
            try {
                ContentType ct = new ContentType(contentType);
                ct.setParameter("type", "text/html");
                contentType = ct.toString();
            } catch (jakarta.mail.internet.ParseException e) {
                throw new IllegalStateException("Angus wrote an unparsable multipart type: " + contentType, e);
            }
        }
    }
}
