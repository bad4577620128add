package org.smtpexplorer.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a probe may run against a host without the user's word that they control it: only when every address the
 * host name resolves to is a loopback address (127.0.0.0/8, ::1), decided once, before connecting. Anything else,
 * an unresolvable name included, needs the user to confirm ({@code --i-control-this-server}), and is warned about.
 *
 * @param host      the host as given
 * @param addresses the addresses it resolved to (empty when it did not resolve)
 */
public record ProbeTarget(String host, List<InetAddress> addresses) {

    public ProbeTarget {
        addresses = List.copyOf(addresses);
    }

    /** Resolves {@code host} (a literal address needs no lookup). */
    public static ProbeTarget of(String host) {
        try {
            return new ProbeTarget(host, Arrays.asList(InetAddress.getAllByName(host)));
        } catch (UnknownHostException e) {
            return new ProbeTarget(host, List.of());
        }
    }

    /** True when the host resolved, and only to loopback addresses. */
    public boolean isLoopback() {
        return !addresses.isEmpty() && addresses.stream().allMatch(InetAddress::isLoopbackAddress);
    }

    /** The warning for a target that is not on loopback, which the user confirmed they control. */
    public String warning() {
        return "Warning: " + host + (addresses.isEmpty() ? " (not resolved)" : " (" + String.join(", ",
                addresses.stream().map(InetAddress::getHostAddress).toList()) + ")") + " is not on loopback. The"
                + " probe sends one test message per look-alike, and to a vulnerable server a second, smuggled one"
                + " each: run it only against a server you run or are allowed to test, never against someone"
                + " else's.";
    }

    /** Why the probe will not run without the user's confirmation. */
    public String refusal(String option) {
        return host + (addresses.isEmpty() ? " does not resolve" : " is not on loopback (" + String.join(", ",
                addresses.stream().map(InetAddress::getHostAddress).toList()) + ")") + ": the smuggling probe runs"
                + " at once only against loopback; for a server you control elsewhere, add " + option;
    }
}
