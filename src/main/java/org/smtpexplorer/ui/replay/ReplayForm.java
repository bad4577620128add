package org.smtpexplorer.ui.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.transcript.SavedRequest;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.Replay;
import org.smtpexplorer.transport.HostPort;
import org.smtpexplorer.transport.ReplayTarget;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.TlsSettings;

/**
 * The "Replay against..." form as plain values, and the rule from them to a {@link ReplayTarget}: every field left
 * "as saved" is taken from the saved session. A field that is not valid raises IllegalArgumentException naming it.
 * The password is asked for each replay and never kept: {@link #credentials()} hands over a copy and {@link #clear()}
 * wipes it.
 */
public final class ReplayForm {
    /** The choice that keeps what was saved. */
    public static final String AS_SAVED = "as saved";
    /** The AUTH choice that does not authenticate. */
    public static final String NO_AUTH = "no AUTH";
    /** The security modes offered besides {@link #AS_SAVED}. */
    public static final List<String> SECURITY = Arrays.stream(SecurityMode.values()).map(SecurityMode::cliName)
            .toList();
    /** The AUTH choices besides {@link #AS_SAVED} and {@link #NO_AUTH}. */
    public static final List<String> MECHANISMS = List.of("auto", "PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1",
            "SCRAM-SHA-256", "XOAUTH2");

    private String server = "";
    private String security = AS_SAVED;
    private String trustCert = "";
    private boolean insecure;
    private String auth = AS_SAVED;
    private String user = "";
    private char[] password = new char[0];
    private String eml = "";
    private boolean exact;

    /** The form for {@code saved}: its server and user, everything else as saved. */
    public static ReplayForm defaults(SavedRequest saved) {
        ReplayForm f = new ReplayForm();
        if (saved != null) {
            f.server = hostPort(saved.host(), saved.port());
            f.user = saved.user() == null ? "" : saved.user();
        }
        return f;
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public String server() {
        return server;
    }

    public void server(String s) {
        server = s == null ? "" : s;
    }

    public String security() {
        return security;
    }

    public void security(String s) {
        security = s == null ? AS_SAVED : s;
    }

    public String trustCert() {
        return trustCert;
    }

    public void trustCert(String s) {
        trustCert = s == null ? "" : s;
    }

    public boolean insecure() {
        return insecure;
    }

    public void insecure(boolean b) {
        insecure = b;
    }

    public String auth() {
        return auth;
    }

    public void auth(String s) {
        auth = s == null ? AS_SAVED : s;
    }

    public String user() {
        return user;
    }

    public void user(String s) {
        user = s == null ? "" : s;
    }

    /** Takes the password (the caller's array is not kept: it is copied). */
    public void password(char[] p) {
        clear();
        password = p == null ? new char[0] : p.clone();
    }

    public String eml() {
        return eml;
    }

    public void eml(String s) {
        eml = s == null ? "" : s;
    }

    public boolean exact() {
        return exact;
    }

    public void exact(boolean b) {
        exact = b;
    }

    /** Wipes the password. */
    public void clear() {
        Arrays.fill(password, '\0');
        password = new char[0];
    }

    /** The target the form describes. */
    public ReplayTarget target() throws IOException {
        HostPort hp = HostPort.parse(server, 25, "Server");
        int port = hp.port();
        ReplayTarget t = ReplayTarget.asSaved(hp.host(), port);
        if (!security.equals(AS_SAVED)) {
            t = t.withSecurity(SecurityMode.parse(security, port));
        }
        String pem = trustCert.strip();
        if (!pem.isEmpty() || insecure) {
            if (!pem.isEmpty() && !Files.isReadable(Path.of(pem))) {
                throw new IllegalArgumentException("Trust certificate: cannot read " + pem);
            }
            t = t.withTls(new TlsSettings(pem.isEmpty() ? List.of() : List.of(Path.of(pem)), insecure, List.of()));
        }
        if (auth.equals(NO_AUTH)) {
            t = t.withoutAuth();
        } else if (!auth.equals(AS_SAVED)) {
            t = t.withAuth(auth);
        }
        String file = eml.strip();
        if (!file.isEmpty()) {
            if (!Files.isReadable(Path.of(file))) {
                throw new IllegalArgumentException("Message: cannot read " + file);
            }
            t = t.withMessage(MessageSource.of(Path.of(file)));
        }
        return t.withExact(exact);
    }

    /** The user and password, asked for only when the replay authenticates. */
    public Replay.CredentialSource credentials() {
        return (mechanism, savedUser) -> {
            String name = user.strip().isEmpty() ? savedUser : user.strip();
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("User: the replay authenticates with " + mechanism + ": give the"
                        + " user name (or choose " + NO_AUTH + ")");
            }
            if (password.length == 0) {
                throw new IllegalArgumentException("Password: the replay authenticates as " + name + " with "
                        + mechanism + ": give the password (it is not saved), or choose " + NO_AUTH);
            }
            return new Credentials(name, password.clone());
        };
    }
}
