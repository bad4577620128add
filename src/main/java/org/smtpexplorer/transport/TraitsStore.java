package org.smtpexplorer.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.smtpexplorer.AppData;
import org.smtpexplorer.AtomicReplace;

/**
 * Traits of large message files kept on disk from one run to the next, so that sending the same file again (smtpx
 * once per run, as a person tries a server again and again) does not read all of it again before MAIL. A cache: the
 * file {@code traits-cache} in the data folder, one line per file, the newest first, at most {@link #ENTRIES};
 * deleting it costs one scan per file.
 * <p>
 * A file is the one scanned when its path, size, modification time, change time, device and inode are all as they
 * were. The change time (ctime) is what makes this safe: the system sets it at every write and every change of the
 * file's times, and no program can set it back, so a file rewritten and given its old modification time again
 * (as {@code cp -p} or {@code touch -d} do) is still told apart. Where the file system gives no change time (no
 * "unix" attribute view, as on Windows) nothing is kept. A file changed in the two seconds before its scan is not
 * kept either: file times are coarse (a clock tick), and a rewrite in the same tick keeps them.
 * <p>
 * Plain text rather than JSON, read and written without Jackson: a short command line pays for every class it loads.
 */
final class TraitsStore {
    /** Files kept, the most recently scanned or found first. */
    static final int ENTRIES = 64;
    /** A file changed this recently before its scan could be rewritten in the same clock tick. */
    static final long RACY_MILLIS = 2_000;
    private static final String HEADER = "# SMTP Explorer: traits of message files already scanned (a cache: delete"
            + " it at will)";
    private static final int FIELDS = 12;

    private final Path file;

    TraitsStore(Path file) {
        this.file = file;
    }

    /** The store in the data folder. */
    static TraitsStore inDataFolder() {
        return new TraitsStore(AppData.dataDir().resolve("traits-cache"));
    }

    /**
     * What identifies {@code message} as this store keys it, read now: null where it cannot be kept (no change time
     * on this file system, a path with a tab or a line end, or a file changed in the last {@link #RACY_MILLIS}).
     */
    static String identity(Path message) throws IOException {
        return identity(message, System.currentTimeMillis());
    }

    /** As {@link #identity(Path)}, at {@code nowMillis}. */
    static String identity(Path message, long nowMillis) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(message, "unix:size,lastModifiedTime,ctime,dev,ino");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
        String path = message.toAbsolutePath().normalize().toString();
        if (path.indexOf('\t') >= 0 || path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
            return null;
        }
        FileTime modified = (FileTime) a.get("lastModifiedTime");
        FileTime changed = (FileTime) a.get("ctime");
        long newest = Math.max(modified.toMillis(), changed.toMillis());
        if (nowMillis - newest < RACY_MILLIS) {
            return null;
        }
        return a.get("size") + "\t" + modified.to(TimeUnit.NANOSECONDS) + "\t" + changed.to(TimeUnit.NANOSECONDS)
                + "\t" + a.get("dev") + "\t" + a.get("ino") + "\t" + path;
    }

    /** The traits kept for {@code identity}, or null when none are (or the store cannot be read). */
    synchronized MessageTraits find(String identity) {
        for (String line : lines()) {
            String[] f = line.split("\t", FIELDS);
            if (f.length == FIELDS && identityOf(f).equals(identity)) {
                try {
                    return new MessageTraits(f[5].equals("1"), f[6].equals("1"), f[7].equals("1"),
                            Long.parseLong(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * Keeps {@code traits} for {@code identity}, first, in place of any older line for the same path. A store that
     * cannot be written is left as it is: the next run scans again.
     */
    synchronized void keep(String identity, MessageTraits traits) {
        String path = identity.substring(identity.lastIndexOf('\t') + 1);
        List<String> kept = new ArrayList<>();
        kept.add(HEADER);
        String[] id = identity.split("\t", 6);
        kept.add(id[0] + "\t" + id[1] + "\t" + id[2] + "\t" + id[3] + "\t" + id[4] + "\t" + bit(traits.eightBit())
                + "\t" + bit(traits.binary()) + "\t" + bit(traits.nonAsciiHeaders()) + "\t" + traits.longestLine()
                + "\t" + traits.bareLf() + "\t" + traits.bareCr() + "\t" + path);
        for (String line : lines()) {
            String[] f = line.split("\t", FIELDS);
            if (kept.size() <= ENTRIES && f.length == FIELDS && !f[11].equals(path)) {
                kept.add(line);
            }
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "traits-cache", ".tmp");
            try {
                Files.write(tmp, kept, StandardCharsets.UTF_8);
                AtomicReplace.move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | UncheckedIOException e) {
            // A cache: without it, the next run scans the file again.
        }
    }

    private static String identityOf(String[] f) {
        return f[0] + "\t" + f[1] + "\t" + f[2] + "\t" + f[3] + "\t" + f[4] + "\t" + f[11];
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }

    /** The store's lines after its header; none when it is missing or cannot be read. */
    private List<String> lines() {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return all.isEmpty() || !all.get(0).startsWith("#") ? all : all.subList(1, all.size());
        } catch (IOException | UncheckedIOException e) {
            // Missing, unreadable or not UTF-8: nothing is known.
            return List.of();
        }
    }
}
