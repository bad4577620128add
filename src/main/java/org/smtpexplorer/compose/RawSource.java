package org.smtpexplorer.compose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.smtpexplorer.transport.MessageSource;

/**
 * The raw-source view of a message: its exact bytes (bounded for display), and edited text turned back into a
 * message for deliberate experiments.
 */
public final class RawSource {
    /** Enough for headers and the start of the body; a 20 MiB message is not something to show in a text area. */
    public static final int DEFAULT_PREVIEW_BYTES = 256 * 1024;
    private static final String FIELD = "raw";

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

    /**
     * Edited source as a message.
     *
     * @param source   the bytes to send
     * @param problems what was changed or looks wrong; none of it stops sending, since breaking rules on purpose
     *                 is what editing the source is for
     */
    public record Edited(MessageSource source, List<Problem> problems) {
        public Edited {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Turns edited text into a message: UTF-8, every line end CRLF (a bare CR or LF cannot go through DATA, RFC
     * 5321 §2.3.8, and would differ between DATA and BDAT), ending with CRLF. Warns about what was normalised and
     * about lines over 998 octets.
     */
    public static Edited fromEditedText(String text) {
        List<Problem> p = new ArrayList<>();
        StringBuilder out = new StringBuilder(text.length() + 64);
        int bareLf = 0;
        int bareCr = 0;
        int lineNo = 1;
        int longLines = 0;
        int firstLong = 0;
        int lineStart = 0;
        int headerEnd = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean end = i == text.length();
            char c = end ? '\n' : text.charAt(i);
            if (c != '\r' && c != '\n') {
                continue;
            }
            if (end && lineStart == i) {
                break;
            }
            String line = text.substring(lineStart, i);
            if (line.getBytes(StandardCharsets.UTF_8).length > EncodingPolicy.MAX_LINE) {
                longLines++;
                firstLong = firstLong == 0 ? lineNo : firstLong;
            }
            if (headerEnd < 0 && line.isEmpty()) {
                headerEnd = out.length();
            }
            out.append(line).append("\r\n");
            if (!end) {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                } else if (c == '\r') {
                    bareCr++;
                } else {
                    bareLf++;
                }
            }
            lineStart = i + 1;
            lineNo++;
        }
        if (bareLf > 0 || bareCr > 0) {
            p.add(Problem.warning(FIELD, (bareLf > 0 ? bareLf + " bare LF" : "") + (bareLf > 0 && bareCr > 0
                    ? " and " : "") + (bareCr > 0 ? bareCr + " bare CR" : "") + " line end(s) became CRLF: a"
                    + " message has CRLF line ends only (RFC 5321 §2.3.8)"));
        }
        if (longLines > 0) {
            p.add(Problem.warning(FIELD, longLines + " line(s) are over " + EncodingPolicy.MAX_LINE + " octets,"
                    + " the first is line " + firstLong + "; servers may refuse or break them (RFC 5321"
                    + " §4.5.3.1.6)"));
        }
        String headers = headerEnd < 0 ? out.toString() : out.substring(0, headerEnd);
        if (headerEnd < 0) {
            p.add(Problem.warning(FIELD, "there is no empty line between the headers and the body, so all of it"
                    + " is read as headers"));
        }
        if (!headers.isEmpty() && !headers.matches("(?s)[!-9;-~]+:.*")) {
            p.add(Problem.warning(FIELD, "the first line is not a header field (Name: value)"));
        }
        if (!AddressAnalysis.isAscii(headers)) {
            p.add(Problem.info(FIELD, "the headers contain UTF-8, so the message needs SMTPUTF8 (RFC 6532)"));
        }
        return new Edited(MessageSource.of(out.toString().getBytes(StandardCharsets.UTF_8), "edited raw source"),
                p);
    }
}
