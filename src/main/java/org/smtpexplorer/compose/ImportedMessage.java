package org.smtpexplorer.compose;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.SharedFileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.smtpexplorer.transport.MessageSource;

/**
 * An .eml file read with Angus Mail, for showing in the composer. The file itself is kept: {@link #source()}
 * sends it unchanged, byte for byte; {@link #toDraft(Path)} turns it into a draft to edit instead. The file is
 * read through a shared file stream, so large attachments are not loaded into memory.
 *
 * @param file        the .eml file
 * @param headers     every header field in order, unfolded, encoded words decoded
 * @param from        From as Unicode text
 * @param to          To as Unicode text
 * @param cc          Cc as Unicode text
 * @param bcc         Bcc as Unicode text (present in some saved messages)
 * @param replyTo     Reply-To as Unicode text
 * @param subject     the decoded subject
 * @param text        the first text/plain body, empty when none
 * @param html        the first text/html body, empty when none
 * @param attachments the other parts
 * @param problems    what could not be read cleanly
 */
public record ImportedMessage(Path file, List<Draft.Header> headers, String from, String to, String cc, String bcc,
                              String replyTo, String subject, String text, String html, List<ImportedPart> attachments,
                              List<Problem> problems) {

    /** Headers a new message gets fresh, so an edited copy does not pose as the original. */
    private static final Set<String> NOT_COPIED = Set.of("date", "message-id");

    public ImportedMessage {
        headers = List.copyOf(headers);
        attachments = List.copyOf(attachments);
        problems = List.copyOf(problems);
    }

    public static ImportedMessage read(Path file) throws IOException {
        List<Problem> problems = new ArrayList<>();
        try (SharedFileInputStream in = new SharedFileInputStream(file.toFile())) {
            MimeMessage m = new MimeMessage(session(), in);
            List<Draft.Header> headers = new ArrayList<>();
            for (Enumeration<Header> e = m.getAllHeaders(); e.hasMoreElements(); ) {
                Header h = e.nextElement();
                headers.add(new Draft.Header(h.getName(), decode(h.getValue())));
            }
            Walk walk = new Walk(null);
            walk.part(m, problems);
            return new ImportedMessage(file, headers, addresses(m, "From", problems), addresses(m, "To", problems),
                    addresses(m, "Cc", problems), addresses(m, "Bcc", problems),
                    addresses(m, "Reply-To", problems), decode(m.getHeader("Subject", " ")), walk.text,
                    walk.html, walk.parts, problems);
        } catch (MessagingException e) {
            throw new IOException("cannot read " + file + " as a message: " + e.getMessage(), e);
        }
    }

    /** The file as it is, to send unchanged. */
    public MessageSource source() throws IOException {
        return MessageSource.of(file);
    }

    /**
     * A starting envelope from the headers: From, and To, Cc and Bcc, as written (so with SMTPUTF8 when any of them
     * is non-ASCII); the user may well want another.
     */
    public Envelope envelope() {
        String mailFrom = AddressAnalysis.parseList(from).stream().filter(AnalysedAddress::isValid)
                .map(AnalysedAddress::address).findFirst().orElse("");
        List<String> rcpts = new ArrayList<>();
        for (String field : List.of(to, cc, bcc)) {
            AddressAnalysis.parseList(field).stream().filter(AnalysedAddress::isValid)
                    .map(AnalysedAddress::address).filter(a -> !rcpts.contains(a)).forEach(rcpts::add);
        }
        boolean utf8 = !AddressAnalysis.isAscii(mailFrom) || rcpts.stream().anyMatch(a -> !AddressAnalysis.isAscii(a));
        return new Envelope(mailFrom, rcpts, utf8);
    }

    /**
     * A draft with this message's fields, headers and bodies; the attachments are written, decoded, into
     * {@code attachmentFolder} (created if needed) so the draft can refer to them. Date and Message-ID are left for
     * the composer to make new, and headers the composer writes itself are not copied.
     */
    public Draft toDraft(Path attachmentFolder) throws IOException {
        Files.createDirectories(attachmentFolder);
        List<Draft.Attachment> files = new ArrayList<>();
        try (SharedFileInputStream in = new SharedFileInputStream(file.toFile())) {
            MimeMessage m = new MimeMessage(session(), in);
            Walk walk = new Walk(attachmentFolder);
            walk.part(m, new ArrayList<>());
            for (int i = 0; i < walk.parts.size(); i++) {
                ImportedPart p = walk.parts.get(i);
                files.add(new Draft.Attachment(walk.saved.get(i), p.contentType(), p.inline(), p.contentId()));
            }
        } catch (MessagingException e) {
            throw new IOException("cannot read " + file + " as a message: " + e.getMessage(), e);
        }
        List<Draft.Header> custom = headers.stream().filter(h -> {
            String n = h.name().toLowerCase(Locale.ROOT);
            return !CompositionPlan.writtenByComposer(n) && !NOT_COPIED.contains(n);
        }).toList();
        return new Draft(from, to, cc, bcc, replyTo, subject, text, html, custom, files, Draft.Options.defaults());
    }

    /** Raw UTF-8 headers (RFC 6532) are read as UTF-8; without this Angus reads them as ISO-8859-1. */
    private static Session session() {
        Properties props = new Properties();
        props.setProperty("mail.mime.allowutf8", "true");
        return Session.getInstance(props);
    }

    private static String addresses(MimeMessage m, String name, List<Problem> problems) throws MessagingException {
        String raw = m.getHeader(name, ",");
        if (raw == null) {
            return "";
        }
        try {
            List<String> out = new ArrayList<>();
            for (InternetAddress a : InternetAddress.parseHeader(raw, false)) {
                out.add(editable(a));
            }
            return String.join(", ", out);
        } catch (MessagingException e) {
            problems.add(Problem.warning(name, "cannot be read as addresses (" + e.getMessage() + "); shown as is"));
            return decode(raw);
        }
    }

    /**
     * "Name &lt;addr&gt;" as a person would type it: the name quoted only when it has specials (RFC 5322 §3.2.3),
     * where Angus's own Unicode form quotes every non-ASCII name.
     */
    private static String editable(InternetAddress a) {
        String name = a.getPersonal();
        if (name == null || name.isEmpty()) {
            return a.getAddress();
        }
        boolean quote = name.chars().anyMatch(c -> "()<>[]:;@\\,.\"".indexOf(c) >= 0);
        String shown = quote ? "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : name;
        return shown + " <" + a.getAddress() + ">";
    }

    private static String decode(String value) {
        if (value == null) {
            return "";
        }
        String unfolded = MimeUtility.unfold(value);
        try {
            return MimeUtility.decodeText(unfolded);
        } catch (IOException | IllegalArgumentException e) {
            // An unknown charset in an encoded word: showing the encoded text is better than showing nothing.
            return unfolded;
        }
    }

    /** One pass over the MIME tree: the first plain and HTML bodies, every other leaf as an attachment. */
    private static final class Walk {
        private final Path saveTo;
        private String text = "";
        private String html = "";
        private boolean textSeen;
        private boolean htmlSeen;
        private final List<ImportedPart> parts = new ArrayList<>();
        private final List<Path> saved = new ArrayList<>();

        Walk(Path saveTo) {
            this.saveTo = saveTo;
        }

        void part(Part p, List<Problem> problems) throws MessagingException, IOException {
            if (p.isMimeType("multipart/*")) {
                Object content = p.getContent();
                if (content instanceof Multipart mp) {
                    for (int i = 0; i < mp.getCount(); i++) {
                        part(mp.getBodyPart(i), problems);
                    }
                    return;
                }
            }
            boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || p.getFileName() != null;
            if (!attachment && p.isMimeType("text/plain") && !textSeen) {
                textSeen = true;
                text = body(p, problems);
            } else if (!attachment && p.isMimeType("text/html") && !htmlSeen) {
                htmlSeen = true;
                html = body(p, problems);
            } else {
                attach(p, problems);
            }
        }

        private String body(Part p, List<Problem> problems) throws MessagingException, IOException {
            try {
                Object c = p.getContent();
                if (c instanceof String s) {
                    return s;
                }
            } catch (IOException e) {
                problems.add(Problem.warning("text", "the body's charset cannot be read (" + e.getMessage()
                        + "); shown as UTF-8"));
            }
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        private void attach(Part p, List<Problem> problems) throws MessagingException, IOException {
            String name = p.getFileName();
            String type = baseType(p.getContentType());
            if (name == null || name.isBlank()) {
                name = "part" + (parts.size() + 1) + extension(type);
            } else {
                name = decode(name);
            }
            String cid = p instanceof jakarta.mail.internet.MimePart mp && mp.getContentID() != null
                    ? mp.getContentID().strip().replaceAll("^<|>$", "") : "";
            long size = 0;
            Path target = saveTo == null ? null : unique(saveTo, safeName(name));
            try (InputStream in = p.getInputStream();
                 OutputStream out = target == null ? OutputStream.nullOutputStream() : Files.newOutputStream(target)) {
                size = in.transferTo(out);
            } catch (IOException e) {
                problems.add(Problem.warning("attachments[" + parts.size() + "]", name + " cannot be decoded: "
                        + e.getMessage()));
            }
            parts.add(new ImportedPart(name, type, size, Part.INLINE.equalsIgnoreCase(p.getDisposition()), cid));
            saved.add(target);
        }

        private static String baseType(String contentType) {
            try {
                return new ContentType(contentType).getBaseType().toLowerCase(Locale.ROOT);
            } catch (jakarta.mail.internet.ParseException | NullPointerException e) {
                return ContentTypes.FALLBACK;
            }
        }

        private static String extension(String type) {
            return switch (type) {
                case "text/plain" -> ".txt";
                case "text/html" -> ".html";
                case "message/rfc822" -> ".eml";
                case "image/png" -> ".png";
                case "image/jpeg" -> ".jpg";
                case "application/pdf" -> ".pdf";
                default -> ".bin";
            };
        }

        /** A file name from a message must not pick its own folder: no separators, no "..", no control characters. */
        private static String safeName(String name) {
            String s = name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").strip();
            return s.isEmpty() || s.equals(".") || s.equals("..") ? "attachment" : s;
        }

        private static Path unique(Path folder, String name) {
            Path p = folder.resolve(name);
            int dot = name.lastIndexOf('.');
            String stem = dot > 0 ? name.substring(0, dot) : name;
            String ext = dot > 0 ? name.substring(dot) : "";
            for (int i = 2; Files.exists(p); i++) {
                p = folder.resolve(stem + " (" + i + ")" + ext);
            }
            return p;
        }
    }
}
