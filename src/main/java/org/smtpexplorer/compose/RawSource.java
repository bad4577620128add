package org.smtpexplorer.compose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The raw-source view of a message: its exact bytes, bounded for display.
 */
public final class RawSource {
    /** Enough for headers and the start of the body; a 20 MiB message is not something to show in a text area. */
    public static final int DEFAULT_PREVIEW_BYTES = 256 * 1024;

    private RawSource() {
    }

    /**
     * The first bytes of a message as text.
     *
     * @param text       the bytes decoded as UTF-8 (anything else shows as U+FFFD), cut at a character boundary
     * @param shownBytes how many bytes the text covers
     * @param totalBytes the size of the whole message
     */
    public record Preview(String text, long shownBytes, long totalBytes) {
        /** True when only the start is shown; editing a truncated view would lose the rest. */
        public boolean truncated() {
            return shownBytes < totalBytes;
        }
    }

    public static Preview preview(Path file, int maxBytes) throws IOException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, not " + maxBytes);
        }
        long total = Files.size(file);
        byte[] buf;
        try (InputStream in = Files.newInputStream(file)) {
            buf = in.readNBytes((int) Math.min(maxBytes, total));
        }
        int n = buf.length < total ? completeUtf8(buf) : buf.length;
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(buf, 0, n)).toString();
        return new Preview(text, n, total);
    }

    /** The length without a UTF-8 sequence cut off at the end. */
    private static int completeUtf8(byte[] b) {
        for (int back = 1; back <= Math.min(3, b.length); back++) {
            int x = b[b.length - back] & 0xff;
            if (x < 0x80) {
                return b.length;
            }
            if (x >= 0xc0) {
                int need = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : 2;
                return need > back ? b.length - back : b.length;
            }
        }
        return b.length;
    }
}
