package org.smtpexplorer.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports and imports. Secrets are redacted unless the caller passes {@code reveal = true} on purpose.
 *
 * <p>JSON schema "smtp-explorer-transcript/2": an object {@code {"schema": ..., "entries": [...]}}; every entry has
 * kind, seq, time (ISO-8601) and text, and raw (base64) wherever bytes crossed the wire; then by kind:
 * <ul>
 * <li>CONNECT: host, address, port;</li>
 * <li>CLIENT: raw, secretFrom (-1 for none), flight, verb;</li>
 * <li>SERVER: raw, flight, answering, code, enhanced, latencyMicros, bareLf;</li>
 * <li>PAYLOAD: raw (the start), bytes (all of them), verb;</li>
 * <li>TLS: protocol, cipher, verified, verdict, insecure, subject, issuer, notAfter, chainLength;</li>
 * <li>NOTE: details (string map);</li>
 * <li>ERROR: raw (the bytes that caused it), bytes, failureClass, details.</li>
 * </ul>
 * Schema 1 (one flat record with a details map) is still read, and converted.
 *
 * <p>A session saved by {@code smtpx send --json} has three more top-level fields, all optional (a reader must
 * accept a document without them, and ignores fields it does not know):
 * <ul>
 * <li>request: what the session was asked to do ({@link SavedRequest}: server, security, trusted certificates,
 * EHLO name, AUTH mechanism and user, envelope, transfer and extension options, where to stop); never a password;</li>
 * <li>messageSize and messageSha256: the size and SHA-256 (hex) of the message the session was given;</li>
 * <li>message: that message's bytes (base64), when at most {@link SavedSession#MESSAGE_LIMIT} bytes; last, after
 * the entries, so that the file still reads from the top.</li>
 * </ul>
 * {@code smtpx replay} and {@code smtpx export} use them; without them, both work from the entries alone as far as
 * they can (a message must then be given).
 */
public final class TranscriptExport {
    public static final String SCHEMA = "smtp-explorer-transcript/2";
    /** The first edition's schema, read and converted on import. */
    public static final String SCHEMA_1 = "smtp-explorer-transcript/1";

