package org.smtpexplorer.transcript;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Exports and imports. Secrets are redacted unless the caller passes {@code reveal = true} on purpose.
 *
 * <p>JSON schema "smtp-explorer-transcript/1": an object {@code {"schema": ..., "entries": [...]}}; each entry has
 * seq, time (ISO-8601), kind (CONNECT, CLIENT, SERVER, PAYLOAD, TLS, NOTE, ERROR), text, and where they apply raw
 * (base64), secretFrom, flight, verb, code, enhanced, latencyMicros, bytes, details (string map).
 */
public final class TranscriptExport {
    public static final String SCHEMA = "smtp-explorer-transcript/1";

    /**
     * The mapper, built on first use: Jackson costs about 470 classes and 0.2 s on a cold JVM, which a plain
     * {@code smtpx send} that only prints {@link #textLine} lines must not pay.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private TranscriptExport() {
    }

    /** The document written to and read from JSON. */
    public record Document(String schema, List<TranscriptEntry> entries) {
    }

    public static String toText(List<TranscriptEntry> entries, boolean reveal) {
        StringBuilder sb = new StringBuilder();
        for (TranscriptEntry e : entries) {
            sb.append(textLine(reveal ? e : e.redacted())).append('\n');
        }
        return sb.toString();
    }

    /**
     * One entry as lines with "C: ", "S: " and "* " prefixes. Every piece of text is escaped, so a server cannot
     * forge a client line or a note by embedding line breaks or control characters.
     */
    public static String textLine(TranscriptEntry e) {
        return switch (e.kind()) {
            case CLIENT -> "C: " + Printable.escape(e.text());
            case SERVER -> {
                StringBuilder sb = new StringBuilder();
                String[] lines = e.text().split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    sb.append(i == 0 ? "" : "\n").append("S: ").append(Printable.escape(lines[i]));
                }
                yield sb.toString();
            }
            case PAYLOAD -> "C: [" + Printable.escape(e.text()) + "]";
            case ERROR -> "! " + Printable.escape(e.text());
            default -> "* " + Printable.escape(e.text());
        };
    }

    public static void writeJson(List<TranscriptEntry> entries, boolean reveal, OutputStream out) throws IOException {
        List<TranscriptEntry> list = reveal ? entries : entries.stream().map(TranscriptEntry::redacted).toList();
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, new Document(SCHEMA, list));
    }

    public static String toJson(List<TranscriptEntry> entries, boolean reveal) {
        try {
            var out = new java.io.ByteArrayOutputStream();
            writeJson(entries, reveal, out);
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<TranscriptEntry> readJson(InputStream in) throws IOException {
        Document doc = Json.MAPPER.readValue(in, Document.class);
        if (doc.schema() == null || !doc.schema().equals(SCHEMA)) {
            throw new IOException("not an SMTP Explorer transcript: schema is \"" + doc.schema() + "\", expected \""
                    + SCHEMA + "\"");
        }
        return doc.entries() == null ? List.of() : doc.entries();
    }
}
