package org.smtpexplorer.dns;

import java.net.IDN;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds where mail for a domain goes (RFC 5321 §5.1): its MX hosts by preference with their A/AAAA addresses; with
 * no MX, the domain itself (implicit MX); a null MX ("0 .", RFC 7505) means the domain takes no mail.
 */
public final class MxLookup {
    private final Resolver resolver;

    public MxLookup(Resolver resolver) {
        this.resolver = resolver;
    }

    /** The system's configured resolvers, with a 5 s timeout. */
    public static MxLookup system() {
        ExtendedResolver r = new ExtendedResolver();
        r.setTimeout(Duration.ofSeconds(5));
        return new MxLookup(r);
    }

    /** One mail server. */
    public record MxHost(int preference, String host, List<String> addresses) {
    }

    /**
     * @param domain   the domain looked up (A-label form)
     * @param hosts    by preference, lowest first
     * @param implicit true when there was no MX and the domain itself is the mail server
     */
    public record MxResult(String domain, List<MxHost> hosts, boolean implicit) {
    }

    /** Why a lookup found nothing usable, in words for people. */
    public static final class MxException extends Exception {
        private static final long serialVersionUID = 1L;

        public MxException(String message) {
            super(message);
        }
    }

    public MxResult lookup(String domain) throws MxException {
        String d = domain == null ? "" : domain.strip();
        if (d.startsWith("@")) {
            d = d.substring(1);
        }
        if (d.isEmpty()) {
            throw new MxException("Type a domain, e.g. example.com");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw new MxException("\"" + d + "\" is not a valid domain name: " + e.getMessage());
        }
        Name name = name(ascii);
        Lookup mx = lookup(name, Type.MX);
        switch (mx.getResult()) {
            case Lookup.SUCCESSFUL -> {
                List<MxHost> hosts = new ArrayList<>();
                for (Record r : mx.getAnswers()) {
                    MXRecord m = (MXRecord) r;
                    if (m.getTarget().equals(Name.root)) {
                        throw new MxException(ascii + " has a null MX (RFC 7505): it accepts no mail at all");
                    }
                    hosts.add(new MxHost(m.getPriority(), m.getTarget().toString(true), addresses(m.getTarget())));
                }
                hosts.sort(Comparator.comparingInt(MxHost::preference).thenComparing(MxHost::host));
                return new MxResult(ascii, hosts, false);
            }
            case Lookup.HOST_NOT_FOUND -> throw new MxException(ascii + " does not exist (NXDOMAIN)");
            case Lookup.TYPE_NOT_FOUND -> {
                List<String> addresses = addresses(name);
                if (addresses.isEmpty()) {
                    throw new MxException(ascii + " has no MX record and no A or AAAA record: no mail can be"
                            + " delivered to it");
                }
                return new MxResult(ascii, List.of(new MxHost(0, ascii, addresses)), true);
            }
            case Lookup.TRY_AGAIN -> throw new MxException("DNS lookup for " + ascii + " failed for now (timeout or"
                    + " server failure): " + mx.getErrorString());
            default -> throw new MxException("DNS lookup for " + ascii + " failed: " + mx.getErrorString());
        }
    }

    private List<String> addresses(Name host) {
        List<String> out = new ArrayList<>();
        Lookup a = lookup(host, Type.A);
        if (a.getResult() == Lookup.SUCCESSFUL) {
            for (Record r : a.getAnswers()) {
                out.add(((ARecord) r).getAddress().getHostAddress());
            }
        }
        Lookup aaaa = lookup(host, Type.AAAA);
        if (aaaa.getResult() == Lookup.SUCCESSFUL) {
            for (Record r : aaaa.getAnswers()) {
                out.add(((AAAARecord) r).getAddress().getHostAddress());
            }
        }
        return out;
    }

    private Lookup lookup(Name name, int type) {
        Lookup l = new Lookup(name, type);
        l.setResolver(resolver);
        l.setCache(null);
        l.run();
        return l;
    }

    private static Name name(String ascii) throws MxException {
        try {
            return Name.fromString(ascii.endsWith(".") ? ascii : ascii + ".");
        } catch (TextParseException e) {
            throw new MxException("\"" + ascii + "\" is not a valid domain name: " + e.getMessage());
        }
    }
}
