package org.smtpexplorer.compose;

import jakarta.activation.DataSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An attachment read from disk each time the message is written, so it is never held in memory. Unlike
 * jakarta.activation's FileDataSource it carries the type the composer chose instead of asking a FileTypeMap.
 */
final class FileSource implements DataSource {
    private final Path file;
    private final String contentType;

    FileSource(Path file, String contentType) {
        this.file = file;
        this.contentType = contentType;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        throw new IOException("an attachment is read-only: " + file);
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public String getName() {
        return file.getFileName().toString();
    }
}
