package org.smtpexplorer.mime;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The MIME tree of one message, read in one streaming pass: parts, types, encodings, sizes, charsets, file names
 * and headers. The tree holds offsets, not bodies, so a 1 GiB message costs the memory of its headers; a part's
 * content is read from the message when asked for ({@link #content}), up to a limit. Broken structure (a boundary
 * that never comes, a missing close boundary, a header without its blank line) gives a tree all the same, with the
 * problem on the part it concerns.
 */
public final class MessageTree {
    /** Parts shown at most; more are counted on their multipart, not listed. */
    public static final int MAX_NODES = 2_000;
    /** Nesting followed at most; deeper multiparts and messages are shown unopened. */
    public static final int MAX_DEPTH = 40;
    private static final int COPY_BUFFER = 64 * 1024;
    /** The encodings decoded to show a part; 7bit, 8bit and binary are the bytes as they are. */
    private static final Set<String> DECODED = Set.of("base64", "quoted-printable", "uuencode", "x-uuencode",
            "x-uue");
    private static final Set<String> IDENTITY = Set.of("7bit", "8bit", "binary");

    private final Bytes bytes;
    private final MimeNode root;
    private final long size;
    private final String description;

    private MessageTree(Bytes bytes, MimeNode root, long size, String description) {
        this.bytes = bytes;
        this.root = root;
        this.size = size;
        this.description = description;
    }

    /**
     * Reads the message in {@code file}, streaming. {@code stop} is asked now and then; when it says true, the read
     * ends with a {@link CancellationException}.
     */
    public static MessageTree read(Path file, BooleanSupplier stop) throws IOException {
        return read(new FileBytes(file, Files.size(file)), file.toString(), stop);
    }

    /** Reads a message held in memory. */
    public static MessageTree read(byte[] message, String description, BooleanSupplier stop) throws IOException {
        return read(new ArrayBytes(message.clone()), description, stop);
    }

    private static MessageTree read(Bytes bytes, String description, BooleanSupplier stop) throws IOException {
        MimeScanner.Part root;
        try (InputStream in = bytes.open(0, bytes.size())) {
            root = new MimeScanner(new LineReader(in, MimeScanner.HEADER_LINE_KEEP), stop, MAX_NODES, MAX_DEPTH)
                    .message();
        }
        if (bytes.size() == 0) {
            root.problem("the message is empty: no header, no body");
        }
        decodedSizes(root, bytes, stop);
        return new MessageTree(bytes, root.freeze(), bytes.size(), description);
    }

    /** Each leaf's size once decoded: counted by decoding it with Angus Mail, as a reader would, streaming. */
    private static void decodedSizes(MimeScanner.Part p, Bytes bytes, BooleanSupplier stop) throws IOException {
        for (MimeScanner.Part c : p.children) {
            decodedSizes(c, bytes, stop);
        }
        long encoded = p.bodyEnd - p.bodyStart;
        if (p.kind != MimeNode.Kind.LEAF || p.encoding == null || !DECODED.contains(p.encoding)) {
            boolean unknown = p.kind == MimeNode.Kind.LEAF && p.encoding != null && !DECODED.contains(p.encoding)
                    && !IDENTITY.contains(p.encoding);
            p.decodedSize = unknown ? -1 : encoded;
            return;
        }
        long n = 0;
        byte[] buf = new byte[COPY_BUFFER];
        try (InputStream in = decoder(bytes.open(p.bodyStart, p.bodyEnd), p.encoding)) {
            int r;
            while ((r = in.read(buf)) >= 0) {
                n += r;
                if (stop.getAsBoolean()) {
                    throw new CancellationException("reading the message was cancelled");
                }
            }
        } catch (IOException e) {
            p.problem("the " + p.encoding + " body cannot be decoded to its end (" + e.getMessage() + "): "
                    + String.format("%,d", n) + " bytes decoded before that");
        }
        p.decodedSize = n;
    }

    private static InputStream decoder(InputStream raw, String encoding) throws IOException {
        try {
            return MimeUtility.decode(new BufferedInputStream(raw, COPY_BUFFER), encoding);
        } catch (MessagingException e) {
            raw.close();
            throw new IOException(e.getMessage(), e);
        }
    }

    public MimeNode root() {
        return root;
    }

    /** The message's size in bytes. */
    public long size() {
        return size;
    }

    /** Where the message came from: a file name, or what the caller said. */
    public String description() {
        return description;
    }

    /** Every node, depth first, in message order. */
    public List<MimeNode> nodes() {
        return root.flatten();
    }

    /** Every problem of the message, each after the part it concerns ("part 1.2: ..."). */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (MimeNode n : nodes()) {
            for (String p : n.problems()) {
                out.add((n.number().isEmpty() ? "message" : "part " + n.number()) + ": " + p);
            }
        }
        return out;
    }

    /**
     * A part's content, at most {@code maxBytes} of it: a leaf decoded from its transfer encoding, and as text in
     * its charset when it is text; a multipart or message/rfc822 part as its body is in the message (boundaries and
     * inner headers included), read as UTF-8.
     */
    public PartContent content(MimeNode node, int maxBytes) throws IOException {
        List<String> notes = new ArrayList<>();
        boolean leaf = node.kind() == MimeNode.Kind.LEAF;
        boolean decode = decodes(node);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes, Math.max(0,
                node.encodedSize())) + 16);
        boolean more;
        InputStream raw = bytes.open(node.bodyStart(), node.bodyEnd());
        try (InputStream in = decode ? decoder(raw, node.transferEncoding()) : raw) {
            byte[] buf = new byte[Math.min(COPY_BUFFER, maxBytes + 1)];
            int r;
            while (out.size() < maxBytes && (r = in.read(buf, 0, Math.min(buf.length, maxBytes - out.size()))) >= 0) {
                out.write(buf, 0, r);
            }
            more = in.read() >= 0;
        } catch (IOException e) {
            // The file itself opened (a changed file fails before): the body is what cannot be read.
            notes.add("the " + node.transferEncoding() + " body cannot be decoded past byte " + out.size() + " ("
                    + e.getMessage() + ")");
            more = false;
        }
        byte[] data = out.toByteArray();
        if (leaf && node.transferEncoding() != null && !decode && !IDENTITY.contains(node.transferEncoding())) {
            notes.add("the encoding \"" + node.transferEncoding() + "\" is unknown: the bytes are shown as they are");
        }
        String text = null;
        String charset = null;
        if (!leaf) {
            text = decode(data, StandardCharsets.UTF_8, more, notes);
            charset = "UTF-8";
        } else if (node.isText()) {
            Charset cs = charsetOf(node, data, notes);
            charset = cs.name();
            text = decode(data, cs, more, notes);
        }
        return new PartContent(node, data, more, !leaf, text, charset, notes);
    }

    /** Whether a part's content is shown and saved decoded: a leaf in an encoding this reader undoes. */
    public static boolean decodes(MimeNode node) {
        return node.kind() == MimeNode.Kind.LEAF && node.transferEncoding() != null
                && DECODED.contains(node.transferEncoding());
    }

    /** A part's body as {@link #save} reads it: decoded when {@link #decodes} says so. */
    private InputStream body(MimeNode node) throws IOException {
        InputStream raw = bytes.open(node.bodyStart(), node.bodyEnd());
        if (!decodes(node)) {
            return raw;
        }
        try {
            return decoder(raw, node.transferEncoding());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Writes a part's whole content to {@code target}, as {@link #content} reads it but without a limit: a leaf
     * decoded from its transfer encoding (an unknown encoding: its bytes as they are), a multipart or message part
     * as its body is in the message. Written to a temporary file beside the target and moved over it, so a body that
     * cannot be decoded leaves no half-written file and an existing target untouched.
     *
     * @return the bytes written
     * @throws IOException when the body cannot be read or decoded (the message names the byte it stopped at), or
     *                     the target cannot be written
     */
    public long save(MimeNode node, Path target, BooleanSupplier stop) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".part-", ".tmp");
        long written = 0;
        try {
            try (InputStream in = body(node);
                 java.io.OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buf = new byte[COPY_BUFFER];
                int r;
                while (true) {
                    try {
                        r = in.read(buf);
                    } catch (IOException e) {
                        throw new IOException("the " + node.transferEncoding() + " body cannot be decoded past byte "
                                + written + " (" + e.getMessage() + "); nothing was saved", e);
                    }
                    if (r < 0) {
                        break;
                    }
                    if (stop.getAsBoolean()) {
                        throw new CancellationException("saving the part was cancelled");
                    }
                    out.write(buf, 0, r);
                    written += r;
                }
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return written;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The charset to read a text part in: the one it declares; without one, US-ASCII (RFC 2045 §5.2), or UTF-8 when
     * there are 8-bit bytes (what such a message almost always is). An unknown charset is read as UTF-8, and said.
     */
    private static Charset charsetOf(MimeNode node, byte[] data, List<String> notes) {
        String declared = node.charset();
        if (declared == null) {
            boolean eightBit = false;
            for (byte b : data) {
                if (b < 0) {
                    eightBit = true;
                    break;
                }
            }
            if (eightBit) {
                notes.add("no charset is declared, so it is US-ASCII (RFC 2045 §5.2), but there are 8-bit bytes:"
                        + " shown as UTF-8");
                return StandardCharsets.UTF_8;
            }
            return StandardCharsets.US_ASCII;
        }
        // The name as declared first: Angus's own mapping reads US-ASCII as ISO-8859-1, which would hide 8-bit bytes.
        for (String name : new String[] {declared.strip(), MimeUtility.javaCharset(declared.strip())}) {
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException e) {
                // An unknown or illegal name: try the next.
            }
        }
        notes.add("the charset \"" + declared + "\" is not known here: shown as UTF-8");
        return StandardCharsets.UTF_8;
    }

    /**
     * Bytes as text in {@code cs}. When {@code more} follows, a character cut at the end is left out rather than
     * shown as an error; bytes that are not valid in the charset are shown as U+FFFD, and said.
     */
    private static String decode(byte[] data, Charset cs, boolean more, List<String> notes) {
        try {
            return decodeWith(cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT), data, more);
        } catch (CharacterCodingException e) {
            notes.add("some bytes are not valid " + cs.name() + ": shown as \uFFFD");
            try {
                return decodeWith(cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE), data, more);
            } catch (CharacterCodingException impossible) {
                throw new IllegalStateException("a replacing decoder reported an error", impossible);
            }
        }
    }

    private static String decodeWith(CharsetDecoder d, byte[] data, boolean more) throws CharacterCodingException {
        ByteBuffer in = ByteBuffer.wrap(data);
        CharBuffer out = CharBuffer.allocate((int) (data.length * (double) d.maxCharsPerByte()) + 16);
        CoderResult r = d.decode(in, out, !more);
        if (r.isError()) {
            r.throwException();
        }
        if (!more) {
            r = d.flush(out);
            if (r.isError()) {
                r.throwException();
            }
        }
        return out.flip().toString();
    }

    /** Where the message's bytes are read from, again, for each part shown. */
    private interface Bytes {
        long size();

        /** The bytes from {@code from} to {@code to}. */
        InputStream open(long from, long to) throws IOException;
    }

    private record ArrayBytes(byte[] data) implements Bytes {
        @Override
        public long size() {
            return data.length;
        }

        @Override
        public InputStream open(long from, long to) {
            return new ByteArrayInputStream(data, (int) from, (int) (to - from));
        }
    }

    /** A message file; one that has changed since it was read is refused, since the offsets would be wrong. */
    private record FileBytes(Path file, long size) implements Bytes {
        @Override
        public InputStream open(long from, long to) throws IOException {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            try {
                if (ch.size() != size) {
                    throw new IOException("the file changed since it was read (" + ch.size() + " bytes, not " + size
                            + "): open it again");
                }
                ch.position(from);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return new Limited(Channels.newInputStream(ch), to - from);
        }
    }

    /** At most {@code left} bytes of a stream. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(Math.min(n, left));
            left -= s;
            return s;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), left);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
