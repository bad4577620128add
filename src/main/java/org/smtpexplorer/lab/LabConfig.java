package org.smtpexplorer.lab;

import org.smtpexplorer.AppData;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link LabServer} is started. Build one with {@link #builder()}; every value has a default that suits the
 * desktop app. Tests override the data directory and shorten the delays.
 *
 * @param port            the loopback port of the STARTTLS listener (plain text first); 0 picks a free one
 * @param tlsPort         the loopback port of the implicit-TLS listener (TLS from the first byte, as on port 465,
 *                        RFC 8314 §3.3); 0 picks a free one
 * @param scenario        the scenario for new sessions until {@link LabServer#setScenario} changes it
 * @param dataDir         where the lab keeps its CA and server certificate between runs
 * @param maildir         where each accepted message is also written as N.eml and N.json; null keeps them in
 *                        memory only
 * @param extraUsers      users added to the built-in alice and bob, name to password
 * @param authBeforeTls   offer every AUTH mechanism before STARTTLS too (the default offers AUTH only inside TLS)
 * @param sizeLimit       the SIZE limit in bytes (the size-limit scenario always uses 10240)
 * @param slowDelay       the pause before each reply in the slow scenario
 * @param trickleDelay    the pause after each byte in the trickle scenario
 * @param dropAfterBytes  payload bytes the drop-mid-data scenario reads before it closes the connection
 * @param garbageLines    continuation lines the garbage scenario sends after EHLO before it gives up
 * @param maxSessions     sessions served at once; more connections get 421 4.3.2 and are closed
 * @param maxLineLength   longest command line accepted, terminator included; AUTH lines may be up to 12288
 * @param idleTimeout     how long a session may stay silent before it gets 421 4.4.2 and is closed
 * @param keepMessages    received messages kept in memory (the oldest are forgotten first)
 * @param serverName      the name the server gives itself in the greeting and the EHLO reply
 */
public record LabConfig(int port, int tlsPort, Scenario scenario, Path dataDir, Path maildir, Map<String, String> extraUsers,
                        boolean authBeforeTls, long sizeLimit, Duration slowDelay, Duration trickleDelay,
                        long dropAfterBytes, int garbageLines, int maxSessions, int maxLineLength,
                        Duration idleTimeout, int keepMessages, String serverName) {

    /** The size-limit scenario's SIZE. */
    public static final long SMALL_SIZE_LIMIT = 10240;
    /** RFC 4954 §4: a server should accept AUTH lines of at least 12288 octets. */
    static final int AUTH_LINE_LENGTH = 12288;

    public LabConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (tlsPort < 0 || tlsPort > 65535) {
            throw new IllegalArgumentException("tlsPort must be 0..65535, not " + tlsPort);
        }
        if (port != 0 && tlsPort == port) {
            throw new IllegalArgumentException("tlsPort must differ from port (" + port + "): the STARTTLS and the"
                    + " implicit-TLS listeners each need their own port");
        }
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(dataDir, "dataDir");
        extraUsers = Collections.unmodifiableMap(new LinkedHashMap<>(extraUsers));
        extraUsers.forEach(UserDirectory::checkUser);
        requirePositive("sizeLimit", sizeLimit);
        requireNotNegative("slowDelay", slowDelay);
        requireNotNegative("trickleDelay", trickleDelay);
        requirePositive("dropAfterBytes", dropAfterBytes);
        requirePositive("garbageLines", garbageLines);
        requirePositive("maxSessions", maxSessions);
        if (maxLineLength < 512) {
            throw new IllegalArgumentException("maxLineLength must be at least 512 (RFC 5321 §4.5.3.1.4)");
        }
        requireNotNegative("idleTimeout", idleTimeout);
        if (idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        requirePositive("keepMessages", keepMessages);
        Objects.requireNonNull(serverName, "serverName");
        if (!serverName.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,253}[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("serverName must be a domain name, not \"" + serverName + "\"");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All defaults: free ports, the modern scenario, the per-user data directory. */
    public static LabConfig defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.port = port;
        b.tlsPort = tlsPort;
        b.scenario = scenario;
        b.dataDir = dataDir;
        b.maildir = maildir;
        b.extraUsers.putAll(extraUsers);
        b.authBeforeTls = authBeforeTls;
        b.sizeLimit = sizeLimit;
        b.slowDelay = slowDelay;
        b.trickleDelay = trickleDelay;
        b.dropAfterBytes = dropAfterBytes;
        b.garbageLines = garbageLines;
        b.maxSessions = maxSessions;
        b.maxLineLength = maxLineLength;
        b.idleTimeout = idleTimeout;
        b.keepMessages = keepMessages;
        b.serverName = serverName;
        return b;
    }

    /** The lab's folder inside the app's data folder ({@link AppData}): {@code <data>/lab}. */
    public static Path defaultDataDir() {
        return AppData.dataDir().resolve("lab");
    }

    /** The SIZE in force for {@code s}. */
    long sizeLimit(Scenario s) {
        return s == Scenario.SIZE_LIMIT ? SMALL_SIZE_LIMIT : sizeLimit;
    }

    private static void requirePositive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, not " + value);
        }
    }

    private static void requireNotNegative(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative");
        }
    }

    /** Collects the values of a {@link LabConfig}; each setter returns the builder. */
    public static final class Builder {
        private int port;
        private int tlsPort;
        private Scenario scenario = Scenario.MODERN;
        private Path dataDir;
        private Path maildir;
        private final Map<String, String> extraUsers = new LinkedHashMap<>();
        private boolean authBeforeTls;
        private long sizeLimit = 10L * 1024 * 1024;
        private Duration slowDelay = Duration.ofMillis(1500);
        private Duration trickleDelay = Duration.ofMillis(50);
        private long dropAfterBytes = 100;
        private int garbageLines = 100_000;
        private int maxSessions = 64;
        private int maxLineLength = 4096;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private int keepMessages = 1000;
        private String serverName = "lab.example";

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder tlsPort(int tlsPort) {
            this.tlsPort = tlsPort;
            return this;
        }

        public Builder scenario(Scenario scenario) {
            this.scenario = scenario;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder maildir(Path maildir) {
            this.maildir = maildir;
            return this;
        }

        public Builder user(String name, String password) {
            UserDirectory.checkUser(name, password);
            extraUsers.put(name, password);
            return this;
        }

        public Builder authBeforeTls(boolean authBeforeTls) {
            this.authBeforeTls = authBeforeTls;
            return this;
        }

        public Builder sizeLimit(long sizeLimit) {
            this.sizeLimit = sizeLimit;
            return this;
        }

        public Builder slowDelay(Duration slowDelay) {
            this.slowDelay = slowDelay;
            return this;
        }

        public Builder trickleDelay(Duration trickleDelay) {
            this.trickleDelay = trickleDelay;
            return this;
        }

        public Builder dropAfterBytes(long dropAfterBytes) {
            this.dropAfterBytes = dropAfterBytes;
            return this;
        }

        public Builder garbageLines(int garbageLines) {
            this.garbageLines = garbageLines;
            return this;
        }

        public Builder maxSessions(int maxSessions) {
            this.maxSessions = maxSessions;
            return this;
        }

        public Builder maxLineLength(int maxLineLength) {
            this.maxLineLength = maxLineLength;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder keepMessages(int keepMessages) {
            this.keepMessages = keepMessages;
            return this;
        }

        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        public LabConfig build() {
            return new LabConfig(port, tlsPort, scenario, dataDir != null ? dataDir : defaultDataDir(), maildir, extraUsers,
                    authBeforeTls, sizeLimit, slowDelay, trickleDelay, dropAfterBytes, garbageLines, maxSessions,
                    maxLineLength, idleTimeout, keepMessages, serverName);
        }
    }
}
