package org.smtpexplorer.pins;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.smtpexplorer.AtomicReplace;

/**
 * Per host:port trust on first use, kept as JSON in the data folder (pins.json). The first certificate a server
 * presents is pinned; later connections compare against it.
 *
 * <p>What is pinned is the SHA-256 of the leaf's SubjectPublicKeyInfo, not of the whole certificate, as SSH pins
 * host keys and HPKP (RFC 7469) pinned keys: only the holder of the private key can present that key, so a man in
 * the middle cannot match the pin however he forges the rest, while a certificate renewed for the same key (the
 * lab does so, as do servers that renew with certbot --reuse-key) is not a false alarm. A new key is a change
 * worth a warning even when a trusted CA signed it. The certificate's own fingerprint is kept beside it, to show.
 *
 * <p>Safe for use from several threads; the file is read for every check, so two windows (or a person editing it)
 * never act on a stale copy, and every change is written at once (to a temporary file, then renamed).
 */
public final class CertificatePins {
    static final String SCHEMA = "smtp-explorer-pins/1";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    /**
     * What was pinned for one host:port.
     *
     * @param spkiSha256 SHA-256 of the leaf's public key (SubjectPublicKeyInfo), hex with colons: what is compared
     * @param certSha256 SHA-256 of the whole leaf certificate, for people to compare with other tools
     * @param subject    the leaf's subject
     * @param notBefore  the leaf's validity
     * @param notAfter   the leaf's validity
     * @param pinnedAt   when it was pinned (or trusted anew)
     */
    public record Pin(String spkiSha256, String certSha256, String subject, Instant notBefore, Instant notAfter,
                      Instant pinnedAt) {
        public Pin {
            Objects.requireNonNull(spkiSha256, "spkiSha256");
        }

        /** The pin of {@code leaf}, made at {@code now}. */
        public static Pin of(X509Certificate leaf, Instant now) {
            try {
                return new Pin(sha256(leaf.getPublicKey().getEncoded()), sha256(leaf.getEncoded()),
                        leaf.getSubjectX500Principal().getName(), leaf.getNotBefore().toInstant(),
                        leaf.getNotAfter().toInstant(), now.truncatedTo(ChronoUnit.SECONDS));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("cannot encode the certificate: " + e.getMessage(), e);
            }
        }
    }

    /** How a presented certificate compares with the pin. */
    public enum Outcome {
        /** Nothing was pinned for this host:port: it is pinned now. */
        FIRST_USE,
        /** The same key as pinned. */
        SAME,
        /** A different key: possibly a man in the middle, possibly a new key on the server. */
        CHANGED
    }

    /**
     * The result of one comparison.
     *
     * @param endpoint  host:port, as the pins are keyed
     * @param outcome   first use, same or changed
     * @param pinned    the pin before this connection; null on first use
     * @param presented the pin of the certificate presented now
     */
    public record Check(String endpoint, Outcome outcome, Pin pinned, Pin presented) {
    }

    /** The store's file format. */
    record Stored(String schema, Map<String, Pin> pins) {
    }

    public CertificatePins(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** How pins are keyed: the host as typed, lower-cased, and the port; an IPv6 literal in brackets. */
    public static String endpoint(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        return (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port;
    }

    /**
     * Compares {@code leaf} with the pin for host:port; on first use pins it (and saves).
     *
     * @throws IOException when the pin file cannot be read or written: a store that cannot be read is not treated
     *                     as empty, since that would let a changed key through as a "first use"
     */
    public synchronized Check check(String host, int port, X509Certificate leaf, Instant now) throws IOException {
        String endpoint = endpoint(host, port);
        Pin presented = Pin.of(leaf, now);
        Map<String, Pin> pins = load();
        Pin pinned = pins.get(endpoint);
        if (pinned == null) {
            if (loopback(host)) {
                // The same key on another port of this loopback host is the same server moved: the lab listens on a
                // new port at each start, and its pins would pile up. Never done for other hosts, where dropping a
                // pin would let a changed key on that port through as a first use.
                String prefix = endpoint.substring(0, endpoint.lastIndexOf(':') + 1);
                pins.entrySet().removeIf(p -> p.getKey().startsWith(prefix) && p.getKey().lastIndexOf(':')
                        == prefix.length() - 1 && p.getValue().spkiSha256().equals(presented.spkiSha256()));
            }
            pins.put(endpoint, presented);
            save(pins);
            return new Check(endpoint, Outcome.FIRST_USE, null, presented);
        }
        return new Check(endpoint, pinned.spkiSha256().equals(presented.spkiSha256()) ? Outcome.SAME
                : Outcome.CHANGED, pinned, presented);
    }

    /** Whether {@code host} is a loopback name or address (127.0.0.0/8, ::1, localhost), without a lookup. */
    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** Replaces the pin for {@code endpoint} with {@code pin}: the user trusts the new certificate. */
    public synchronized void trust(String endpoint, Pin pin) throws IOException {
        Map<String, Pin> pins = load();
        pins.put(endpoint, pin);
        save(pins);
    }

    public synchronized Optional<Pin> pinned(String endpoint) throws IOException {
        return Optional.ofNullable(load().get(endpoint));
    }

    public Path file() {
        return file;
    }

    private Map<String, Pin> load() throws IOException {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        Stored stored;
        try {
            stored = JSON.readValue(file.toFile(), Stored.class);
        } catch (IOException e) {
            throw new IOException("cannot read the certificate pins in " + file + " (" + e.getMessage()
                    + "); fix or delete the file", e);
        }
        if (!SCHEMA.equals(stored.schema()) || stored.pins() == null) {
            throw new IOException("the certificate pins in " + file + " are not in the " + SCHEMA
                    + " format; fix or delete the file");
        }
        return new TreeMap<>(stored.pins());
    }

    private void save(Map<String, Pin> pins) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path tmp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), new Stored(SCHEMA, pins));
            AtomicReplace.move(tmp, absolute);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** SHA-256 in upper-case hex with colons, as OpenSSL and the TLS tab print fingerprints. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this runtime", e);
        }
    }
}
