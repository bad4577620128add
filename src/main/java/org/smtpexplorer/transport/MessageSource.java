package org.smtpexplorer.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** A message file; scanned once for its traits, then streamed from disk. */
    static MessageSource of(Path file) throws IOException {
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
