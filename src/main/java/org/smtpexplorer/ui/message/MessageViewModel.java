package org.smtpexplorer.ui.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.smtpexplorer.mime.HeaderField;
import org.smtpexplorer.mime.MessageTree;
import org.smtpexplorer.mime.MimeNode;
import org.smtpexplorer.mime.PartContent;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SentMessage;
import org.smtpexplorer.ui.common.Tasks;

/**
 * The message view's state: which message is shown (the one the session sent, or an .eml file), its MIME tree,
 * the part selected, that part's properties, headers and content. Messages and parts are read on the worker; a
 * newer read stops an older one, and only the FX thread writes the properties.
 */
public final class MessageViewModel {
    /** Decoded bytes of a text part shown at most: enough to read, small enough for a text area. */
    static final int TEXT_LIMIT = 128 * 1024;
    /** Bytes of a binary part shown as hex. */
    static final int HEX_LIMIT = 4 * 1024;
    /** A message that is not a file is read into memory: up to this size. */
    static final int MEMORY_LIMIT = 64 * 1024 * 1024;
    static final String NOTHING_YET = "No message yet: send one (Run to end) or open an .eml file";

    /** One property of a part, for the Part tab. */
    public record Row(String name, String value) {
    }

    /**
     * One header field: its name, its value decoded, and its bytes as they are in the message (escaped, CR and LF
     * shown, a line break after each LF: one line per folded line).
     */
    public record HeaderRow(String name, String decoded, String raw) {
    }

    /**
     * A part's content as shown.
     *
     * @param note what it is and how it was read (decoded from base64, read as ISO-8859-1, cut at 128 KiB...)
     * @param text the text, escaped so nothing in it can hide or reorder text; or a hex dump
     * @param hex  the text is a hex dump (shown in a fixed-width font, not wrapped)
     */
    public record Shown(String note, String text, boolean hex) {
    }

    private final Tasks tasks;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong contentReads = new AtomicLong();
    private final ReadOnlyObjectWrapper<MessageTree> tree = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(NOTHING_YET);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<MimeNode> selected = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Row> properties = FXCollections.observableArrayList();
    private final ObservableList<HeaderRow> headers = FXCollections.observableArrayList();
    private final ObservableList<Row> propertiesView = FXCollections.unmodifiableObservableList(properties);
    private final ObservableList<HeaderRow> headersView = FXCollections.unmodifiableObservableList(headers);
    private final ReadOnlyObjectWrapper<Shown> content = new ReadOnlyObjectWrapper<>(new Shown("", "", false));
    private final ReadOnlyBooleanWrapper hasSent = new ReadOnlyBooleanWrapper(false);
    private SentMessage lastSent;

    /** @param tasks a worker for reading messages (one of its own: a large message must not hold up a session) */
    public MessageViewModel(Tasks tasks) {
        this.tasks = tasks;
    }

    public ReadOnlyObjectProperty<MessageTree> treeProperty() {
        return tree.getReadOnlyProperty();
    }

