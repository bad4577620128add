package org.smtpexplorer.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Traits of message files, scanned in the background and kept for the same file: the same path, size, modification
 * time and file key (inode) give the same traits without reading the file again. A scan starts when the message is
 * chosen and runs while the session connects, greets, says EHLO, starts TLS and authenticates; it is waited for only
 * when the sending plan needs it, at MAIL.
 * <p>
 * File times are coarse (a few milliseconds here, two seconds on FAT), so a file rewritten with the same size just
 * after it was scanned can keep its modification time. As git does with its index, traits scanned while the file was
 * that recent are used once and not kept.
 */
final class TraitsCache {
    private static final int ENTRIES = 16;
    private static final long RACY_MILLIS = 2_000;
    private static final Map<Key, CompletableFuture<MessageTraits>> SCANNED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, CompletableFuture<MessageTraits>> eldest) {
            return size() > ENTRIES;
        }
    };

    private record Key(Path file, long size, FileTime modified, Object fileKey) {
    }

    private TraitsCache() {
    }

    /** The traits of {@code file}, as found by a scan under way or done, or by one started now. */
    static CompletableFuture<MessageTraits> traits(Path file, BasicFileAttributes attributes) {
        Key key = new Key(file.toAbsolutePath().normalize(), attributes.size(), attributes.lastModifiedTime(),
                attributes.fileKey());
        synchronized (SCANNED) {
            CompletableFuture<MessageTraits> known = SCANNED.get(key);
            if (known != null) {
                return known;
            }
        }
        boolean racy = System.currentTimeMillis() - attributes.lastModifiedTime().toMillis() < RACY_MILLIS;
        CompletableFuture<MessageTraits> scan = new CompletableFuture<>();
        if (!racy) {
            synchronized (SCANNED) {
                CompletableFuture<MessageTraits> known = SCANNED.putIfAbsent(key, scan);
                if (known != null) {
                    return known;
                }
            }
        }
        Thread scanner = new Thread(() -> {
            try {
                scan.complete(MessageTraits.scan(file));
            } catch (IOException e) {
                forget(key, scan);
                scan.completeExceptionally(new UncheckedIOException(e));
            } catch (RuntimeException | Error e) {
                forget(key, scan);
                scan.completeExceptionally(e);
            }
        }, "smtpx-traits-scan");
        scanner.setDaemon(true);
        scanner.start();
        return scan;
    }

    private static void forget(Key key, CompletableFuture<MessageTraits> scan) {
        synchronized (SCANNED) {
            SCANNED.remove(key, scan);
        }
    }
}
