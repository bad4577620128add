package org.smtpexplorer.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Message files for the hostile-server tests. */
final class Messages {
    /** Larger than what loopback socket buffers hold when the server stops reading. */
    static final int BIG = 40 * 1024 * 1024;

    private Messages() {
    }

    /** The ten-byte-body message most dialogues use: "Subject: abcdefghij", a blank line, "0123456789". */
    static Path small(Path dir) throws IOException {
        return Files.writeString(dir.resolve("small.eml"), "Subject: abcdefghij\r\n\r\n0123456789\r\n");
    }

    /** A message of about {@code size} bytes in 78-byte CRLF lines, written piece by piece. */
    static Path big(Path dir, int size) throws IOException {
        Path p = dir.resolve("big.eml");
        byte[] line = ("x".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write("Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int written = 0; written < size; written += line.length) {
                out.write(line);
            }
        }
        return p;
    }
}
