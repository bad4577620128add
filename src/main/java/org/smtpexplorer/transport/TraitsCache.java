package org.smtpexplorer.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traits of message files, scanned in the background and kept for the same file: the same path, size, modification
 * time and file key (inode) give the same traits without reading the file again. A scan starts when the message is
 * chosen and runs while the session connects, greets, says EHLO, starts TLS and authenticates; it is waited for only
 * when the sending plan needs it, at MAIL.
 * <p>
 * File times are coarse (a few milliseconds here, two seconds on FAT), so a file rewritten with the same size just
 * after it was scanned can keep its modification time. As git does with its index, traits scanned while the file was
 * that recent are used once and not kept.
 * <p>
 * Beyond the process, a large file's traits are also kept on disk ({@link TraitsStore}): a later run that sends the
 * same unchanged file finds them there, in the background as a scan would run, and reads none of the file.
 * <p>
 * Plain threads and monitors rather than java.util.concurrent: a short command line pays for every class it loads.
 */
final class TraitsCache {
    private static final int ENTRIES = 16;
    /** Files this large are scanned in the background (a megabyte takes well under a millisecond). */
    private static final long IN_BACKGROUND_FROM = 1 << 20;
    private static final Map<List<Object>, Scan> SCANNED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Scan> eldest) {
            return size() > ENTRIES;
        }
    };

    private TraitsCache() {
    }

    /** One scan of a file, under way or done. */
    static final class Scan implements Runnable {
        private final Path file;
        private final List<Object> key;
        /** Where traits are kept between runs; null for a file scanned at once (small, or not to be kept). */
        private final TraitsStore store;
        private MessageTraits traits;
        private RuntimeException failure;

        private Scan(Path file, List<Object> key, TraitsStore store) {
            this.file = file;
            this.key = key;
            this.store = store;
        }

        @Override
        public void run() {
            MessageTraits found = null;
            RuntimeException failed = null;
            String identity = null;
            boolean scanned = false;
            try {
                identity = store == null ? null : TraitsStore.identity(file);
                found = identity == null ? null : store.find(identity);
                if (found == null) {
                    found = MessageTraits.scan(file);
                    scanned = true;
                }
            } catch (IOException e) {
                failed = new UncheckedIOException(e);
            } catch (RuntimeException e) {
                failed = e;
            } finally {
                if (found == null) {
                    forget(key, this);
                }
                synchronized (this) {
                    traits = found;
                    failure = found == null && failed == null ? new IllegalStateException("the scan failed")
                            : failed;
                    notifyAll();
                }
            }
            // After the session was told: it need not wait for the write.
            if (scanned && identity != null) {
                store.keep(identity, found);
            }
        }

        /** Waits for the scan; its failure, if it failed ({@link UncheckedIOException} when the file was unreadable). */
        synchronized MessageTraits traits() {
            boolean interrupted = false;
            while (traits == null && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    // The scan takes a moment and cannot hang: finish waiting, and keep the interrupt for the caller.
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return traits;
        }
    }

    /**
     * The traits of {@code file}, as found by a scan under way or done, or by one started now. A small file is
     * scanned at once, in less time than a thread takes to start; its failure to be read is thrown here.
     */
    static Scan traits(Path file, BasicFileAttributes attributes) throws IOException {
        if (attributes.size() < IN_BACKGROUND_FROM) {
            Scan scan = new Scan(file, null, null);
            scan.run();
            if (scan.failure instanceof UncheckedIOException e) {
                throw e.getCause();
            }
            return scan;
        }
        // A file that cannot be opened is refused now, as when the scan ran before returning.
        FileChannel.open(file, StandardOpenOption.READ).close();
        List<Object> key = Arrays.asList(file.toAbsolutePath().normalize(), attributes.size(),
                attributes.lastModifiedTime(), attributes.fileKey());
        boolean racy = System.currentTimeMillis() - attributes.lastModifiedTime().toMillis()
                < TraitsStore.RACY_MILLIS;
        Scan scan = new Scan(file, key, racy ? null : TraitsStore.inDataFolder());
        if (!racy) {
            synchronized (SCANNED) {
                Scan known = SCANNED.putIfAbsent(key, scan);
                if (known != null) {
                    return known;
                }
            }
        }
        Thread scanner = new Thread(scan, "smtpx-traits-scan");
        scanner.setDaemon(true);
        scanner.start();
        return scan;
    }

    private static void forget(List<Object> key, Scan scan) {
        if (key == null) {
            return;
        }
        synchronized (SCANNED) {
            SCANNED.remove(key, scan);
        }
    }
}