    /**
     * The mapper, built on first use: Jackson costs about 470 classes and 0.2 s on a cold JVM, which a plain
     * {@code smtpx send} that only prints {@link #textLine} lines must not pay.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        static SavedSession read(InputStream in) throws IOException {
            JsonNode root;
            try {
                root = MAPPER.readTree(in);
            } catch (JsonProcessingException e) {
                throw new IOException("not an SMTP Explorer transcript: not JSON (" + e.getOriginalMessage() + ")",
                        e);
            }
            JsonNode schemaNode = root == null ? null : root.get("schema");
            String schema = schemaNode == null || !schemaNode.isTextual() ? null : schemaNode.asText();
            if (!SCHEMA.equals(schema) && !SCHEMA_1.equals(schema)) {
                throw new IOException("not an SMTP Explorer transcript: schema is \"" + schema + "\", expected \""
                        + SCHEMA + "\" (or \"" + SCHEMA_1 + "\")");
            }
            JsonNode list = root.get("entries");
            if (list == null || list.isNull()) {
                return withSaved(root, List.of());
            }
            if (!list.isArray()) {
                throw new IOException("not an SMTP Explorer transcript: \"entries\" is not a list");
            }
            List<TranscriptEntry> out = new ArrayList<>(list.size());
            for (JsonNode node : list) {
                if (!node.isObject()) {
                    throw new IOException("entry " + out.size() + " is not an object");
                }
                ObjectNode entry = (ObjectNode) node;
                if (SCHEMA_1.equals(schema)) {
                    SchemaOne.convert(entry);
                }
                try {
                    out.add(MAPPER.treeToValue(entry, TranscriptEntry.class));
                } catch (JsonProcessingException e) {
                    throw new IOException("entry " + out.size() + " cannot be read: " + e.getOriginalMessage(), e);
                }
            }
            return withSaved(root, out);
        }

        /** The optional request and message beside the entries; a field of the wrong type is an error naming it. */
        private static SavedSession withSaved(JsonNode root, List<TranscriptEntry> entries) throws IOException {
            SavedRequest request = null;
            JsonNode r = root.get("request");
            if (r != null && !r.isNull()) {
                if (!r.isObject()) {
                    throw new IOException("\"request\" is not an object");
                }
                try {
                    request = MAPPER.treeToValue(r, SavedRequest.class);
                } catch (JsonProcessingException e) {
                    throw new IOException("\"request\" cannot be read: " + e.getOriginalMessage(), e);
                }
            }
            byte[] message = null;
            JsonNode m = root.get("message");
            if (m != null && !m.isNull()) {
                if (!m.isTextual()) {
                    throw new IOException("\"message\" is not a base64 string");
                }
                try {
                    message = m.binaryValue();
                } catch (IOException | IllegalArgumentException e) {
                    throw new IOException("\"message\" is not valid base64: " + e.getMessage(), e);
                }
            }
            JsonNode size = root.get("messageSize");
            if (size != null && !size.isNull() && !size.canConvertToLong()) {
                throw new IOException("\"messageSize\" is not a number");
            }
            JsonNode sha = root.get("messageSha256");
            if (sha != null && !sha.isNull() && !sha.isTextual()) {
                throw new IOException("\"messageSha256\" is not a string");
            }
            Long messageSize = null;
            if (size != null && !size.isNull()) {
                messageSize = size.asLong();
            } else if (message != null) {
                messageSize = (long) message.length;
            }
            String sha256 = sha == null || sha.isNull() ? (message == null ? null : SavedSession.sha256(message))
                    : sha.asText();
            if (message != null && (message.length != messageSize || !SavedSession.sha256(message).equals(sha256))) {
                throw new IOException("\"message\" does not match messageSize and messageSha256: the file was"
                        + " changed or cut short");
            }
            return new SavedSession(entries, request, message, messageSize, sha256);
        }
    }

    private TranscriptExport() {
    }

    /** The document written to JSON: the optional parts (request and message) are left out when null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"schema", "request", "messageSize", "messageSha256", "entries", "message"})
    public record Document(String schema, SavedRequest request, Long messageSize, String messageSha256,
                           List<TranscriptEntry> entries, byte[] message) {
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
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, new Document(SCHEMA, null, null, null, list,
                null));
    }

    /** Writes a saved session: its entries redacted, with its request and message when it has them. */
    public static void writeJson(SavedSession session, OutputStream out) throws IOException {
        List<TranscriptEntry> list = session.entries().stream().map(TranscriptEntry::redacted).toList();
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, new Document(SCHEMA, session.request(),
                session.messageSize(), session.messageSha256(), list, session.message()));
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
        return Json.read(in).entries();
    }

    /** Reads a saved session: the entries, and the request and message when the file has them. */
    public static SavedSession readSession(InputStream in) throws IOException {
        return Json.read(in);
    }

    /**
     * Schema 1 kept one flat record for every kind, with facts in a string map; schema 2 gives each kind its own
     * typed fields. This moves the old facts to their new places.
     */
    private static final class SchemaOne {
        static void convert(ObjectNode e) {
            String kind = e.path("kind").asText("");
            JsonNode details = e.path("details");
            switch (kind) {
                case "CONNECT" -> {
                    e.put("host", hostOf(e.path("text").asText("")));
                    moveText(details, "address", e, "address");
                    if (details.hasNonNull("port")) {
                        e.put("port", Integer.parseInt(details.get("port").asText()));
                    }
                    e.remove("details");
                }
                case "CLIENT" -> {
                    if (!e.hasNonNull("secretFrom")) {
                        e.put("secretFrom", -1);
                    }
                }
                case "SERVER" -> {
                    if (e.has("verb")) {
                        e.set("answering", e.remove("verb"));
                    }
                    e.put("bareLf", details.hasNonNull("framing"));
                    e.remove("details");
                }
                case "TLS" -> {
                    for (String name : List.of("protocol", "cipher", "verdict", "subject", "issuer", "notAfter")) {
                        moveText(details, name, e, name);
                    }
                    e.put("verified", Boolean.parseBoolean(details.path("verified").asText("false")));
                    e.put("insecure", Boolean.parseBoolean(details.path("insecure").asText("false")));
                    e.put("chainLength", Integer.parseInt(details.path("chainLength").asText("0")));
                    e.remove("details");
                }
                case "ERROR" -> {
                    moveText(details, "failureClass", e, "failureClass");
                    if (details.isObject()) {
                        ((ObjectNode) details).remove("failureClass");
                        if (details.isEmpty()) {
                            e.remove("details");
                        }
                    }
                }
                default -> {
                    // NOTE and PAYLOAD kept their fields.
                }
            }
        }

        private static void moveText(JsonNode from, String name, ObjectNode to, String as) {
            if (from.hasNonNull(name)) {
                to.put(as, from.get(name).asText());
            }
        }

        /** "Connecting to mx.example [192.0.2.1]:25" names the host. */
        private static String hostOf(String connecting) {
            String s = connecting.startsWith("Connecting to ") ? connecting.substring(14) : connecting;
            int bracket = s.indexOf(" [");
            return bracket > 0 ? s.substring(0, bracket) : s;
        }
    }
}
