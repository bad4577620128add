package org.smtpexplorer.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** A message to send, read as a stream as often as needed; its size and traits are known before sending. */
public interface MessageSource {
    long size();

    InputStream open() throws IOException;

    MessageTraits traits();

    String description();

    static MessageSource of(byte[] bytes, String description) {
        byte[] copy = bytes.clone();
        MessageTraits traits;
        try {
            traits = MessageTraits.scan(new ByteArrayInputStream(copy));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MessageSource() {
            @Override
            public long size() {
                return copy.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(copy);
            }

            @Override
            public MessageTraits traits() {
                return traits;
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    /**
     * The file these bytes are, unchanged, when there is one: on a plain connection its chunks can go from the page
     * cache to the socket without passing through the JVM (sendfile).
     */
    default Optional<Path> file() {
        return Optional.empty();
    }

    /**
     * A message file, streamed from disk. The traits of a large one are scanned in the background from now on (or
     * known from an earlier scan of the same unchanged file), and {@link #traits()} waits for the scan: the session
     * connects meanwhile and needs them only at MAIL. A file that is missing or cannot be opened fails here; one
     * whose reading fails later, when its traits are asked for ({@link UncheckedIOException}).
     */
    static MessageSource of(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            return streamed(file);
        }
        long size = attributes.size();
        TraitsCache.Scan traits = TraitsCache.traits(file, attributes);
        return new MessageSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public MessageTraits traits() {
                return traits.traits();
            }

            @Override
            public String description() {
                return file.toString();
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }
        };
    }

    /** Something other than a regular file (a device, a pipe): scanned as it is read, at once, as before. */
    private static MessageSource streamed(Path file) throws IOException {
        long size = Files.size(file);
        MessageTraits traits;
        try (InputStream in = Files.newInputStream(file)) {
            traits = MessageTraits.scan(in);
        }
        return new MessageSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public MessageTraits traits() {
                return traits;
            }

            @Override
            public String description() {
                return file.toString();
            }
        };
    }
}
