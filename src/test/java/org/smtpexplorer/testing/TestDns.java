package org.smtpexplorer.testing;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server for tests, on 127.0.0.1 over UDP and TCP, answering from zones made in the test. A
 * signed zone gets a key (ECDSA P-256, one key as KSK and ZSK), an RRSIG on every RRset and an NSEC chain, so that
 * its answers, positive and negative, validate from {@link #trustAnchors()}; an unsigned zone gets neither. Answers
 * too large for UDP come back truncated, and the client retries over TCP. No wildcards, no delegations, no CNAMEs.
 */
public final class TestDns implements Closeable {
    private static final long TTL = 300;

    /** One zone's data before it is served. */
    public static final class ZoneSpec {
        private final Name origin;
        private final boolean signed;
        private final List<Record> records = new ArrayList<>();

        private ZoneSpec(Name origin, boolean signed) {
            this.origin = origin;
            this.signed = signed;
        }

        public static ZoneSpec signed(String origin) {
            return new ZoneSpec(name(origin), true);
        }

        public static ZoneSpec unsigned(String origin) {
            return new ZoneSpec(name(origin), false);
        }

        /** Adds records in zone-file form, one per line, names relative to the origin ("@" for the apex). */
        public ZoneSpec records(String zoneFileLines) {
            for (String line : zoneFileLines.strip().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    String[] parts = line.strip().split("\\s+", 3);
                    Name owner = parts[0].equals("@") ? origin : Name.fromString(parts[0], origin);
                    records.add(Record.fromString(owner, Type.value(parts[1]), DClass.IN, TTL, parts[2], origin));
                } catch (IOException e) {
                    throw new IllegalArgumentException("bad test record \"" + line + "\": " + e.getMessage(), e);
                }
            }
            return this;
        }
    }

    /** A zone as served: RRsets by name and type, each with its RRSIG when signed. */
    private static final class Zone {
        final Name origin;
        final boolean signed;
        final TreeMap<Name, Map<Integer, RRset>> names = new TreeMap<>();
        DNSKEYRecord key;

        Zone(Name origin, boolean signed) {
            this.origin = origin;
            this.signed = signed;
        }

        RRset get(Name n, int type) {
            Map<Integer, RRset> m = names.get(n);
            return m == null ? null : m.get(type);
        }
    }

    private final List<Zone> zones = new ArrayList<>();
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private volatile boolean closed;

    public TestDns(ZoneSpec... specs) throws IOException {
        for (ZoneSpec s : specs) {
            zones.add(build(s));
        }
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        tcp = new ServerSocket(0, 50, lo);
        udp = new DatagramSocket(new InetSocketAddress(lo, tcp.getLocalPort()));
        start("test-dns-udp", this::serveUdp);
        start("test-dns-tcp", this::serveTcp);
    }

    public int port() {
        return udp.getLocalPort();
    }

    /** "127.0.0.1:PORT", as --resolver takes it. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** A resolver that asks this server only. */
    public SimpleResolver resolver() throws IOException {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port()));
        r.setTimeout(Duration.ofSeconds(3));
        return r;
    }

    /** The DNSKEY of every signed zone, in zone-file form: the trust anchors that validate them. */
    public String trustAnchors() {
        StringBuilder sb = new StringBuilder();
        for (Zone z : zones) {
            if (z.signed) {
                sb.append(z.key).append('\n');
            }
        }
        return sb.toString();
    }

    private static Zone build(ZoneSpec spec) {
        Zone z = new Zone(spec.origin, spec.signed);
        List<Record> all = new ArrayList<>(spec.records);
        all.add(new SOARecord(spec.origin, DClass.IN, TTL, name("ns." + spec.origin), name("hostmaster." + spec.origin),
                1, 3600, 600, 86400, TTL));
        all.add(new NSRecord(spec.origin, DClass.IN, TTL, name("ns." + spec.origin)));
        KeyPair keys = null;
        if (spec.signed) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                keys = g.generateKeyPair();
                z.key = new DNSKEYRecord(spec.origin, DClass.IN, TTL,
                        DNSKEYRecord.Flags.ZONE_KEY | DNSKEYRecord.Flags.SEP_KEY, DNSKEYRecord.Protocol.DNSSEC,
                        DNSSEC.Algorithm.ECDSAP256SHA256, keys.getPublic());
            } catch (GeneralSecurityException | DNSSEC.DNSSECException e) {
                throw new IllegalStateException("cannot make a zone key", e);
            }
            all.add(z.key);
        }
        for (Record r : all) {
            z.names.computeIfAbsent(r.getName(), n -> new LinkedHashMap<>())
                    .computeIfAbsent(r.getType(), t -> new RRset()).addRR(r);
        }
        if (spec.signed) {
            List<Name> owners = new ArrayList<>(z.names.keySet());
            for (int i = 0; i < owners.size(); i++) {
                Name owner = owners.get(i);
                Name next = owners.get((i + 1) % owners.size());
                TreeSet<Integer> types = new TreeSet<>(z.names.get(owner).keySet());
                types.add(Type.RRSIG);
                types.add(Type.NSEC);
                z.names.get(owner).put(Type.NSEC, new RRset(new NSECRecord(owner, DClass.IN, TTL, next,
                        types.stream().mapToInt(Integer::intValue).toArray())));
            }
            Instant now = Instant.now();
            for (Map<Integer, RRset> byType : z.names.values()) {
                for (RRset set : byType.values()) {
                    try {
                        RRSIGRecord sig = DNSSEC.sign(set, z.key, keys.getPrivate(), now.minus(Duration.ofHours(1)),
                                now.plus(Duration.ofDays(7)));
                        set.addRR(sig);
                    } catch (DNSSEC.DNSSECException e) {
                        throw new IllegalStateException("cannot sign " + set, e);
                    }
                }
            }
        }
        return z;
    }

    Message answer(Message query) {
        Record q = query.getQuestion();
        Message a = new Message(query.getHeader().getID());
        a.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            a.getHeader().setFlag(Flags.RD);
        }
        if (q == null) {
            a.getHeader().setRcode(Rcode.FORMERR);
            return a;
        }
        a.addRecord(q, Section.QUESTION);
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            a.addRecord(new OPTRecord(4096, 0, 0, opt.getFlags() & ExtendedFlags.DO), Section.ADDITIONAL);
        }
        Name qname = q.getName();
        Zone zone = null;
        for (Zone z : zones) {
            if (qname.subdomain(z.origin) && (zone == null || z.origin.labels() > zone.origin.labels())) {
                zone = z;
            }
        }
        if (zone == null) {
            a.getHeader().setRcode(Rcode.REFUSED);
            return a;
        }
        a.getHeader().setFlag(Flags.AA);
        RRset found = zone.get(qname, q.getType());
        if (found != null) {
            add(a, found, Section.ANSWER);
            return a;
        }
        boolean exists = zone.names.containsKey(qname) || hasDescendant(zone, qname);
        if (!exists) {
            a.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        add(a, zone.get(zone.origin, Type.SOA), Section.AUTHORITY);
        if (zone.signed) {
            if (zone.names.containsKey(qname)) {
                add(a, zone.get(qname, Type.NSEC), Section.AUTHORITY);
            } else {
                RRset covering = covering(zone, qname);
                add(a, covering, Section.AUTHORITY);
                if (!exists) {
                    Name encloser = qname;
                    while (!zone.names.containsKey(encloser) && !hasDescendant(zone, encloser)
                            || encloser.equals(qname)) {
                        encloser = new Name(encloser, 1);
                    }
                    RRset wildcard = covering(zone, name("*." + encloser));
                    if (!wildcard.equals(covering)) {
                        add(a, wildcard, Section.AUTHORITY);
                    }
                }
            }
        }
        return a;
    }

    private static boolean hasDescendant(Zone zone, Name n) {
        return zone.names.keySet().stream().anyMatch(x -> !x.equals(n) && x.subdomain(n));
    }

    /** The NSEC whose owner comes last before {@code n} in canonical order (wrapping to the last one). */
    private static RRset covering(Zone zone, Name n) {
        Name owner = zone.names.lowerKey(n);
        if (owner == null) {
            owner = zone.names.lastKey();
        }
        return zone.get(owner, Type.NSEC);
    }

    private static void add(Message m, RRset set, int section) {
        for (Record r : set.rrs(false)) {
            m.addRecord(r, section);
        }
        for (RRSIGRecord s : set.sigs()) {
            m.addRecord(s, section);
        }
    }

    private void serveUdp() {
        byte[] buf = new byte[4096];
        while (!closed) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                Message query = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                OPTRecord opt = query.getOPT();
                int max = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
                byte[] out = answer(query).toWire(max);
                udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("test DNS (UDP): " + e);
                }
            }
        }
    }

    private void serveTcp() {
        while (!closed) {
            try (Socket s = tcp.accept()) {
                s.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                int length = in.readUnsignedShort();
                byte[] query = in.readNBytes(length);
                byte[] wire = answer(new Message(query)).toWire();
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("test DNS (TCP): " + e);
                }
            }
        }
    }

    private static void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    static Name name(String s) {
        return Name.fromConstantString(s.endsWith(".") ? s : s + ".");
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // Closing: nothing to do.
        }
    }
}
