package org.smtpexplorer.compose;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedFileInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A message parsed back with Angus Mail the way a receiving client would: addresses, subject, bodies and the
 * SHA-256 of each attachment's decoded bytes (digests, so a 20 MiB attachment is never held in memory).
 */
record ParsedMessage(MimeMessage message, String subject, List<String> from, List<String> to, List<String> cc,
                     String text, String html, Map<String, String> attachmentDigests,
                     Map<String, String> attachmentTypes) {

    static ParsedMessage parse(Path file) throws IOException, MessagingException {
        try (SharedFileInputStream in = new SharedFileInputStream(file.toFile())) {
            return parse(in);
        }
    }

    static ParsedMessage parse(byte[] bytes) throws IOException, MessagingException {
        return parse(new ByteArrayInputStream(bytes));
    }

    private static ParsedMessage parse(InputStream in) throws IOException, MessagingException {
        Properties props = new Properties();
        props.setProperty("mail.mime.allowutf8", "true");
        MimeMessage m = new MimeMessage(Session.getInstance(props), in);
        String[] bodies = {null, null};
        Map<String, String> digests = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        walk(m, bodies, digests, types);
        return new ParsedMessage(m, m.getSubject(), addresses(m.getFrom()),
                addresses(m.getRecipients(Message.RecipientType.TO)),
                addresses(m.getRecipients(Message.RecipientType.CC)), bodies[0], bodies[1], digests, types);
    }

    private static void walk(Part p, String[] bodies, Map<String, String> digests, Map<String, String> types)
            throws IOException, MessagingException {
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                walk(mp.getBodyPart(i), bodies, digests, types);
            }
        } else if (p.getFileName() == null && p.isMimeType("text/plain") && bodies[0] == null) {
            bodies[0] = (String) p.getContent();
        } else if (p.getFileName() == null && p.isMimeType("text/html") && bodies[1] == null) {
            bodies[1] = (String) p.getContent();
        } else {
            try (InputStream data = p.getInputStream()) {
                digests.put(p.getFileName(), sha256(data));
            }
            types.put(p.getFileName(), p.getContentType());
        }
    }

    /** Each address as "Name <addr>" (decoded, unquoted) or the bare address. */
    private static List<String> addresses(jakarta.mail.Address[] list) {
        if (list == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (jakarta.mail.Address a : list) {
            InternetAddress ia = (InternetAddress) a;
            out.add(ia.getPersonal() == null ? ia.getAddress() : ia.getPersonal() + " <" + ia.getAddress() + ">");
        }
        return out;
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every header line of the top-level header section, unfolded, in order. */
    List<String> headerNames() throws MessagingException {
        List<String> names = new ArrayList<>();
        for (var e = message.getAllHeaders(); e.hasMoreElements(); ) {
            names.add(e.nextElement().getName());
        }
        return names;
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
