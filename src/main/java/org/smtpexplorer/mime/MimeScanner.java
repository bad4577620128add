package org.smtpexplorer.mime;

import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pass over a message, line by line, into a tree of {@link Part}s: headers kept (within a budget), bodies only
 * as offsets. Boundaries are matched as RFC 2046 §5.1.1 says, against every enclosing multipart at once, so a part
 * whose own end boundary is missing ends where its parent's next boundary is. Lenient where real mail is broken,
 * and each leniency is a problem on the part, naming the rule.
 */
final class MimeScanner {
    static final int HEADER_LINE_KEEP = 64 * 1024;
    private static final int BODY_LINE_KEEP = 1024;
    /** Header bytes kept for the whole tree: the headers of a hostile message could otherwise fill the memory. */
    private static final long HEADER_BUDGET = 8L * 1024 * 1024;
    private static final int MAX_FIELDS = 1_000;
    private static final int MAX_BOUNDARY = 200;
    private static final int MAX_PROBLEMS = 20;
    private static final Set<String> KNOWN_ENCODINGS = Set.of("7bit", "8bit", "binary", "quoted-printable", "base64",
            "uuencode", "x-uuencode", "x-uue");
    private static final Set<String> IDENTITY = Set.of("7bit", "8bit", "binary");
    private static final Pattern LENIENT_TYPE = Pattern.compile("^\\s*([^\\s/;]+)\\s*/\\s*([^\\s;]+)");

    private final LineReader in;
    private final BooleanSupplier stop;
    private final int maxNodes;
    private final int maxDepth;
    /** "--" + boundary of every enclosing multipart, outermost first. */
    private final List<byte[]> delimiters = new ArrayList<>();
    private boolean replay;
    private int nodes;
    private long headerBytesKept;
    private boolean budgetSpent;
    private long lines;

    /** What ended an entity: a boundary line of {@code delimiters.get(level)}, or the end of the message (-1). */
    private record End(int level, boolean close, long lineStart, int precedingTerminator) {
        static final End EOF = new End(-1, false, -1, 0);

        boolean eof() {
            return level < 0;
        }

        /** Where the body before this boundary ends: the line end before a boundary belongs to it. */
        long bodyEnd(long bodyStart) {
            return Math.max(bodyStart, lineStart - precedingTerminator);
        }
    }

    /** An entity being read. */
    static final class Part {
        String number;
        MimeNode.Kind kind = MimeNode.Kind.LEAF;
        long start;
        long bodyStart;
        long bodyEnd;
        long decodedSize = -1;
        final List<HeaderField> headers = new ArrayList<>();
        String contentType;
        boolean typeGiven;
        String charset;
        String encoding;
        String disposition;
        String fileName;
        String fileNameEncoding;
        String contentId;
        String boundary;
        final List<Part> children = new ArrayList<>();
        int hiddenParts;
        final List<String> problems = new ArrayList<>();
        private int problemsLeftOut;

        Part(String number) {
            this.number = number;
        }

