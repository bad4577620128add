package org.smtpexplorer.compose;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A plain message with optional attachments, written with Angus Mail. Attachments stream from disk, so the
 * message is never held in memory whole.
 */
public final class SimpleMessage {
    private SimpleMessage() {
    }

    /**
     * Writes the message to {@code target}. With {@code utf8Headers} (SMTPUTF8 in use) non-ASCII header text and
     * addresses stay raw UTF-8 (RFC 6532); otherwise they become RFC 2047 encoded words.
     */
    public static void write(String from, List<String> to, String subject, String body, List<Path> attachments,
                             boolean utf8Headers, Path target) throws IOException {
        Properties props = new Properties();
        props.setProperty("mail.mime.allowutf8", Boolean.toString(utf8Headers));
        // RFC 2231 parameter encoding for non-ASCII file names, not the non-standard encoded words.
        props.setProperty("mail.mime.encodeparameters", "true");
        props.setProperty("mail.mime.splitlongparameters", "true");
        Session session = Session.getInstance(props);
        try {
            MimeMessage m = new MimeMessage(session);
            if (!from.isEmpty()) {
                m.setFrom(new InternetAddress(from, false));
            }
            for (String t : to) {
                m.addRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(t, false));
            }
            m.setSubject(subject == null ? "" : subject, "UTF-8");
            m.setSentDate(new java.util.Date());
            String text = body == null ? "" : body;
            if (attachments.isEmpty()) {
                m.setText(text, "UTF-8");
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart textPart = new MimeBodyPart();
                textPart.setText(text, "UTF-8");
                mixed.addBodyPart(textPart);
                for (Path p : attachments) {
                    if (!Files.isReadable(p)) {
                        throw new IOException("cannot read attachment " + p);
                    }
                    MimeBodyPart part = new MimeBodyPart();
                    part.setDataHandler(new DataHandler(new FileDataSource(p.toFile())));
                    part.setFileName(p.getFileName().toString());
                    part.setDisposition(MimeBodyPart.ATTACHMENT);
                    part.setHeader("Content-Transfer-Encoding", "base64");
                    mixed.addBodyPart(part);
                }
                m.setContent(mixed);
            }
            m.saveChanges();
            try (OutputStream out = Files.newOutputStream(target)) {
                m.writeTo(out);
            }
        } catch (MessagingException e) {
            throw new IOException("cannot build the message: " + e.getMessage(), e);
        }
    }
}