    /** What is shown and what became of the last read: "Sent in this session by BDAT: ...", or why it failed. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True once a session has sent a message, which {@link #showLastSent()} shows again. */
    public ReadOnlyBooleanProperty hasSentProperty() {
        return hasSent.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<MimeNode> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected part's properties. */
    public ObservableList<Row> properties() {
        return propertiesView;
    }

    /** The selected part's header fields. */
    public ObservableList<HeaderRow> headers() {
        return headersView;
    }

    /** The selected part's content. */
    public ReadOnlyObjectProperty<Shown> contentProperty() {
        return content.getReadOnlyProperty();
    }

    private boolean showing = true;
    private boolean sentWhileHidden;

    /** Shows the message a session sent: called on the FX thread when one is sent. */
    public void showSent(SentMessage sent) {
        lastSent = sent;
        hasSent.set(sent != null);
        if (sent != null) {
            if (showing) {
                showLastSent();
            } else {
                // Read when the view is shown: a hidden view that reads (and lays out) every message sent costs the
                // window its pulses for nothing; a 100 MiB send made a 50 ms layout of a hidden text area.
                sentWhileHidden = true;
            }
        }
    }

    /**
     * Whether the view is on screen (its tab selected). A message sent while it is hidden is read when it is shown;
     * one shown before the window said (the default) is read at once.
     */
    public void setShowing(boolean showing) {
        this.showing = showing;
        if (showing && sentWhileHidden) {
            sentWhileHidden = false;
            showLastSent();
        }
    }

    /** Shows the last message sent again, after an .eml file was looked at. */
    public void showLastSent() {
        SentMessage sent = lastSent;
        if (sent == null) {
            return;
        }
        MessageSource source = sent.source();
        String origin = "Sent in this session by " + sent.transfer() + (sent.bareLineEndsSentAsCrlf() > 0
                ? " (its " + String.format("%,d", sent.bareLineEndsSentAsCrlf()) + " bare line ends went out as"
                + " CRLF: " + String.format("%,d", sent.wireSize()) + " bytes on the wire)" : "");
        read(origin, stop -> {
            Path file = source.file().orElse(null);
            if (file != null) {
                return MessageTree.read(file, stop);
            }
            if (source.size() > MEMORY_LIMIT) {
                throw new IOException("the message is " + String.format("%,d", source.size()) + " bytes and not in"
                        + " a file: only messages up to " + MEMORY_LIMIT / (1024 * 1024) + " MiB are read into"
                        + " memory to be shown");
            }
            try (InputStream in = source.open()) {
                return MessageTree.read(in.readNBytes(MEMORY_LIMIT), source.description(), stop);
            }
        });
    }

    /** Shows a message file (an .eml a user opened). */
    public void open(Path file) {
        read(String.valueOf(file.getFileName()), stop -> MessageTree.read(file, stop));
    }

    @FunctionalInterface
    private interface Reader {
        MessageTree read(BooleanSupplier stop) throws IOException;
    }

    private void read(String origin, Reader reader) {
        long mine = reads.incrementAndGet();
        BooleanSupplier stop = () -> reads.get() != mine || Thread.currentThread().isInterrupted();
        busy.set(true);
        status.set(origin + ": reading...");
        tasks.run(() -> {
            try {
                return (Object) reader.read(stop);
            } catch (CancellationException e) {
                return e;
            } catch (IOException | RuntimeException e) {
                return new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
            }
        }, result -> {
            if (reads.get() != mine) {
                return; // a newer read is under way
            }
            busy.set(false);
            if (result instanceof MessageTree t) {
                tree.set(t);
                status.set(origin + ": " + summary(t));
                select(t.root());
            } else if (result instanceof IOException e) {
                tree.set(null);
                clearSelection();
                status.set(origin + ": cannot be read: " + Printable.escape(e.getMessage()));
            }
        }, t -> {
            if (reads.get() == mine) {
                busy.set(false);
                tree.set(null);
                clearSelection();
                status.set(origin + ": cannot be read: " + t);
            }
        });
    }

    /**
     * A name to offer when the selected part is saved: the part's own file name with any folder left out and
     * characters no file system takes replaced, else "part-2.txt" and the like; "message.eml" for the whole message.
     */
    public String suggestedFileName() {
        MimeNode node = selected.get();
        if (node == null || node.number().isEmpty()) {
            return "message.eml";
        }
        String name = node.fileName();
        if (name != null) {
            name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
                    .replaceAll("[\\p{Cntrl}<>:\"|?*]", "_").strip();
            if (!name.isEmpty() && !name.equals(".") && !name.equals("..")) {
                return name;
            }
        }
        String ext = node.kind() != MimeNode.Kind.LEAF ? ".eml" : node.contentType().equals("text/html") ? ".html"
                : node.isText() ? ".txt" : ".bin";
        return "part-" + node.number() + ext;
    }

    /**
     * Saves the selected part's whole content (decoded, as the Content tab shows it, but all of it) to {@code
     * target}; the status says what was written, or why nothing was.
     */
    public void saveSelected(Path target) {
        MessageTree t = tree.get();
        MimeNode node = selected.get();
        if (t == null || node == null) {
            return;
        }
        String what = node.number().isEmpty() ? "the message" : "part " + node.number();
        status.set("Saving " + what + " to " + target + "...");
        tasks.run(() -> t.save(node, target, () -> Thread.currentThread().isInterrupted()),
                n -> status.set("Saved " + what + " (" + String.format("%,d", n) + " bytes"
                        + (MessageTree.decodes(node) ? ", decoded from " + node.transferEncoding() : "") + ") to "
                        + target),
                e -> status.set("Could not save " + what + " to " + target + ": "
                        + Printable.escape(String.valueOf(e.getMessage()))));
    }

    private void clearSelection() {
        selected.set(null);
        properties.clear();
        headers.clear();
        content.set(new Shown("", "", false));
    }

    /** Selects a part of the tree shown: its properties and headers at once, its content once read. */
    public void select(MimeNode node) {
        MessageTree t = tree.get();
        if (node == null || t == null) {
            clearSelection();
            return;
        }
        selected.set(node);
        properties.setAll(describe(node, t));
        headers.setAll(headerRows(node));
        content.set(new Shown("Reading...", "", false));
        long mine = contentReads.incrementAndGet();
        int limit = node.isText() || node.kind() != MimeNode.Kind.LEAF ? TEXT_LIMIT : HEX_LIMIT;
        tasks.run(() -> show(t.content(node, limit)), shown -> {
            if (contentReads.get() == mine) {
                content.set(shown);
            }
        }, e -> {
            if (contentReads.get() == mine) {
                content.set(new Shown("Cannot read this part: " + Printable.escape(String.valueOf(e.getMessage())),
                        "", false));
            }
        });
    }

    // ---- what is shown, as pure functions of the model

    /**
     * "multipart/mixed, 3 parts (4 bodies in all), 56,193 bytes; 1 problem (marked ⚠)", for the status line: the
     * parts are the message's own, the bodies every leaf of the tree (those of nested multiparts too).
     */
    static String summary(MessageTree t) {
        MimeNode root = t.root();
        long bodies = t.nodes().stream().filter(n -> n.kind() == MimeNode.Kind.LEAF).count();
        int parts = root.children().size() + root.hiddenParts();
        String structure = root.kind() != MimeNode.Kind.MULTIPART ? ""
                : parts + (parts == 1 ? " part" : " parts") + (bodies == parts ? "" : " (" + bodies
                + (bodies == 1 ? " body" : " bodies") + " in all)") + ", ";
        int problems = t.problems().size();
        return Printable.escape(root.contentType()) + ", " + structure + String.format("%,d", t.size()) + " bytes"
                + (problems == 0 ? "" : "; " + problems + (problems == 1 ? " problem" : " problems")
                + " (marked \u26a0)");
    }

    /** A tree line: "2  application/pdf  "報告書.pdf"  base64  150 KiB (205 KiB encoded)". */
    public static String label(MimeNode n) {
        StringBuilder sb = new StringBuilder(n.number().isEmpty() ? "message" : n.number());
        sb.append("  ").append(Printable.escape(n.contentType()));
        if (n.fileName() != null) {
            sb.append("  \"").append(Printable.escape(n.fileName())).append('"');
        }
        String subject = n.header("Subject");
        if (subject != null) {
            sb.append("  \"").append(Printable.escape(shorten(subject, 60))).append('"');
        }
        if (n.kind() == MimeNode.Kind.MULTIPART) {
            int parts = n.children().size() + n.hiddenParts();
            sb.append("  ").append(parts).append(parts == 1 ? " part" : " parts");
        } else if (n.kind() == MimeNode.Kind.LEAF) {
            sb.append("  ").append(Printable.escape(n.effectiveEncoding())).append("  ")
                    .append(human(n.decodedSize() < 0 ? n.encodedSize() : n.decodedSize()));
            if (n.decodedSize() >= 0 && n.decodedSize() != n.encodedSize()) {
                sb.append(" (").append(human(n.encodedSize())).append(" encoded)");
            }
        }
        if (!n.problems().isEmpty()) {
            sb.append("  \u26a0 ").append(n.problems().size());
        }
        return sb.toString();
    }

    private static String shorten(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int cut = Character.isHighSurrogate(s.charAt(max - 2)) ? max - 2 : max - 1;
        return s.substring(0, cut) + "\u2026";
    }

    /** "812 bytes", "12.4 KiB", "1.5 MiB". */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format("%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static String exact(long bytes) {
        return String.format("%,d", bytes) + (bytes == 1 ? " byte" : " bytes");
    }

    /** The Part tab: what the part is, how it is encoded, how big, and what is wrong with it. */
    static List<Row> describe(MimeNode n, MessageTree t) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("Part", n.number().isEmpty() ? "the message itself" : n.number()
                + " (its place in the tree)"));
        rows.add(new Row("Content type", Printable.escape(n.contentType()) + (n.typeGiven() ? ""
                : " (no Content-Type: the default here, RFC 2045 §5.2" + (n.contentType().equals("message/rfc822")
                ? " and RFC 2046 §5.1.5 for a digest" : "") + ")")));
        if ((n.kind() == MimeNode.Kind.LEAF && n.isText()) || n.charset() != null) {
            rows.add(new Row("Charset", n.charset() == null ? "none given (US-ASCII, RFC 2045 §5.2)"
                    : Printable.escape(n.charset())));
        }
        rows.add(new Row("Transfer encoding", n.transferEncoding() == null ? "none given (7bit, RFC 2045 §6.1)"
                : Printable.escape(n.transferEncoding())));
        if (n.disposition() != null) {
            rows.add(new Row("Disposition", Printable.escape(n.disposition())));
        }
        if (n.fileName() != null) {
            rows.add(new Row("File name", "\"" + Printable.escape(n.fileName()) + "\" (" + n.fileNameEncoding()
                    + ")"));
        }
        if (n.contentId() != null) {
            rows.add(new Row("Content-ID", Printable.escape(n.contentId())));
        }
        if (n.boundary() != null && n.kind() == MimeNode.Kind.MULTIPART) {
            rows.add(new Row("Boundary", "\"" + Printable.escape(n.boundary()) + "\""));
        }
        if (n.kind() == MimeNode.Kind.MULTIPART) {
            rows.add(new Row("Parts", n.children().size() + (n.hiddenParts() > 0 ? " listed, " + String.format("%,d",
                    n.hiddenParts()) + " more not listed" : "")));
        }
        String sizes = "header " + exact(n.headerSize()) + ", body " + exact(n.encodedSize());
        if (n.kind() == MimeNode.Kind.LEAF) {
            sizes += n.decodedSize() < 0 ? ", cannot be decoded (unknown encoding)"
                    : n.decodedSize() == n.encodedSize() ? " (as it is: nothing to decode)"
                    : " as sent, " + exact(n.decodedSize()) + " decoded";
        }
        rows.add(new Row("Size", sizes));
        rows.add(new Row("Where", "bytes " + String.format("%,d", n.start()) + " to " + String.format("%,d",
                n.bodyEnd()) + " of " + String.format("%,d", t.size())));
        for (String p : n.problems()) {
            rows.add(new Row("\u26a0 Problem", Printable.escape(p)));
        }
        return rows;
    }

    /** The Headers tab: each field decoded and as its bytes are, with line ends shown. */
    static List<HeaderRow> headerRows(MimeNode n) {
        List<HeaderRow> rows = new ArrayList<>();
        for (HeaderField h : n.headers()) {
            byte[] raw = h.raw();
            // Folding leaves a tab or spaces in the value (RFC 5322 §2.2.3): read as one space; the raw keeps them.
            String raws = Printable.escapeBytes(raw, 0, raw.length, true, "\n");
            rows.add(new HeaderRow(Printable.escape(h.name()), Printable.escape(h.decoded().replace('\t', ' ')),
                    raws.endsWith("\n") ? raws.substring(0, raws.length() - 1) : raws));
        }
        return rows;
    }

    /** A part's content as shown: text escaped, or a hex dump, with a note on how it was read. */
    static Shown show(PartContent c) {
        MimeNode n = c.node();
        List<String> notes = new ArrayList<>();
        byte[] bytes = c.bytes();
        if (c.raw()) {
            notes.add("The body as it is in the message (boundaries and inner headers included), read as UTF-8");
        } else if (c.text() != null) {
            String decoded = n.transferEncoding() == null || n.decodedSize() == n.encodedSize() ? ""
                    : "decoded from " + n.transferEncoding() + ", ";
            notes.add(capitalise(decoded + "read as " + c.charset()));
        } else {
            notes.add(capitalise((n.decodedSize() < 0 ? "" : exact(n.decodedSize()) + " decoded; ")
                    + "not text, so the first " + exact(Math.min(bytes.length, HEX_LIMIT)) + " as hex"));
        }
        if (c.truncated() && c.text() != null) {
            notes.add("only the first " + human(bytes.length) + " of " + human(c.raw() ? n.encodedSize()
                    : n.decodedSize()) + " are shown");
        }
        for (String note : c.notes()) {
            notes.add(Printable.escape(note));
        }
        String note = String.join("; ", notes);
        if (c.text() != null) {
            return new Shown(note, Printable.escapeKeepingLines(c.text()), false);
        }
        return new Shown(note, hexDump(bytes), true);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** "0000  25 50 44 46 ...  %PDF...": 16 bytes a line, offset, hex, and the printable ASCII. */
    static String hexDump(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 4 + 16);
        for (int i = 0; i < b.length; i += 16) {
            sb.append(i == 0 ? "" : "\n").append(String.format("%04x ", i));
            StringBuilder ascii = new StringBuilder(16);
            for (int j = i; j < i + 16; j++) {
                if (j < b.length) {
                    int c = b[j] & 0xff;
                    sb.append(String.format(" %02x", c));
                    ascii.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
                } else {
                    sb.append("   ");
                }
            }
            sb.append("  ").append(ascii);
        }
        return sb.toString();
    }
}
