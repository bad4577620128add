package org.smtpexplorer.engine.auth;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.smtpexplorer.engine.SmtpException;

/** The mechanisms the engine implements, and the choice among those a server offers. */
public final class Mechanisms {
    /** Strongest first: the order "auto" tries to pick from. Token mechanisms are only chosen by name. */
    public static final List<String> PREFERENCE = List.of("SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN",
            "LOGIN");
    public static final List<String> SUPPORTED = List.of("SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN",
            "XOAUTH2", "OAUTHBEARER");

    private Mechanisms() {
    }

    /**
     * Creates the client side of {@code name}. {@code host} and {@code port} are only used by OAUTHBEARER, which
     * names the server it talks to.
     */
    public static SaslMechanism create(String name, Credentials credentials, String host, int port) {
        String n = name.toUpperCase(Locale.ROOT);
        return switch (n) {
            case "PLAIN" -> new Plain(credentials);
            case "LOGIN" -> new Login(credentials);
            case "CRAM-MD5" -> new CramMd5(credentials);
            case "SCRAM-SHA-1", "SCRAM-SHA-256" -> new Scram(n, credentials);
            case "XOAUTH2" -> new OAuth(false, credentials, host, port);
            case "OAUTHBEARER" -> new OAuth(true, credentials, host, port);
            default -> throw SmtpException.refused("AUTH mechanism " + name + " is not supported; supported: "
                    + String.join(", ", SUPPORTED));
        };
    }

    /** The strongest password mechanism both sides support, or empty. */
    public static Optional<String> choose(Set<String> offered) {
        return PREFERENCE.stream().filter(offered::contains).findFirst();
    }

    /** True for mechanisms that send a reusable secret: refused without TLS unless the user allows it. */
    public static boolean sendsReusableSecret(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER" -> true;
            default -> false;
        };
    }
}