        void problem(String p) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(p);
            } else {
                problemsLeftOut++;
            }
        }

        String first(String name) {
            for (HeaderField h : headers) {
                if (h.name().equalsIgnoreCase(name)) {
                    return h.value();
                }
            }
            return null;
        }

        int count(String name) {
            return (int) headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).count();
        }

        MimeNode freeze() {
            List<MimeNode> kids = new ArrayList<>(children.size());
            for (Part c : children) {
                kids.add(c.freeze());
            }
            List<String> all = new ArrayList<>(problems);
            if (problemsLeftOut > 0) {
                all.add(problemsLeftOut + " more problems of the same kinds are not listed");
            }
            return new MimeNode(number, kind, start, bodyStart, bodyEnd, decodedSize, headers, contentType, typeGiven,
                    charset, encoding, disposition, fileName, fileNameEncoding, contentId, boundary, kids,
                    hiddenParts, all);
        }
    }

    MimeScanner(LineReader in, BooleanSupplier stop, int maxNodes, int maxDepth) {
        this.in = in;
        this.stop = stop;
        this.maxNodes = maxNodes;
        this.maxDepth = maxDepth;
    }

    /** Reads the whole message. */
    Part message() throws IOException {
        Part root = new Part("");
        nodes = 1;
        entity(root, 0, "text/plain");
        return root;
    }

    private End entity(Part p, int depth, String defaultType) throws IOException {
        p.start = in.position();
        readHeader(p, depth);
        classify(p, defaultType, depth);
        if (p.kind == MimeNode.Kind.MULTIPART) {
            return multipart(p, depth);
        }
        if (p.kind == MimeNode.Kind.MESSAGE) {
            Part inner = child(p, p.number.isEmpty() ? "1" : p.number + ".1");
            if (inner != null) {
                End e = entity(inner, depth + 1, "text/plain");
                p.bodyEnd = inner.bodyEnd;
                return e;
            }
            p.kind = MimeNode.Kind.LEAF;
        }
        return leaf(p);
    }

    // ---- header

    private void readHeader(Part p, int depth) throws IOException {
        ByteArrayOutputStream field = null;
        boolean first = true;
        boolean inField = false;
        boolean toldFields = false;
        while (nextLine(HEADER_LINE_KEEP)) {
            if (in.length == 0) {
                addField(p, field);
                p.bodyStart = in.position();
                return;
            }
            if (matchBoundary() >= 0) {
                addField(p, field);
                p.problem("the header ends at a boundary line, without the blank line that must end it (RFC 2046"
                        + " §5.1.1): the body is empty");
                replay = true;
                p.bodyStart = in.start;
                return;
            }
            if (in.cut()) {
                p.problem("a header line of " + String.format("%,d", in.length) + " bytes (RFC 5322 §2.1.1 allows"
                        + " 998): only its first " + String.format("%,d", HEADER_LINE_KEEP) + " are kept");
            }
            byte c0 = in.head[0];
            if (c0 == ' ' || c0 == '\t') {
                if (!inField) {
                    p.problem("a folded line with no field before it (RFC 5322 §2.2.3): ignored");
                } else if (field != null && headerBytesKept < HEADER_BUDGET) {
                    appendLine(field);
                } else if (field != null) {
                    budgetSpent(p);
                }
                continue;
            }
            int colon = fieldNameEnd();
            if (colon < 0) {
                if (first && depth == 0 && startsWith("From ")) {
                    p.problem("the file starts with an mbox \"From \" line, which is no header field: skipped");
                    first = false;
                    continue;
                }
                addField(p, field);
                p.problem("line " + (first ? "1" : "\"" + preview() + "\"") + " of the header is not a field"
                        + " (\"Name: value\", RFC 5322 §2.2) and no blank line came before it: the body is taken"
                        + " to start there" + (first && depth == 0 ? "; this may not be a message at all" : ""));
                replay = true;
                p.bodyStart = in.start;
                return;
            }
            first = false;
            inField = true;
            addField(p, field);
            field = null;
            if (p.headers.size() >= MAX_FIELDS) {
                if (!toldFields) {
                    toldFields = true;
                    p.problem("more than " + MAX_FIELDS + " header fields: the rest are not kept");
                }
            } else if (headerBytesKept >= HEADER_BUDGET) {
                budgetSpent(p);
            } else {
                field = new ByteArrayOutputStream(in.headLength + 2);
                appendLine(field);
            }
        }
        addField(p, field);
        p.bodyStart = in.position();
        p.bodyEnd = p.bodyStart;
    }

    private void budgetSpent(Part p) {
        if (!budgetSpent) {
            budgetSpent = true;
            p.problem("the message's headers are over " + HEADER_BUDGET / (1024 * 1024) + " MiB: the rest are read"
                    + " but not kept");
        }
    }

    private void appendLine(ByteArrayOutputStream field) {
        field.write(in.head, 0, in.headLength);
        if (in.terminator == 2) {
            field.write('\r');
        }
        if (in.terminator >= 1) {
            field.write('\n');
        }
        headerBytesKept += in.headLength + in.terminator;
    }

    private static void addField(Part p, ByteArrayOutputStream field) {
        if (field == null) {
            return;
        }
        byte[] raw = field.toByteArray();
        int colon = 0;
        while (raw[colon] != ':') {
            colon++;
        }
        String name = new String(raw, 0, colon, StandardCharsets.US_ASCII).strip();
        String value = unfold(new String(raw, colon + 1, raw.length - colon - 1, StandardCharsets.UTF_8)).strip();
        p.headers.add(new HeaderField(name, raw, value, decodeWords(value)));
    }

    /** Folding undone: each line end removed, the white space after it kept (RFC 5322 §2.2.3). */
    private static String unfold(String s) {
        return s.replace("\r\n", "").replace("\n", "");
    }

    /** RFC 2047 encoded words decoded; the text as it is when they cannot be (an unknown charset). */
    static String decodeWords(String s) {
        if (!s.contains("=?")) {
            return s;
        }
        try {
            return MimeUtility.decodeText(s);
        } catch (UnsupportedEncodingException | IllegalArgumentException e) {
            return s;
        }
    }

    /**
     * The offset of the colon after a valid field name (printable ASCII but the colon, RFC 5322 §2.2; white space
     * before the colon is obsolete syntax, RFC 5322 §4.5, but still seen), or -1.
     */
    private int fieldNameEnd() {
        int colon = -1;
        for (int i = 0; i < in.headLength; i++) {
            if (in.head[i] == ':') {
                colon = i;
                break;
            }
        }
        int end = colon;
        while (end > 0 && (in.head[end - 1] == ' ' || in.head[end - 1] == '\t')) {
            end--;
        }
        if (end <= 0) {
            return -1;
        }
        for (int i = 0; i < end; i++) {
            int c = in.head[i] & 0xff;
            if (c <= 32 || c >= 127) {
                return -1;
            }
        }
        return colon;
    }

    private boolean startsWith(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (in.headLength < b.length) {
            return false;
        }
        for (int i = 0; i < b.length; i++) {
            if (in.head[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private String preview() {
        String s = new String(in.head, 0, Math.min(in.headLength, 40), StandardCharsets.UTF_8);
        return s + (in.headLength > 40 ? "..." : "");
    }

    // ---- what the header says

    private void classify(Part p, String defaultType, int depth) {
        String ct = p.first("Content-Type");
        p.typeGiven = ct != null;
        String name = null;
        boolean nameEncoded = false;
        if (p.count("Content-Type") > 1) {
            p.problem(p.count("Content-Type") + " Content-Type fields (RFC 2045 §5 allows one): the first is used");
        }
        if (ct == null) {
            p.contentType = defaultType;
        } else {
            try {
                ContentType parsed = new ContentType(ct);
                p.contentType = parsed.getBaseType().toLowerCase(Locale.ROOT);
                p.charset = parsed.getParameter("charset");
                p.boundary = parsed.getParameter("boundary");
                name = parsed.getParameter("name");
            } catch (ParseException e) {
                Matcher m = LENIENT_TYPE.matcher(ct);
                boolean typeRead = m.find();
                p.contentType = typeRead ? (m.group(1) + "/" + m.group(2)).toLowerCase(Locale.ROOT) : "text/plain";
                p.charset = lenientParameter(ct, "charset");
                p.boundary = lenientParameter(ct, "boundary");
                name = lenientParameter(ct, "name");
                p.problem("Content-Type \"" + ct + "\" cannot be parsed (" + e.getMessage() + "): read leniently as "
                        + p.contentType + (typeRead ? "" : ", the default for a type that cannot be read (RFC 2045"
                        + " §5.2)"));
            }
            nameEncoded = parameterIsExtended(ct, "name");
        }
        String cte = p.first("Content-Transfer-Encoding");
        if (cte != null) {
            p.encoding = cte.strip().toLowerCase(Locale.ROOT);
            if (!KNOWN_ENCODINGS.contains(p.encoding)) {
                p.problem("unknown Content-Transfer-Encoding \"" + cte + "\" (RFC 2045 §6.1 defines 7bit, 8bit,"
                        + " binary, quoted-printable and base64): the body is shown undecoded");
            }
        }
        String cd = p.first("Content-Disposition");
        String fileName = null;
        boolean fileNameEncoded = false;
        if (cd != null) {
            try {
                ContentDisposition parsed = new ContentDisposition(cd);
                p.disposition = parsed.getDisposition() == null ? null
                        : parsed.getDisposition().toLowerCase(Locale.ROOT);
                fileName = parsed.getParameter("filename");
            } catch (ParseException e) {
                Matcher m = Pattern.compile("^\\s*([A-Za-z-]+)").matcher(cd);
                p.disposition = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
                fileName = lenientParameter(cd, "filename");
                p.problem("Content-Disposition \"" + cd + "\" cannot be parsed (" + e.getMessage() + "): read"
                        + " leniently");
            }
            fileNameEncoded = parameterIsExtended(cd, "filename");
        }
        if (fileName != null) {
            fileName(p, fileName, fileNameEncoded, cd, "filename");
        } else if (name != null) {
            fileName(p, name, nameEncoded, ct, "name");
        }
        String cid = p.first("Content-ID");
        p.contentId = cid == null ? null : cid.strip();
        if (depth == 0 && p.first("MIME-Version") == null && (ct != null || cte != null)) {
            p.problem("no MIME-Version field (RFC 2045 §4): a reader may ignore Content-Type and"
                    + " Content-Transfer-Encoding");
        }
        boolean identity = p.encoding == null || IDENTITY.contains(p.encoding);
        if (p.contentType.startsWith("multipart/")) {
            multipartKind(p, identity, depth);
        } else if (p.contentType.equals("message/rfc822") || p.contentType.equals("message/global")) {
            if (!identity) {
                p.problem(p.contentType + " with Content-Transfer-Encoding " + p.encoding + " (RFC 2046 §5.2.1"
                        + " allows only 7bit, 8bit or binary): shown as an encoded leaf, not opened");
            } else if (depth + 1 >= maxDepth) {
                p.problem("nested more than " + maxDepth + " deep: the message inside is not opened");
            } else {
                p.kind = MimeNode.Kind.MESSAGE;
            }
        }
    }

    private void multipartKind(Part p, boolean identity, int depth) {
        if (p.boundary == null || p.boundary.isEmpty()) {
            p.problem(p.contentType + " without a boundary parameter (RFC 2046 §5.1.1 requires one): its body is"
                    + " shown as one piece");
        } else if (p.boundary.length() > MAX_BOUNDARY) {
            p.problem("a boundary of " + p.boundary.length() + " characters (RFC 2046 §5.1.1 allows 70): not"
                    + " looked for; the body is shown as one piece");
        } else if (depth + 1 >= maxDepth) {
            p.problem("nested more than " + maxDepth + " deep: its parts are not opened");
        } else {
            if (p.boundary.length() > 70) {
                p.problem("a boundary of " + p.boundary.length() + " characters: RFC 2046 §5.1.1 allows 70");
            }
            if (!identity) {
                p.problem("a multipart with Content-Transfer-Encoding " + p.encoding + ": RFC 2045 §6.4 allows only"
                        + " 7bit, 8bit or binary; its boundaries are looked for as the bytes are");
            }
            p.kind = MimeNode.Kind.MULTIPART;
        }
    }

    /**
     * The file name as a reader sees it, and how it was written: RFC 2231 (name*=charset''...), RFC 2047 encoded
     * words (not allowed in a parameter, RFC 2047 §5, but common), raw UTF-8, or plain ASCII.
     */
    private static void fileName(Part p, String value, boolean extended, String field, String param) {
        if (extended) {
            p.fileNameEncoding = "RFC 2231";
            String cs = extendedCharset(field, param);
            if (cs != null && !knownCharset(cs)) {
                p.problem("the file name is in charset \"" + cs + "\", which is not known here: shown still"
                        + " encoded");
            }
            p.fileName = value;
        } else if (value.contains("=?")) {
            String decoded = decodeWords(value);
            p.fileNameEncoding = decoded.equals(value) ? "plain" : "RFC 2047";
            if (!decoded.equals(value)) {
                p.problem("the " + param + " parameter holds RFC 2047 encoded words, which RFC 2047 §5 does not"
                        + " allow in a parameter (RFC 2231 is the standard way); decoded anyway, as most readers do");
            }
            p.fileName = decoded;
        } else {
            p.fileNameEncoding = value.chars().allMatch(c -> c < 128) ? "plain" : "UTF-8 (RFC 6532)";
            p.fileName = value;
        }
    }

    private static boolean knownCharset(String name) {
        try {
            return Charset.isSupported(MimeUtility.javaCharset(name));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True when {@code param} is written in RFC 2231 form ({@code name*=} or {@code name*0*=}). */
    private static boolean parameterIsExtended(String field, String param) {
        return Pattern.compile("(?i)(^|[;\\s])" + param + "\\*(0\\*)?\\s*=").matcher(field).find();
    }

    private static String extendedCharset(String field, String param) {
        Matcher m = Pattern.compile("(?i)(^|[;\\s])" + param + "\\*(0\\*)?\\s*=\\s*\"?([^'\";]*)'").matcher(field);
        return m.find() && !m.group(3).isEmpty() ? m.group(3) : null;
    }

    private static String lenientParameter(String field, String param) {
        Matcher m = Pattern.compile("(?i)(^|[;\\s])" + param + "\\s*=\\s*(\"([^\"]*)\"|([^;\\s]+))").matcher(field);
        if (!m.find()) {
            return null;
        }
        return m.group(3) != null ? m.group(3) : m.group(4);
    }

    // ---- bodies

    private End leaf(Part p) throws IOException {
        while (nextLine(BODY_LINE_KEEP)) {
            int m = matchBoundary();
            if (m >= 0) {
                End e = end(m);
                p.bodyEnd = e.bodyEnd(p.bodyStart);
                return e;
            }
        }
        p.bodyEnd = Math.max(p.bodyStart, in.position());
        return End.EOF;
    }

    private End multipart(Part p, int depth) throws IOException {
        String b = p.boundary;
        delimiters.add(("--" + b).getBytes(StandardCharsets.UTF_8));
        int level = delimiters.size() - 1;
        End e = skipToBoundary();
        if (e.eof() || e.level != level) {
            delimiters.remove(level);
            p.problem("the boundary \"" + b + "\" never occurs in the body" + (e.eof() ? "" : " before the"
                    + " enclosing multipart's next boundary") + ": no parts (a broken boundary, RFC 2046 §5.1.1);"
                    + " the body is shown as one piece");
            p.bodyEnd = e.eof() ? in.position() : e.bodyEnd(p.bodyStart);
            return e;
        }
        if (e.close) {
            p.problem("the close boundary \"--" + b + "--\" comes before any part: a multipart needs at least one"
                    + " (RFC 2046 §5.1.1)");
        }
        int index = 0;
        String childType = p.contentType.equals("multipart/digest") ? "message/rfc822" : "text/plain";
        while (!e.close) {
            index++;
            Part c = child(p, (p.number.isEmpty() ? "" : p.number + ".") + index);
            if (c == null) {
                p.hiddenParts++;
                e = skipToBoundary();
            } else {
                e = entity(c, depth + 1, childType);
            }
            if (e.eof() || e.level != level) {
                delimiters.remove(level);
                p.problem("the close boundary \"--" + b + "--\" is missing (RFC 2046 §5.1.1): part "
                        + String.format("%,d", index) + " ends " + (e.eof() ? "at the end of the message"
                        : "at the enclosing multipart's boundary"));
                p.bodyEnd = e.eof() ? in.position() : e.bodyEnd(p.bodyStart);
                hidden(p);
                return e;
            }
        }
        delimiters.remove(level);
        hidden(p);
        // The epilogue: to the enclosing multipart's next boundary, or to the end.
        End after = skipToBoundary();
        p.bodyEnd = after.eof() ? in.position() : after.bodyEnd(p.bodyStart);
        return after;
    }

    private static void hidden(Part p) {
        if (p.hiddenParts > 0) {
            p.problem(String.format("%,d more parts are not listed: the tree shows at most the first parts of a"
                    + " message", p.hiddenParts));
        }
    }

    private End skipToBoundary() throws IOException {
        while (nextLine(BODY_LINE_KEEP)) {
            int m = matchBoundary();
            if (m >= 0) {
                return end(m);
            }
        }
        return End.EOF;
    }

    private End end(int match) {
        return new End(match >> 1, (match & 1) == 1, in.start, in.precedingTerminator);
    }

    /** A new part under {@code parent}, or null when the tree has as many parts as it may show. */
    private Part child(Part parent, String number) {
        if (nodes >= maxNodes) {
            return null;
        }
        nodes++;
        Part c = new Part(number);
        parent.children.add(c);
        return c;
    }

    /**
     * Which enclosing boundary the current line is, innermost first: {@code level * 2 + (close ? 1 : 0)}, or -1.
     * A boundary line is "--" boundary, "--" for the last one, then only white space (RFC 2046 §5.1.1).
     */
    private int matchBoundary() {
        if (delimiters.isEmpty() || in.headLength < 2 || in.head[0] != '-' || in.head[1] != '-' || in.cut()) {
            return -1;
        }
        for (int k = delimiters.size() - 1; k >= 0; k--) {
            byte[] d = delimiters.get(k);
            if (in.headLength < d.length || !regionMatches(d)) {
                continue;
            }
            int j = d.length;
            boolean close = false;
            if (j + 1 < in.headLength && in.head[j] == '-' && in.head[j + 1] == '-') {
                close = true;
                j += 2;
            }
            while (j < in.headLength && (in.head[j] == ' ' || in.head[j] == '\t')) {
                j++;
            }
            if (j == in.headLength) {
                return k * 2 + (close ? 1 : 0);
            }
        }
        return -1;
    }

    private boolean regionMatches(byte[] d) {
        for (int i = 2; i < d.length; i++) {
            if (in.head[i] != d[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean nextLine(int keep) throws IOException {
        if (replay) {
            replay = false;
            return true;
        }
        if ((++lines & 0xffff) == 0 && stop.getAsBoolean()) {
            throw new CancellationException("reading the message was cancelled");
        }
        return in.next(keep);
    }
}
