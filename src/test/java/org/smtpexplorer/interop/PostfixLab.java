package org.smtpexplorer.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The real Postfix that src/test/interop/postfix-lab.sh started: its ports and users from interop.properties, and
 * its sink, where every delivered message lands as a file.
 */
public final class PostfixLab {
    private final Properties properties = new Properties();
    private final Path sink;

    private PostfixLab() throws IOException {
        String file = System.getProperty("smtpx.interop.properties", "/tmp/smtpx-interop/interop.properties");
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            properties.load(in);
        }
        sink = Path.of(properties.getProperty("sink.dir"));
    }

    /** Reads interop.properties (path in the system property smtpx.interop.properties); fails when it is absent. */
    public static PostfixLab load() throws IOException {
        return new PostfixLab();
    }

    public String get(String key) {
        return properties.getProperty(key);
    }

    public int port(String key) {
        return Integer.parseInt(properties.getProperty(key));
    }

    /** The delivered message containing {@code marker}, as the client sent it, waiting up to 20 s for it. */
    public byte[] delivered(String marker) throws IOException, InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(until)) {
            try (Stream<Path> files = Files.list(sink)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
                    byte[] b = Files.readAllBytes(p);
                    if (new String(b, StandardCharsets.ISO_8859_1).contains(marker)) {
                        return recover(b);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no message containing " + marker + " reached the sink " + sink);
    }

    /**
     * Every delivered message containing {@code marker}, as the client sent it, in delivery order: waits up to 20 s
     * for at least {@code atLeast} of them, then returns what there is.
     */
    public List<byte[]> deliveredAll(String marker, int atLeast) throws IOException, InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        List<byte[]> found = new ArrayList<>();
        do {
            found.clear();
            try (Stream<Path> files = Files.list(sink)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                    byte[] b = Files.readAllBytes(p);
                    if (new String(b, StandardCharsets.ISO_8859_1).contains(marker)) {
                        found.add(recover(b));
                    }
                }
            }
            if (found.size() >= atLeast) {
                break;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(until));
        return found;
    }

    /** The envelope file (.env: "from ..." then "to ..." lines) of the delivered message containing {@code marker}. */
    public String envelope(String marker) throws IOException, InterruptedException {
        delivered(marker);
        try (Stream<Path> files = Files.list(sink)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
                if (Files.readString(p, StandardCharsets.ISO_8859_1).contains(marker)) {
                    return Files.readString(Path.of(p.toString().replaceAll("\\.eml$", ".env")),
                            StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no envelope for the message containing " + marker);
    }

    /** Drops Postfix's own Received header (with its continuation lines) and turns LF back into CRLF. */
    public static byte[] recover(byte[] piped) {
        String s = new String(piped, StandardCharsets.ISO_8859_1);
        if (s.startsWith("Received:")) {
            int end = s.indexOf('\n');
            while (end + 1 < s.length() && (s.charAt(end + 1) == ' ' || s.charAt(end + 1) == '\t')) {
                end = s.indexOf('\n', end + 1);
            }
            s = s.substring(end + 1);
        }
        return s.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
