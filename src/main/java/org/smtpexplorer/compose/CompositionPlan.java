package org.smtpexplorer.compose;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.transport.SendRequest;

/**
 * Everything decided about a draft before a byte is written: the parsed addresses, whether SMTPUTF8 is used,
 * the envelope, the body encodings, the attachment types, and every problem found on the way. Pure: reads the
 * file system only to check that attachments exist.
 *
 * @param smtpUtf8    addresses go as typed (SMTPUTF8) rather than with A-labels
 * @param rawHeaders  headers are written as raw UTF-8 (RFC 6532) rather than with encoded words: with SMTPUTF8,
 *                    or when a non-ASCII local part leaves no other way to write it (then sending is blocked)
 * @param binary      every part goes unencoded, for BODY=BINARYMIME
 */
record CompositionPlan(Draft draft, AnalysedAddress from, List<AnalysedAddress> to, List<AnalysedAddress> cc,
                       List<AnalysedAddress> replyTo, Envelope envelope, boolean smtpUtf8, boolean rawHeaders,
                       String text, String html, String textEncoding, String htmlEncoding, boolean binary,
                       List<String> attachmentTypes, Problems problems) {

    /** Header names the composer writes itself; Date and Message-ID may be given to replace the generated ones. */
    private static final Map<String, String> OWNED = Map.of(
            "from", "use the From field", "to", "use the To field", "cc", "use the Cc field",
            "bcc", "Bcc is never written into a message; use the Bcc field (envelope only)",
            "reply-to", "use the Reply-To field", "subject", "use the Subject field",
            "mime-version", "the composer writes it", "sender", "the composer takes the author from From");
    private static final Set<String> NOTIFY = Set.of("SUCCESS", "FAILURE", "DELAY");
    private static final int MAX_ENVID = 100;
    /** RFC 2392 content-id as RFC 5322 msg-id, without the angle brackets: printable ASCII, no specials. */
    private static final Pattern CONTENT_ID = Pattern.compile(
            "[\\x21-\\x7e&&[^<>@\"(),:;\\\\\\[\\]]]+@[\\x21-\\x7e&&[^<>@\"(),:;\\\\]]+");

    static CompositionPlan of(Draft d, Capabilities caps) {
        List<Problem> p = new ArrayList<>();
        List<AnalysedAddress> fromList = addresses("from", d.from(), p);
        List<AnalysedAddress> to = addresses("to", d.to(), p);
        List<AnalysedAddress> cc = addresses("cc", d.cc(), p);
        List<AnalysedAddress> bcc = addresses("bcc", d.bcc(), p);
        List<AnalysedAddress> replyTo = addresses("replyTo", d.replyTo(), p);
        if (fromList.size() != 1 && p.stream().noneMatch(x -> x.field().equals("from"))) {
            p.add(Problem.invalid("from", fromList.isEmpty() ? "a message needs one author address (RFC 5322"
                    + " §3.6.2); it is also the envelope sender" : "give one address; several authors need a Sender"
                    + " header, which the composer does not write"));
        }
        if (to.size() + cc.size() + bcc.size() == 0) {
            p.add(Problem.invalid("to", "give at least one recipient in To, Cc or Bcc"));
        }
        AnalysedAddress from = fromList.isEmpty() ? AnalysedAddress.invalid("", "missing") : fromList.get(0);

        List<AnalysedAddress> all = new ArrayList<>(fromList);
        all.addAll(to);
        all.addAll(cc);
        all.addAll(bcc);
        all.addAll(replyTo);
        boolean utf8 = decideSmtpUtf8(d.options().smtpUtf8(), caps, all, p);
        addressProblems(utf8, caps, d.options().smtpUtf8(), Map.of("from", fromList, "to", to, "cc", cc, "bcc",
                bcc, "replyTo", replyTo), p);
        boolean rawHeaders = utf8 || all.stream().anyMatch(a -> a.kind() == AddressKind.NON_ASCII_LOCAL_PART);
        Envelope envelope = envelope(from, List.of(to, cc, bcc), utf8);

        if (hasLineBreak(d.subject())) {
            p.add(Problem.invalid("subject", "contains a line break; a subject is one line (the composer folds"
                    + " long ones)"));
        }
        checkHeaders(d.headers(), p);
        String text = crlf(d.text());
        String html = crlf(d.html());
        TransferEncoding override = d.options().transferEncoding();
        EncodingPolicy.Choice textChoice = EncodingPolicy.choose("text body", text, override, caps);
        p.addAll(textChoice.problems());
        String htmlEncoding = "";
        if (!html.isEmpty()) {
            EncodingPolicy.Choice htmlChoice = EncodingPolicy.choose("HTML body", html, override, caps);
            p.addAll(htmlChoice.problems());
            htmlEncoding = htmlChoice.encoding();
        }
        boolean binary = override == TransferEncoding.BINARY;
        List<String> types = attachments(d, html, p);
        options(d.options(), caps, envelope, binary, p);
        return new CompositionPlan(d, from, to, cc, replyTo, envelope, utf8, rawHeaders, text, html,
                textChoice.encoding(), htmlEncoding, binary, types, new Problems(p));
    }

    private static List<AnalysedAddress> addresses(String field, String text, List<Problem> p) {
        List<AnalysedAddress> out = new ArrayList<>();
        for (AnalysedAddress a : AddressAnalysis.parseList(text)) {
            if (!a.isValid()) {
                p.add(Problem.invalid(field, "\"" + a.address() + "\" is not a valid address: " + a.reason()));
                continue;
            }
            for (String note : a.notes()) {
                p.add(Problem.warning(field, a.address() + ": " + note));
            }
            out.add(a);
        }
        return out;
    }

    /**
     * AUTO uses SMTPUTF8 only when an address needs it (a message that needs SMTPUTF8 bounces at the first hop
     * without it, so non-ASCII subjects and names alone get encoded words instead) and the server offers it.
     * With the server not known yet, only a non-ASCII local part, which has no other form, turns it on.
     */
    private static boolean decideSmtpUtf8(SendRequest.Toggle toggle, Capabilities caps, List<AnalysedAddress> all,
                                          List<Problem> p) {
        boolean anyNonAscii = all.stream().anyMatch(AnalysedAddress::hasNonAscii);
        boolean anyLocal = all.stream().anyMatch(a -> a.kind() == AddressKind.NON_ASCII_LOCAL_PART);
        return switch (toggle) {
            case ON -> {
                if (caps != null && !caps.smtpUtf8()) {
                    p.add(Problem.warning("options.smtpUtf8", "SMTPUTF8 is forced on but the server does not"
                            + " offer it; expect MAIL FROM ... SMTPUTF8 to be refused (RFC 6531 §3.4)"));
                }
                yield true;
            }
            case OFF -> false;
            case AUTO -> {
                if (caps == null && anyLocal) {
                    p.add(Problem.warning("options.smtpUtf8", "a non-ASCII local part needs SMTPUTF8 and the"
                            + " server's capabilities are not known yet"));
                    yield true;
                }
                yield anyNonAscii && caps != null && caps.smtpUtf8();
            }
        };
    }

    private static void addressProblems(boolean utf8, Capabilities caps, SendRequest.Toggle toggle,
                                        Map<String, List<AnalysedAddress>> byField, List<Problem> p) {
        if (utf8) {
            return;
        }
        String why = toggle == SendRequest.Toggle.OFF ? "SMTPUTF8 is turned off"
                : caps == null ? "the server is not known yet" : "the server does not offer SMTPUTF8";
        for (String field : List.of("from", "to", "cc", "bcc", "replyTo")) {
            for (AnalysedAddress a : byField.get(field)) {
                if (a.kind() == AddressKind.NON_ASCII_LOCAL_PART) {
                    p.add(Problem.blocking(field, a.address() + " has a non-ASCII local part, which needs SMTPUTF8,"
                            + " and " + why + ". It cannot be downgraded: a local part has no ASCII form (RFC 6531"
                            + " §3.2, RFC 6530 §7). Use an ASCII address for it or a server that offers SMTPUTF8."));
                } else if (a.kind() == AddressKind.IDN_DOMAIN && a.hasNonAscii()) {
                    p.add(Problem.info(field, a.address() + " goes as " + a.form(false) + " (A-label, RFC 5890)"
                            + " in the envelope and the headers, because SMTPUTF8 is not used"));
                }
            }
        }
    }

    /** To, Cc and Bcc in order; the same mailbox twice (domains compared in A-label form, any case) goes once. */
    private static Envelope envelope(AnalysedAddress from, List<List<AnalysedAddress>> fields, boolean utf8) {
        Map<String, String> rcpts = new LinkedHashMap<>();
        for (List<AnalysedAddress> f : fields) {
            for (AnalysedAddress a : f) {
                rcpts.putIfAbsent(a.localPart() + "@" + a.asciiDomain().toLowerCase(Locale.ROOT), a.form(utf8));
            }
        }
        return new Envelope(from.isValid() ? from.form(utf8) : "", List.copyOf(rcpts.values()), utf8);
    }

    private static void checkHeaders(List<Draft.Header> headers, List<Problem> p) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < headers.size(); i++) {
            Draft.Header h = headers.get(i);
            String field = "headers[" + i + "]";
            String lower = h.name().toLowerCase(Locale.ROOT);
            if (h.name().isEmpty()) {
                p.add(Problem.invalid(field + ".name", "a header needs a name"));
            } else if (!h.name().chars().allMatch(c -> c >= 33 && c <= 126 && c != ':')) {
                p.add(Problem.invalid(field + ".name", "\"" + h.name() + "\" may only contain printable ASCII"
                        + " without spaces or colons (RFC 5322 §2.2)"));
            } else if (writtenByComposer(lower)) {
                p.add(Problem.invalid(field + ".name", h.name() + " cannot be added here: " + OWNED.getOrDefault(
                        lower, "the composer writes the Content-* headers from the body and the attachments")));
            } else if ((lower.equals("date") || lower.equals("message-id")) && !seen.add(lower)) {
                p.add(Problem.invalid(field + ".name", h.name() + " is given twice; a message has one (RFC 5322"
                        + " §3.6)"));
            }
            if (hasLineBreak(h.value()) || h.value().indexOf('\0') >= 0) {
                p.add(Problem.invalid(field + ".value", "contains a line break or NUL; give the value on one line"
                        + " (the composer folds long ones)"));
            }
        }
    }

    private static List<String> attachments(Draft d, String html, List<Problem> p) {
        List<String> types = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < d.attachments().size(); i++) {
            Draft.Attachment a = d.attachments().get(i);
            String field = "attachments[" + i + "]";
            Path path = a.path();
            if (path == null || !Files.isRegularFile(path) || !Files.isReadable(path)) {
                p.add(Problem.invalid(field, (path == null ? "no file given" : path + " is not a readable file")));
                types.add(ContentTypes.FALLBACK);
                continue;
            }
            String type = a.contentType().isBlank() ? ContentTypes.detect(path) : a.contentType().strip();
            if (!a.contentType().isBlank()) {
                try {
                    new ContentType(type);
                    if (ContentTypes.isComposite(type)) {
                        p.add(Problem.invalid(field + ".contentType", type + " cannot be attached base64-encoded"
                                + " (RFC 2046 §5); use application/octet-stream"));
                    }
                } catch (ParseException e) {
                    p.add(Problem.invalid(field + ".contentType", "\"" + type + "\" is not a MIME type"
                            + " (type/subtype, RFC 2045 §5.1)"));
                }
            }
            types.add(type);
            if (!a.inline()) {
                continue;
            }
            String cid = a.contentId();
            if (html.isEmpty()) {
                p.add(Problem.warning(field, "marked inline but there is no HTML body to show it in; it goes as an"
                        + " ordinary part with Content-Disposition: inline"));
            } else if (cid.isEmpty()) {
                p.add(Problem.invalid(field + ".contentId", "an inline part needs a Content-ID for the HTML to refer"
                        + " to as cid:..."));
            } else if (!CONTENT_ID.matcher(cid).matches()) {
                p.add(Problem.invalid(field + ".contentId", "\"" + cid + "\" is not of the form left@right in"
                        + " printable ASCII without spaces or angle brackets (RFC 2392), e.g. logo@example.com"));
            } else if (!ids.add(cid)) {
                p.add(Problem.invalid(field + ".contentId", cid + " is used by another part"));
            } else if (!html.contains("cid:" + cid)) {
                p.add(Problem.warning(field + ".contentId", "the HTML body does not refer to cid:" + cid));
            }
        }
        return List.copyOf(types);
    }

    private static void options(Draft.Options o, Capabilities caps, Envelope envelope, boolean binary,
                                List<Problem> p) {
        if (o.chunkSize() < 0) {
            p.add(Problem.invalid("options.chunkSize", "cannot be negative (0 lets the plan choose),"
                    + " not " + o.chunkSize()));
        }
        if (!o.dsnNotify().isBlank() && !validNotify(o.dsnNotify())) {
            p.add(Problem.invalid("options.dsnNotify", "\"" + o.dsnNotify() + "\" must be NEVER, or one or more of"
                    + " SUCCESS, FAILURE, DELAY separated by commas (RFC 3461 §4.1)"));
        }
        if (!o.dsnRet().isBlank() && !o.dsnRet().strip().matches("(?i)FULL|HDRS")) {
            p.add(Problem.invalid("options.dsnRet", "\"" + o.dsnRet() + "\" must be FULL or HDRS (RFC 3461 §4.3)"));
        }
        if (!o.envid().isEmpty() && (o.envid().length() > MAX_ENVID
                || !o.envid().chars().allMatch(c -> c >= 33 && c <= 126))) {
            p.add(Problem.invalid("options.envid", "must be printable ASCII without spaces, at most " + MAX_ENVID
                    + " characters (RFC 3461 §4.4)"));
        }
        boolean dsn = !o.dsnNotify().isBlank() || !o.dsnRet().isBlank() || !o.envid().isEmpty();
        if (dsn && caps != null && !caps.dsn()) {
            p.add(Problem.warning("options.dsnNotify", "the server does not offer DSN; it will likely refuse"
                    + " NOTIFY, RET and ENVID (RFC 3461 §4)"));
        }
        if (o.requireTls() && caps != null && !caps.requireTls()) {
            p.add(Problem.blocking("options.requireTls", "the server does not offer REQUIRETLS (it is offered only"
                    + " after STARTTLS); a message that requires TLS must not be sent to it (RFC 8689 §4.1)"));
        }
        if (o.transfer() == SendRequest.Transfer.BDAT && caps != null && !caps.chunking()) {
            p.add(Problem.warning("options.transfer", "BDAT is forced but the server does not offer CHUNKING (RFC"
                    + " 3030); expect it to be refused"));
        }
        if (binary) {
            if (o.transfer() == SendRequest.Transfer.DATA) {
                p.add(Problem.blocking(EncodingPolicy.FIELD, "binary needs BODY=BINARYMIME, which can only be sent"
                        + " with BDAT, and the transfer is set to DATA (RFC 3030 §3)"));
            }
            if (caps == null) {
                p.add(Problem.warning(EncodingPolicy.FIELD, "binary needs BINARYMIME and CHUNKING and the server's"
                        + " capabilities are not known yet"));
            } else if (!caps.binaryMime() || !caps.chunking()) {
                p.add(Problem.blocking(EncodingPolicy.FIELD, "binary needs BINARYMIME and CHUNKING and the server"
                        + " does not offer " + (caps.binaryMime() ? "CHUNKING" : "BINARYMIME") + " (RFC 3030)"));
            }
        }
        long max = caps == null ? 0 : caps.limits().rcptMax().orElse(0);
        int n = envelope.recipients().size();
        if (max > 0 && n > max) {
            long transactions = (n + max - 1) / max;
            p.add(Problem.warning("recipients", n + " recipients and the server's LIMITS RCPTMAX is " + max + ": send"
                    + " the message in " + transactions + " transactions of at most " + max + " recipients; in one"
                    + " transaction the server refuses those beyond " + max + " (RFC 9422 §4.1)"));
        }
    }

    /** True for header names (lower case) the composer writes itself and refuses as custom headers. */
    static boolean writtenByComposer(String lowerName) {
        return OWNED.containsKey(lowerName) || lowerName.startsWith("content-");
    }

    private static boolean validNotify(String notify) {
        String[] parts = notify.toUpperCase(Locale.ROOT).split(",", -1);
        if (parts.length == 1 && parts[0].strip().equals("NEVER")) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        for (String s : parts) {
            if (!NOTIFY.contains(s.strip()) || !seen.add(s.strip())) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    /** Text from a text field has any line ends; a message has CRLF only (RFC 5322 §2.3). */
    static String crlf(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    }
}
