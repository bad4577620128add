package org.smtpexplorer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.HostPort;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.TlsSettings;
import picocli.CommandLine.Option;

/**
 * Where and how to connect, and how to authenticate: the options every command that opens a session takes
 * ({@code smtpx send}, {@code smtpx probe smuggling}), as a picocli mixin, and the checks that turn them into the
 * start of a request.
 */
final class ConnectionOptions {
    @Option(names = "--server", required = true, paramLabel = "HOST[:PORT]",
            description = "Server to talk to; port 25 when omitted. IPv6 literals in brackets: [::1]:2525.")
    String server;

    @Option(names = "--security", paramLabel = "MODE",
            description = "auto | none | starttls | starttls-if-available | implicit (default: ${DEFAULT-VALUE};"
                    + " auto is implicit on 465, starttls on 587, starttls-if-available otherwise)")
    String security = "auto";

    @Option(names = "--trust-cert", paramLabel = "PEM", description = "Also trust the certificate(s) in this PEM file.")
    List<Path> trustCert = new ArrayList<>();

    @Option(names = "--insecure", description = "Accept any certificate and host name (the verdict is still shown).")
    boolean insecure;

    @Option(names = "--ip", paramLabel = "any|ipv4|ipv6", description = "Address family.")
    String ip = "any";

    @Option(names = "--helo", paramLabel = "NAME", description = "Name for EHLO/HELO.")
    String helo = "localhost";

    @Option(names = "--auth", paramLabel = "MECH|auto",
            description = "AUTH mechanism: auto, PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-1, SCRAM-SHA-256, XOAUTH2,"
                    + " OAUTHBEARER. Without it, no AUTH.")
    String auth;

    @Option(names = "--user", paramLabel = "NAME", description = "User name for AUTH.")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Read the password (or token) from this"
            + " environment variable.")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of"
            + " this file.")
    Path passwordFile;

    @Option(names = "--allow-plaintext-auth", description = "Allow PLAIN, LOGIN and token mechanisms without TLS.")
    boolean allowPlaintextAuth;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Connect timeout, and total time allowed for each reply and for each write"
                    + " (default: ${DEFAULT-VALUE}).")
    int timeout;

    ConnectionOptions(int defaultTimeoutSeconds) {
        timeout = defaultTimeoutSeconds;
    }

    /** The host and port of --server. */
    HostPort hostPort() {
        return HostPort.parse(server, 25, "--server");
    }

    /**
     * A request builder with the connection, EHLO name and AUTH set from these options.
     *
     * @throws IllegalArgumentException naming the option and the rule, for a bad value
     * @throws IOException              when the password file cannot be read
     */
    SendRequest.Builder request() throws IOException {
        HostPort hp = hostPort();
        SecurityMode mode = SecurityMode.parse(security, hp.port());
        for (Path p : trustCert) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("--trust-cert: cannot read " + p);
            }
        }
        if (timeout < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second");
        }
        SendRequest.Builder r = SendRequest.builder();
        r.connection(ConnectOptions.of(hp.host(), hp.port(), mode, new TlsSettings(trustCert, insecure, List.of()))
                .withTimeouts(Duration.ofSeconds(timeout), Duration.ofSeconds(timeout))
                .withIpFamily(choice("--ip", ip, "any", "ipv4", "ipv6")));
        r.helo(helo);
        if (auth != null) {
            r.authMechanism(auth);
            if (user == null) {
                throw new IllegalArgumentException("--auth needs --user");
            }
            r.credentials(new Credentials(user, password()));
        }
        r.allowPlaintextAuth(allowPlaintextAuth);
        return r;
    }

    private char[] password() throws IOException {
        return Passwords.read(passwordEnv, passwordFile, user);
    }

    /** {@code value} in lower case when it is one of {@code allowed}; otherwise a usage error naming the option. */
    static String choice(String option, String value, String... allowed) {
        String v = value.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException(option + " must be one of " + String.join(", ", allowed) + ", not \""
                + value + "\"");
    }
}
