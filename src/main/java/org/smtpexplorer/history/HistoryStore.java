package org.smtpexplorer.history;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.smtpexplorer.AppData;
import org.smtpexplorer.transcript.SavedRequest;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.SessionJsonWriter;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.TranscriptExport;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SavedRequests;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.AtomicReplace;

/**
 * The session history in a folder: each session a {@link SavedSession} file ({@code session-N.json}, schema
 * "smtp-explorer-transcript/2", secrets redacted), and an index of one line per session ({@code index.tsv}) so that
 * listing 500 sessions reads one small file. The last {@link #LIMIT} are kept.
 *
 * <p>The window and any number of {@code smtpx} processes may write at once: a session file is written under a
 * temporary name and moved into place, and the index is read, changed and replaced whole (a temporary file moved
 * over it) while holding a lock on {@code index.lock} (a file lock between processes, a JVM lock between threads).
 * Readers take no lock: they see the index before or after a change, never half of one. A line that does not read,
 * a session whose file is gone, or a file the history did not write is skipped with a note, never a failure.
 */
public final class HistoryStore {
    /** Sessions kept; recording one more removes the oldest. */
    public static final int LIMIT = 500;
    /** Messages up to this size (1 MiB) are kept with their session; larger ones by size (and digest) alone. */
    public static final long MESSAGE_LIMIT = 1024L * 1024;
    /** The environment variable that turns the history off for smtpx ("off", "0", "false" or "no"). */
    public static final String ENV = "SMTPX_HISTORY";
    static final String INDEX = "index.tsv";
    static final String LOCK = "index.lock";
    static final String SETTINGS = "settings.properties";
    static final String HEADER = "smtp-explorer-history/1";
    /** FileLock is per process: threads of one JVM queue here first. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    private static final java.util.concurrent.atomic.AtomicLong PARTS = new java.util.concurrent.atomic.AtomicLong();

    private final Path dir;
    private final int limit;

    public HistoryStore(Path dir) {
        this(dir, LIMIT);
    }

    /** A store that keeps {@code limit} sessions (tests use a small one). */
    public HistoryStore(Path dir, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.dir = dir;
        this.limit = limit;
    }

    /** The history in the data folder. */
    public static HistoryStore inDataFolder() {
        return new HistoryStore(AppData.dataDir().resolve("history"));
    }

    public Path dir() {
        return dir;
    }

    /** What the folder holds: the sessions newest first, and a note for everything that was skipped. */
    public record Listing(List<HistoryEntry> entries, List<String> notes) {
        public Listing {
            entries = List.copyOf(entries);
            notes = List.copyOf(notes);
        }

        /** The entries that match {@code text} (all when it is blank). */
        public List<HistoryEntry> search(String text) {
            return entries.stream().filter(e -> e.matches(text)).toList();
        }

        public Optional<HistoryEntry> find(int number) {
            return entries.stream().filter(e -> e.number() == number).findFirst();
        }
    }

    /**
     * Whether sessions are recorded: not when {@link #ENV} says off, nor when the history's setting (the window's
     * check box, {@code smtpx history off}) does.
     */
    public boolean enabled(Map<String, String> env) {
        String v = env.get(ENV);
        if (v != null && List.of("off", "0", "false", "no").contains(v.strip().toLowerCase(java.util.Locale.ROOT))) {
            return false;
        }
        return !"false".equals(settings().getProperty("enabled"));
    }

    /** Whether the setting (not the environment) keeps the history on. */
    public boolean enabledSetting() {
        return !"false".equals(settings().getProperty("enabled"));
    }

