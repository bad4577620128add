package org.smtpexplorer.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real server that src/test/interop/exim-lab.sh or aiosmtpd-lab.sh started: its settings from the properties file
 * the script wrote, and its file sink. Both scripts store each message as {@code NAME.eml} and its envelope as
 * {@code NAME.env} ("from SENDER", then "to RCPT" lines, and for aiosmtpd the MAIL and RCPT parameters), and the
 * .env appears only once the .eml is complete.
 */
public final class SinkLab {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Properties properties = new Properties();
    private final Path sink;
    private final UnaryOperator<byte[]> recover;

    /**
     * One delivered message.
     *
     * @param eml      the sink file
     * @param stored   its bytes as the server stored them
     * @param content  the message as the client sent it (the server's own added headers removed)
     * @param envelope the .env file's text
     */
    public record Delivery(Path eml, byte[] stored, byte[] content, String envelope) {
        /** The envelope sender; empty for the null sender (a DSN or bounce the server generated). */
        public String sender() {
            return envelope.lines().filter(l -> l.startsWith("from ")).findFirst().orElseThrow().substring(5);
        }

        /** The envelope recipients, in the order the sink recorded them. */
        public List<String> recipients() {
            return envelope.lines().filter(l -> l.startsWith("to ")).map(l -> l.substring(3)).toList();
        }

        /** The stored bytes as text (ISO-8859-1: one char per byte, for searching). */
        public String storedText() {
            return new String(stored, StandardCharsets.ISO_8859_1);
        }
    }

    private SinkLab(Path file, UnaryOperator<byte[]> recover) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        sink = Path.of(properties.getProperty("sink.dir"));
        this.recover = recover;
    }

    /**
     * Reads the properties file named by the system property {@code systemProperty} (else {@code defaultFile});
     * fails when it is absent, so a suite never passes without its server.
     */
    public static SinkLab load(String systemProperty, String defaultFile, UnaryOperator<byte[]> recover)
            throws IOException {
        return new SinkLab(Path.of(System.getProperty(systemProperty, defaultFile)), recover);
    }

    public String get(String key) {
        String v = properties.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("no " + key + " in the lab's properties");
        }
        return v;
    }

    public int port(String key) {
        return Integer.parseInt(get(key));
    }

    /** The message containing {@code marker} whose sender is not empty, waiting up to 20 s for it. */
    public Delivery delivered(String marker) throws IOException, InterruptedException {
        return await(marker, false);
    }

    /** The DSN or bounce (null sender) the server generated that contains {@code marker}, waiting up to 20 s. */
    public Delivery report(String marker) throws IOException, InterruptedException {
        return await(marker, true);
    }

    private Delivery await(String marker, boolean nullSender) throws IOException, InterruptedException {
        Instant until = Instant.now().plus(WAIT);
        do {
            try (Stream<Path> files = Files.list(sink)) {
                for (Path env : files.filter(f -> f.getFileName().toString().endsWith(".env")).sorted().toList()) {
                    Path eml = env.resolveSibling(env.getFileName().toString().replaceAll("\\.env$", ".eml"));
                    byte[] stored;
                    String envelope;
                    try {
                        stored = Files.readAllBytes(eml);
                        envelope = Files.readString(env, StandardCharsets.UTF_8);
                    } catch (NoSuchFileException e) {
                        continue; // removed by clear-sink meanwhile
                    }
                    if (!new String(stored, StandardCharsets.ISO_8859_1).contains(marker)) {
                        continue;
                    }
                    Delivery d = new Delivery(eml, stored, null, envelope);
                    if (d.sender().isEmpty() == nullSender) {
                        return new Delivery(eml, stored, nullSender ? stored : recover.apply(stored), envelope);
                    }
                }
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(until));
        throw new AssertionError("no " + (nullSender ? "report" : "message") + " containing " + marker
                + " reached the sink " + sink + " within " + WAIT.toSeconds() + " s");
    }

    /** aiosmtpd stores exactly what it received: nothing to remove. */
    public static byte[] asStored(byte[] stored) {
        return stored;
    }

    /**
     * Exim's appendfile transport (use_crlf, return_path_add, envelope_to_add) writes Return-path and Envelope-to,
     * then the Received header Exim added on reception, then the message as received. Removes those three headers
     * (with their continuation lines) and fails when one is missing, so a change in what Exim adds is noticed.
     */
    public static byte[] withoutEximHeaders(byte[] stored) {
        String s = new String(stored, StandardCharsets.ISO_8859_1);
        for (String name : List.of("Return-path:", "Envelope-to:", "Received:")) {
            if (!s.regionMatches(true, 0, name, 0, name.length())) {
                throw new AssertionError("the stored message does not start with Exim's " + name + " header:\n"
                        + s.substring(0, Math.min(s.length(), 400)));
            }
            int end = s.indexOf("\r\n");
            while (end >= 0 && end + 2 < s.length() && (s.charAt(end + 2) == ' ' || s.charAt(end + 2) == '\t')) {
                end = s.indexOf("\r\n", end + 2);
            }
            if (end < 0) {
                throw new AssertionError("Exim's " + name + " header does not end in CRLF");
            }
            s = s.substring(end + 2);
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