    /** Turns recording on or off for the window and smtpx; kept in the history folder. */
    public void setEnabled(boolean on) throws IOException {
        Files.createDirectories(dir);
        Properties p = settings();
        p.setProperty("enabled", String.valueOf(on));
        Path tmp = partFile(SETTINGS);
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.ISO_8859_1)) {
            p.store(w, "SMTP Explorer session history");
        }
        AtomicReplace.move(tmp, dir.resolve(SETTINGS));
    }

    private Properties settings() {
        Properties p = new Properties();
        Path file = dir.resolve(SETTINGS);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                return new Properties(); // a damaged file leaves the history on, as without one
            }
        }
        return p;
    }

    /**
     * Records a session (its entries redacted in the file) and removes the oldest beyond the limit.
     *
     * @param source what ran it: "send", "replay" or "window"
     * @return its index entry
     */
    public HistoryEntry record(SavedSession session, String source) throws IOException {
        Files.createDirectories(dir);
        Path tmp = partFile("session");
        try {
            try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp),
                    StandardCharsets.UTF_8))) {
                SessionJsonWriter.write(session, w);
            }
            Facts facts = Facts.of(session);
            Outcome outcome = Outcome.of(session.entries());
            // No lambda here: each costs a cold JVM a class spun at run time.
            IN_PROCESS.lock();
            try (FileChannel channel = lockChannel(); FileLock lock = channel.lock()) {
                // Only the numbers are read here: parsing 500 times and dates costs a cold JVM tens of ms.
                RawIndex index = readRawIndex();
                int number = index.next;
                String file = "session-" + number + ".json";
                AtomicReplace.move(tmp, dir.resolve(file));
                HistoryEntry entry = new HistoryEntry(number, facts.time, source, facts.server, outcome,
                        session.messageSize() == null ? -1 : session.messageSize(), facts.from, facts.to, file);
                List<RawLine> kept = new ArrayList<>(index.lines);
                // The new number is the highest: the index stays in order, as it was unless edited by hand.
                kept.add(new RawLine(number, new String(entry.toLine().getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.ISO_8859_1)));
                if (!index.sorted) {
                    kept.sort(RAW_BY_NUMBER);
                }
                while (kept.size() > limit) {
                    String old = kept.remove(0).file();
                    if (old != null) {
                        Files.deleteIfExists(dir.resolve(old));
                    }
                }
                writeRawIndex(kept, number + 1);
                return entry;
            } finally {
                IN_PROCESS.unlock();
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Records a session from what it was asked to do: the request without its password, the message up to {@link
     * #MESSAGE_LIMIT} with its size (a larger one by its size alone). No SHA-256: the digest would cost a plain send
     * the start of Java's security providers, about 25 ms, and a kept message is its own proof.
     */
    public HistoryEntry record(List<TranscriptEntry> entries, SendRequest request, String source) throws IOException {
        MessageSource m = request.message();
        byte[] message = null;
        Long size = null;
        if (m != null) {
            size = m.size();
            if (m.size() <= MESSAGE_LIMIT) {
                try (InputStream in = m.open()) {
                    message = in.readNBytes((int) MESSAGE_LIMIT + 1);
                }
                size = (long) message.length;
                if (message.length > MESSAGE_LIMIT) {
                    message = null;
                }
            }
        }
        return record(new SavedSession(entries, SavedRequests.save(request), message, size, null), source);
    }

    /** Lists the history, newest first; never fails on what it finds in the folder (see {@link Listing#notes}). */
    public Listing list() throws IOException {
        Index index = readIndex();
        List<String> notes = new ArrayList<>(index.notes);
        List<HistoryEntry> out = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (HistoryEntry e : index.entries) {
            known.add(e.file());
            if (Files.isRegularFile(dir.resolve(e.file()))) {
                out.add(e);
            } else {
                notes.add("session #" + e.number() + ": its file " + e.file() + " is missing; skipped");
            }
        }
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path p : files) {
                    String name = p.getFileName().toString();
                    if (!known.contains(name) && !name.equals(INDEX) && !name.equals(LOCK) && !name.equals(SETTINGS)
                            && !name.endsWith(".part")) {
                        notes.add(name + " is not in the history's index (not written by it, or left by a session"
                                + " recorded as this was read); ignored");
                    }
                }
            }
        }
        out.sort(Comparator.comparingInt(HistoryEntry::number).reversed());
        return new Listing(out, notes);
    }

    /**
     * Reads a recorded session back (with Jackson: only reading needs it).
     *
     * @throws IOException naming the session and what is wrong with its file
     */
    public SavedSession load(HistoryEntry entry) throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(entry.file()))) {
            return TranscriptExport.readSession(in);
        } catch (NoSuchFileException e) {
            throw new IOException("session #" + entry.number() + ": its file " + entry.file() + " is missing", e);
        } catch (IOException e) {
            throw new IOException("session #" + entry.number() + " (" + entry.file() + ") cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** The file a session is kept in. */
    public Path fileOf(HistoryEntry entry) {
        return dir.resolve(entry.file());
    }

    /** Removes every recorded session; returns how many there were. Files the history did not write stay. */
    public int clear() throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        return locked(() -> {
            RawIndex index = readRawIndex();
            for (RawLine line : index.lines) {
                if (line.file() != null) {
                    Files.deleteIfExists(dir.resolve(line.file()));
                }
            }
            writeRawIndex(List.of(), index.next);
            return index.lines.size();
        });
    }

    /**
     * The number in a history reference: "@N" or "history:N" (N from 1); -1 when {@code text} is not one (a file
     * name, say).
     */
    public static int reference(String text) {
        String digits = text.startsWith("@") ? text.substring(1) : text.startsWith("history:")
                ? text.substring("history:".length()) : null;
        if (digits == null || !digits.matches("[0-9]{1,9}") || Integer.parseInt(digits) < 1) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    /** What the index says: its entries (the readable ones), the next number, and a note per unreadable line. */
    private record Index(List<HistoryEntry> entries, int next, List<String> notes) {
    }

    private Index readIndex() throws IOException {
        Path file = dir.resolve(INDEX);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Index(List.of(), 1, List.of());
        }
        List<HistoryEntry> entries = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // Line by line: a line that is not UTF-8 is skipped with a note, and the others still read. (Recording
        // passes lines on as bytes, unread: it must not cost the rest of the history its one bad line.)
        List<String> lines = new ArrayList<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        for (int start = 0, i = 0; i <= bytes.length; i++) {
            if (i < bytes.length && bytes[i] != '\n') {
                continue;
            }
            if (i == bytes.length && start == i) {
                break;
            }
            int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
            try {
                lines.add(utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString());
            } catch (CharacterCodingException e) {
                lines.add(null);
                notes.add(INDEX + " line " + lines.size() + " is not UTF-8 text; skipped");
            }
            start = i + 1;
        }
        int next = 1;
        int from = 0;
        if (!lines.isEmpty() && lines.get(0) != null && lines.get(0).startsWith(HEADER + "\t")) {
            String rest = lines.get(0).substring(HEADER.length() + 1);
            if (rest.matches("next=[0-9]{1,9}")) {
                next = Integer.parseInt(rest.substring(5));
            } else {
                notes.add(INDEX + " line 1: the header's next number does not read; counting on from the highest");
            }
            from = 1;
        } else if (!lines.isEmpty() && lines.get(0) != null) {
            notes.add(INDEX + " line 1: not the history's header (\"" + HEADER + "\"); reading on");
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i) == null || lines.get(i).isBlank()) {
                continue;
            }
            try {
                HistoryEntry e = HistoryEntry.parse(lines.get(i));
                if (!seen.add(e.number())) {
                    throw new IllegalArgumentException("number " + e.number() + " appears twice");
                }
                entries.add(e);
                next = Math.max(next, e.number() + 1);
            } catch (IllegalArgumentException e) {
                notes.add(INDEX + " line " + (i + 1) + " does not read (" + e.getMessage() + "); skipped");
            }
        }
        return new Index(entries, next, notes);
    }

    /**
     * An index line as written, its bytes as ISO-8859-1 characters (so it is written back exactly, whatever its
     * UTF-8), with its number (and its file, when the name is one the history writes).
     */
    private record RawLine(int number, String line) {
        String file() {
            int tab = line.lastIndexOf('\t');
            String name = tab < 0 ? "" : line.substring(tab + 1);
            return HistoryEntry.isFileName(name) ? name : null;
        }
    }

    /** The index's lines, {@code sorted} when their numbers rise, as the history writes them. */
    private record RawIndex(List<RawLine> lines, int next, boolean sorted) {
    }

    /**
     * The index's lines that start with a number, unparsed otherwise (list() notes any that do not read). Read as
     * bytes, one ISO-8859-1 character each, not decoded: a fresh JVM decoding 500 lines of UTF-8 and sorting them
     * took about 8 ms of a send.
     */
    private RawIndex readRawIndex() throws IOException {
        String text;
        try {
            text = new String(Files.readAllBytes(dir.resolve(INDEX)), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return new RawIndex(List.of(), 1, true);
        }
        int next = 1;
        int from = 0;
        if (text.startsWith(HEADER + "\tnext=")) {
            int end = text.indexOf('\n');
            String header = end < 0 ? text : text.substring(0, end);
            next = leadingNumber(stripCr(header.substring(HEADER.length() + 6)), next);
            from = end < 0 ? text.length() : end + 1;
        }
        List<RawLine> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        boolean sorted = true;
        int last = 0;
        while (from < text.length()) {
            int end = text.indexOf('\n', from);
            if (end < 0) {
                end = text.length();
            }
            String line = stripCr(text.substring(from, end));
            from = end + 1;
            int number = leadingNumber(line, -1);
            if (number > 0 && line.indexOf('\t') > 0 && seen.add(number)) {
                out.add(new RawLine(number, line));
                next = Math.max(next, number + 1);
                sorted &= number > last;
                last = number;
            }
        }
        return new RawIndex(out, next, sorted);
    }

    /** A line without the CR a CRLF line end leaves on it (an index edited elsewhere). */
    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** The decimal number {@code s} starts with (up to a tab or its end), or {@code otherwise}. */
    private static int leadingNumber(String s, int otherwise) {
        int end = s.indexOf('\t');
        String digits = end < 0 ? s : s.substring(0, end);
        if (digits.isEmpty() || digits.length() > 9) {
            return otherwise;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return otherwise;
            }
        }
        return Integer.parseInt(digits);
    }

    /** Writes the index: its header, then each line's bytes as they were read or made (ISO-8859-1 characters). */
    private void writeRawIndex(List<RawLine> lines, int next) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append("\tnext=").append(next).append('\n');
        for (RawLine line : lines) {
            sb.append(line.line()).append('\n');
        }
        Path tmp = partFile(INDEX);
        try {
            Files.write(tmp, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            AtomicReplace.move(tmp, dir.resolve(INDEX));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Oldest first; a class, not a lambda (see {@link #record(SavedSession, String)}). */
    private static final Comparator<RawLine> RAW_BY_NUMBER = new Comparator<>() {
        @Override
        public int compare(RawLine a, RawLine b) {
            return Integer.compare(a.number(), b.number());
        }
    };

    /**
     * A new file to write before moving it into place, named by process, time and a counter: {@code
     * Files.createTempFile} would start a SecureRandom, which a plain send has no other use for.
     */
    private Path partFile(String name) throws IOException {
        Path p = dir.resolve(name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-"
                + PARTS.incrementAndGet() + ".part");
        return Files.createFile(p);
    }

    private interface Work<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} holding the index lock, between threads and between processes. */
    private <T> T locked(Work<T> work) throws IOException {
        Files.createDirectories(dir);
        IN_PROCESS.lock();
        try (FileChannel channel = lockChannel(); FileLock lock = channel.lock()) {
            return work.run();
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private FileChannel lockChannel() throws IOException {
        return FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }



    /** What the index says of a session besides its outcome: when, where, and its envelope. */
    private record Facts(Instant time, String server, String from, List<String> to) {
        static Facts of(SavedSession s) {
            List<TranscriptEntry> entries = s.entries();
            Instant time = entries.isEmpty() ? Instant.now() : entries.get(0).time();
            TranscriptEntry.Connect connect = null;
            for (TranscriptEntry e : entries) {
                if (e instanceof TranscriptEntry.Connect c) {
                    connect = c;
                    break;
                }
            }
            SavedRequest r = s.request();
            String host = connect != null ? connect.host() : r != null ? r.host() : null;
            int port = connect != null ? connect.port() : r != null ? r.port() : 0;
            String server = host == null ? "(no connection)" : (host.contains(":") ? "[" + host + "]" : host)
                    + ":" + port;
            if (r == null && connect != null) {
                try {
                    r = SavedRequest.inferredFrom(entries);
                } catch (IllegalArgumentException e) {
                    r = null;
                }
            }
            return new Facts(time, server, r == null || r.from() == null ? "" : r.from(),
                    r == null ? List.of() : r.to());
        }
    }
}
