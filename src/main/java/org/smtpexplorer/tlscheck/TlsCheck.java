package org.smtpexplorer.tlscheck;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.smtpexplorer.dns.MxLookup;
import org.smtpexplorer.engine.CapabilitySnapshot;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.HttpsGet;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.TlsInfo;
import org.smtpexplorer.transport.TlsSettings;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Checks how safely mail can reach a domain: its MX hosts; for each, STARTTLS and the certificate verdict for the MX
 * name, DANE and the MTA-STS policy's view of it; the domain's MTA-STS policy and TLS-RPT record. Blocking (DNS
 * lookups, an SMTP session per MX host up to TLS, one HTTPS fetch): run it off the FX thread.
 */
public final class TlsCheck {
    private static final String POLICY_PATH = "/.well-known/mta-sts.txt";

    /**
     * Where and how to look.
     *
     * @param resolver     the DNS resolver for every lookup (the system's, or a test server)
     * @param trustAnchors DNSSEC trust anchors, DS or DNSKEY records in zone-file form
     * @param smtpPort     the port MX hosts are connected on (25; others for test setups)
     * @param httpsPort    the port of the MTA-STS policy host (443; others for test setups)
     * @param trustedPems  certificates trusted besides the system's roots, for SMTP and the policy fetch
     * @param timeout      for each connection, reply and the policy fetch
     * @param helo         the name sent in EHLO
     */
    public record Settings(Resolver resolver, String trustAnchors, int smtpPort, int httpsPort, List<Path> trustedPems,
                           Duration timeout, String helo) {
        public Settings {
            Objects.requireNonNull(resolver, "resolver");
            Objects.requireNonNull(trustAnchors, "trustAnchors");
            trustedPems = List.copyOf(trustedPems);
            if (smtpPort < 1 || smtpPort > 65535 || httpsPort < 1 || httpsPort > 65535) {
                throw new IllegalArgumentException("ports must be 1 to 65535");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }

        /** The system's resolvers and the IANA root trust anchors, ports 25 and 443, 20 s timeouts. */
        public static Settings system() {
            ExtendedResolver r = new ExtendedResolver();
            r.setTimeout(Duration.ofSeconds(5));
            return new Settings(r, SecureDns.ROOT_ANCHORS, 25, 443, List.of(), Duration.ofSeconds(20), "localhost");
        }
    }

    private final Settings settings;
    private final SecureDns dns;
    private final Clock clock;
    private volatile boolean cancelled;
    /** The SMTP session under way, which {@link #cancel()} ends at once. */
    private volatile Session current;

    public TlsCheck(Settings settings) throws IOException {
        this(settings, Clock.systemUTC());
    }

    TlsCheck(Settings settings, Clock clock) throws IOException {
        this.settings = settings;
        this.dns = new SecureDns(settings.resolver(), settings.trustAnchors());
        this.clock = clock;
    }

    /**
     * Stops the check from any thread: the SMTP session under way ends at once, and {@link #run} throws
     * {@link CancellationException} at its next step (a DNS lookup or the policy fetch under way runs to its timeout).
     */
    public void cancel() {
        cancelled = true;
        Session s = current;
        if (s != null) {
            s.cancel();
        }
    }

    private void step(Consumer<String> progress, String what) {
        if (cancelled) {
            throw new CancellationException("the TLS check was cancelled");
        }
        progress.accept(what);
    }

    /**
     * Checks {@code domain}; {@code progress} hears what is being done, a line at a time.
     *
     * @throws CancellationException when {@link #cancel()} was called
     */
    public TlsCheckReport run(String domain, Consumer<String> progress) {
        Instant now = clock.instant();
        String when = now.truncatedTo(ChronoUnit.SECONDS).toString();
        List<TlsCheckReport.Section> sections = new ArrayList<>();
        step(progress, "Looking up MX for " + domain);
        MxLookup.MxResult mx;
        try {
            mx = new MxLookup(settings.resolver()).lookup(domain);
        } catch (MxLookup.MxException e) {
            sections.add(new TlsCheckReport.Section("MX lookup", "", List.of(Finding.fail(e.getMessage(),
                    "RFC 5321 §5.1"))));
            return new TlsCheckReport(domain == null ? "" : domain.strip(), when, false, sections);
        }
        String d = mx.domain();
        sections.add(mxSection(mx));
        step(progress, "Looking up the MTA-STS policy of " + d);
        PolicyResult policy = mtaSts(d);
        sections.add(policy.section());
        for (MxLookup.MxHost h : mx.hosts()) {
            step(progress, "Connecting to " + h.host() + " port " + settings.smtpPort());
            SmtpProbe probe = smtp(h);
            sections.add(smtpSection(h, probe));
            step(progress, "Looking up TLSA for " + h.host());
            sections.add(daneSection(h, probe, now));
            if (policy.policy() != null) {
                sections.add(policySection(h, probe, policy.policy()));
            }
        }
        step(progress, "Looking up TLS-RPT for " + d);
        sections.add(tlsRpt(d));
        return new TlsCheckReport(d, when, true, sections);
    }

    private TlsCheckReport.Section mxSection(MxLookup.MxResult mx) {
        List<Finding> f = new ArrayList<>();
        if (mx.implicit()) {
            f.add(Finding.info(mx.domain() + " has no MX record: mail goes to the domain itself (implicit MX)",
                    "RFC 5321 §5.1"));
        } else {
            List<String> hosts = mx.hosts().stream().map(h -> h.preference() + " " + h.host()).toList();
            f.add(Finding.pass(mx.hosts().size() + " MX host(s): " + String.join(", ", hosts), "RFC 5321 §5.1"));
        }
        SecureDns.Answer answer = dns.query(name(mx.domain()), mx.implicit() ? Type.A : Type.MX);
        if (answer.security() == SecureDns.Security.SECURE) {
            f.add(Finding.pass("the " + (mx.implicit() ? "address" : "MX") + " records are DNSSEC-validated",
                    "RFC 7672 §2.2.1"));
        } else {
            f.add(Finding.info("the " + (mx.implicit() ? "address" : "MX") + " records are "
                    + answer.securityText() + ": a forged answer could send mail elsewhere unnoticed, and DANE"
                    + " protects only the hosts the answer names", "RFC 7672 §2.2.1"));
        }
        return new TlsCheckReport.Section("MX lookup", "", f);
    }

    /** What an SMTP session up to TLS found out. */
    private record SmtpProbe(boolean connected, boolean startTlsOffered, TlsInfo tls, String failure) {
    }

    private SmtpProbe smtp(MxLookup.MxHost h) {
        if (h.addresses().isEmpty()) {
            return new SmtpProbe(false, false, null, h.host() + " has no A or AAAA record");
        }
        // Insecure only so that the handshake completes and the chain is recorded whatever the verdict: the verdict
        // is still computed, and DANE and MTA-STS judge the chain themselves.
        ConnectOptions options = new ConnectOptions(h.host(), settings.smtpPort(), SecurityMode.STARTTLS_IF_AVAILABLE,
                new TlsSettings(settings.trustedPems(), true, List.of()), "any", settings.timeout(),
                settings.timeout(), h.addresses());
        SendRequest request = SendRequest.of(options).with(b -> b.helo(settings.helo())
                .quitAfter(SendRequest.Stop.TLS));
        Session session = new Session(request, new Transcript());
        current = session;
        if (cancelled) {
            throw new CancellationException("the TLS check was cancelled");
        }
        SendResult result;
        try {
            result = session.runToEnd();
        } finally {
            current = null;
        }
        if (cancelled) {
            throw new CancellationException("the TLS check was cancelled");
        }
        List<CapabilitySnapshot> history = session.capabilityHistory();
        boolean offered = !history.isEmpty() && history.get(0).capabilities().startTls();
        TlsInfo tls = result.tls() != null ? result.tls() : session.tlsInfo();
        boolean connected = !history.isEmpty() || tls != null;
        String failure = result.failure() == null ? null : result.failure().getMessage();
        return new SmtpProbe(connected, offered, tls, failure);
    }

    private TlsCheckReport.Section smtpSection(MxLookup.MxHost h, SmtpProbe p) {
        List<Finding> f = new ArrayList<>();
        String title = "MX " + h.preference() + " " + h.host() + ": STARTTLS and certificate";
        if (h.addresses().isEmpty()) {
            f.add(Finding.fail(h.host() + " has no A or AAAA record: mail cannot be delivered to it",
                    "RFC 5321 §5.1"));
            return new TlsCheckReport.Section(title, h.host(), f);
        }
        f.add(Finding.info("addresses: " + String.join(", ", h.addresses()) + "; port " + settings.smtpPort(), ""));
        if (!p.connected()) {
            boolean noConnection = p.failure() != null && p.failure().startsWith("cannot connect");
            f.add(Finding.fail("no SMTP session: " + p.failure() + (noConnection && settings.smtpPort() == 25
                    ? " (many networks and ISPs block outgoing connections to port 25)" : ""), ""));
            return new TlsCheckReport.Section(title, h.host(), f);
        }
        if (!p.startTlsOffered()) {
            f.add(Finding.fail("STARTTLS is not offered: mail to this host crosses the network in clear text",
                    "RFC 3207"));
            return new TlsCheckReport.Section(title, h.host(), f);
        }
        f.add(Finding.pass("STARTTLS is offered", "RFC 3207"));
        TlsInfo tls = p.tls();
        if (tls == null) {
            f.add(Finding.fail("STARTTLS failed: " + (p.failure() == null ? "TLS was not established" : p.failure()),
                    "RFC 3207"));
            return new TlsCheckReport.Section(title, h.host(), f);
        }
        f.add(Finding.pass("TLS established: " + tls.protocol() + ", " + tls.cipherSuite(), ""));
        if (!tls.chain().isEmpty()) {
            var leaf = tls.chain().get(0);
            f.add(Finding.info("certificate: " + leaf.getSubjectX500Principal().getName() + ", issued by "
                    + leaf.getIssuerX500Principal().getName() + ", valid until " + leaf.getNotAfter().toInstant()
                    + "; " + tls.chain().size() + " certificate(s) presented", ""));
        }
        if (tls.verified()) {
            f.add(Finding.pass("certificate verified for " + h.host() + ": " + tls.verdict(), "RFC 6125"));
        } else {
            // Opportunistic STARTTLS accepts any certificate (RFC 7435); MTA-STS and DANE say more below.
            f.add(Finding.warn("certificate NOT verified for " + h.host() + ": "
                    + tls.verdict().replaceFirst("^NOT verified: ", "").replaceFirst("\\.$", "")
                    + "; without DANE or MTA-STS a sender"
                    + " may still deliver (opportunistic TLS)", "RFC 7435"));
        }
        if (p.failure() != null) {
            f.add(Finding.warn("the session then failed: " + p.failure(), ""));
        }
        return new TlsCheckReport.Section(title, h.host(), f);
    }

    private TlsCheckReport.Section daneSection(MxLookup.MxHost h, SmtpProbe p, Instant now) {
        String base = "_25._tcp." + h.host();
        String title = "MX " + h.preference() + " " + h.host() + ": DANE";
        List<Finding> f = new ArrayList<>();
        SecureDns.Answer a = dns.query(name(base), Type.TLSA);
        List<TLSARecord> records = a.records().stream().map(TLSARecord.class::cast).toList();
        switch (a.security()) {
            case BOGUS -> f.add(Finding.fail("TLSA lookup for " + base + ": " + a.securityText() + "; a DANE client"
                    + " must not deliver to this host", "RFC 7672 §2.1.1"));
            case FAILED -> f.add(Finding.fail("TLSA lookup for " + base + " failed: " + a.reason() + "; a DANE"
                    + " client defers delivery to this host", "RFC 7672 §2.1.1"));
            case INSECURE -> {
                if (records.isEmpty()) {
                    f.add(Finding.info("no TLSA record at " + base + ": DANE does not apply", "RFC 7672 §2.2"));
                } else {
                    f.add(Finding.warn(records.size() + " TLSA record(s) found at " + base + " but not DNSSEC-"
                            + "validated: DANE does not apply (" + a.securityText() + ")", "RFC 7672 §2.2"));
                    for (TLSARecord r : records) {
                        f.add(Finding.info("TLSA " + Dane.explain(r) + " " + Dane.shortData(r) + " (not used)", ""));
                    }
                }
            }
            case SECURE -> {
                if (records.isEmpty()) {
                    f.add(Finding.info("no TLSA record at " + base + " (securely denied, DNSSEC-validated): DANE"
                            + " does not apply", "RFC 7672 §2.2"));
                } else if (p.tls() == null) {
                    f.add(Finding.fail(records.size() + " DNSSEC-validated TLSA record(s) at " + base + ", but no"
                            + " TLS session: DANE makes STARTTLS mandatory, so a DANE client must not deliver",
                            "RFC 7672 §2.2"));
                } else {
                    f.add(Finding.pass(records.size() + " TLSA record(s) at " + base + ", DNSSEC-validated",
                            "RFC 7672 §2.2"));
                    Dane.Verdict v = Dane.check(records, p.tls().chain(), h.host(), now);
                    f.addAll(v.records());
                    f.add(new Finding(v.mark(), v.summary(), ""));
                }
            }
            default -> throw new IllegalStateException(a.security().name());
        }
        return new TlsCheckReport.Section(title, h.host(), f);
    }

    /** The domain's MTA-STS section, and the policy when one was fetched and is valid. */
    private record PolicyResult(TlsCheckReport.Section section, MtaSts.Policy policy) {
    }

    private PolicyResult mtaSts(String domain) {
        String title = "MTA-STS policy of " + domain;
        List<Finding> f = new ArrayList<>();
        String txtName = "_mta-sts." + domain;
        SecureDns.Answer a = dns.query(name(txtName), Type.TXT);
        if (a.security() == SecureDns.Security.FAILED || a.security() == SecureDns.Security.BOGUS) {
            f.add(Finding.warn("TXT lookup for " + txtName + ": " + a.securityText(), "RFC 8461 §3.1"));
            return new PolicyResult(new TlsCheckReport.Section(title, "", f), null);
        }
        List<String> texts = SecureDns.texts(a);
        if (texts.stream().noneMatch(t -> t.startsWith("v=STSv1"))) {
            f.add(Finding.info("no MTA-STS record at " + txtName + ": the domain publishes no policy",
                    "RFC 8461 §3.1"));
            return new PolicyResult(new TlsCheckReport.Section(title, "", f), null);
        }
        MtaSts.TxtRecord record;
        try {
            record = MtaSts.parseTxt(texts);
        } catch (MtaSts.MtaStsException e) {
            f.add(Finding.fail("the MTA-STS record at " + txtName + " is invalid: " + e.getMessage()
                    + "; senders assume there is no policy", "RFC 8461 §3.1"));
            return new PolicyResult(new TlsCheckReport.Section(title, "", f), null);
        }
        f.add(Finding.pass("record at " + txtName + ": \"" + record.text() + "\" (policy id " + record.id() + ")",
                "RFC 8461 §3.1"));
        String host = "mta-sts." + domain;
        String url = "https://" + host + (settings.httpsPort() == 443 ? "" : ":" + settings.httpsPort())
                + POLICY_PATH;
        List<String> addresses = addresses(host);
        if (addresses.isEmpty()) {
            f.add(Finding.fail(host + " has no A or AAAA record: the policy cannot be fetched", "RFC 8461 §3.3"));
            return new PolicyResult(new TlsCheckReport.Section(title, "", f), null);
        }
        HttpsGet.Response response;
        try {
            response = HttpsGet.get(host, addresses, settings.httpsPort(), POLICY_PATH,
                    new TlsSettings(settings.trustedPems(), false, List.of()), settings.timeout(),
                    MtaSts.MAX_POLICY_BYTES);
        } catch (HttpsGet.HttpsException e) {
            f.add(Finding.fail("fetching " + url + " failed: " + e.getMessage() + "; with no valid policy, a"
                    + " sender treats the domain as having none", "RFC 8461 §3.3"));
            return new PolicyResult(new TlsCheckReport.Section(title, "", f), null);
        }
        if (response.status() != 200) {
            String location = response.header("location");
            f.add(Finding.fail(url + " answered HTTP " + response.status()
                    + (response.status() / 100 == 3 ? ", a redirect" + (location == null ? "" : " to " + location)
                    + ", which is not followed" : "") + ": only 200 gives a policy", "RFC 8461 §3.3"));
            return new PolicyResult(new TlsCheckReport.Section(title, "", f), null);
        }
        MtaSts.Policy policy;
        try {
            policy = MtaSts.parsePolicy(response.body(), response.header("content-type"));
        } catch (MtaSts.MtaStsException e) {
            f.add(Finding.fail("the policy at " + url + " is invalid: " + e.getMessage(), "RFC 8461 §3.2"));
            return new PolicyResult(new TlsCheckReport.Section(title, "", f), null);
        }
        f.add(Finding.pass("policy fetched from " + url + " over verified HTTPS (" + response.tls().protocol() + ")",
                "RFC 8461 §3.3"));
        f.add(Finding.info("mode: " + policy.mode().name().toLowerCase(java.util.Locale.ROOT) + " - " + switch (
                policy.mode()) {
            case ENFORCE -> "senders must not deliver to an MX host that fails the policy";
            case TESTING -> "failures are only reported (TLS-RPT); mail is still delivered";
            case NONE -> "the domain has withdrawn its policy";
        }, "RFC 8461 §5"));
        f.add(Finding.info("max_age: " + policy.maxAge() + " s (" + age(policy.maxAge()) + ")"
                + (policy.maxAge() < 86_400 ? "; under a day, shorter than RFC 8461 §3.2 recommends (weeks or more)"
                : ""), "RFC 8461 §3.2"));
        f.add(Finding.info("mx: " + (policy.mx().isEmpty() ? "(none)" : String.join(", ", policy.mx())),
                "RFC 8461 §4.1"));
        return new PolicyResult(new TlsCheckReport.Section(title, "", f), policy);
    }

    private TlsCheckReport.Section policySection(MxLookup.MxHost h, SmtpProbe p, MtaSts.Policy policy) {
        List<Finding> f = new ArrayList<>();
        String title = "MX " + h.preference() + " " + h.host() + ": MTA-STS";
        String source = "RFC 8461 §4";
        String consequence = switch (policy.mode()) {
            case ENFORCE -> ": in enforce mode a sender must not deliver to it";
            case TESTING -> ": in testing mode this is only reported";
            case NONE -> " (mode none: nothing is required)";
        };
        String pattern = policy.matching(h.host());
        if (pattern != null) {
            f.add(Finding.pass(h.host() + " matches the policy's mx pattern " + pattern, "RFC 8461 §4.1"));
        } else {
            f.add(breach(policy, h.host() + " matches none of the policy's mx patterns ("
                    + String.join(", ", policy.mx()) + ")" + consequence, "RFC 8461 §4.1"));
        }
        if (p.tls() == null) {
            f.add(breach(policy, "no TLS session with " + h.host() + consequence, source));
        } else if (p.tls().verified()) {
            f.add(Finding.pass("its certificate is valid for " + h.host() + ", as the policy requires",
                    "RFC 8461 §4.2"));
        } else {
            f.add(breach(policy, "its certificate is not valid for " + h.host() + consequence, "RFC 8461 §4.2"));
        }
        return new TlsCheckReport.Section(title, h.host(), f);
    }

    private static Finding breach(MtaSts.Policy policy, String text, String source) {
        return new Finding(switch (policy.mode()) {
            case ENFORCE -> Mark.FAIL;
            case TESTING -> Mark.WARN;
            case NONE -> Mark.INFO;
        }, text, source);
    }

    private TlsCheckReport.Section tlsRpt(String domain) {
        String title = "TLS-RPT";
        String name = "_smtp._tls." + domain;
        SecureDns.Answer a = dns.query(name(name), Type.TXT);
        List<Finding> f = new ArrayList<>();
        if (a.security() == SecureDns.Security.FAILED || a.security() == SecureDns.Security.BOGUS) {
            f.add(Finding.warn("TXT lookup for " + name + ": " + a.securityText(), "RFC 8460 §3"));
        } else {
            List<String> texts = SecureDns.texts(a);
            if (texts.stream().noneMatch(t -> t.startsWith("v=TLSRPTv1"))) {
                f.add(Finding.info("no TLS-RPT record at " + name + ": senders have nowhere to report TLS"
                        + " failures", "RFC 8460 §3"));
            } else {
                try {
                    TlsRpt.Record r = TlsRpt.parse(texts);
                    f.add(Finding.pass("reports of TLS failures go to " + String.join(", ", r.rua()) + " (\""
                            + r.text() + "\")", "RFC 8460 §3"));
                } catch (TlsRpt.TlsRptException e) {
                    f.add(Finding.warn("the TLS-RPT record at " + name + " is invalid: " + e.getMessage(),
                            "RFC 8460 §3"));
                }
            }
        }
        return new TlsCheckReport.Section(title, "", f);
    }

    private List<String> addresses(String host) {
        List<String> out = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Lookup l;
            try {
                l = new Lookup(name(host), type);
            } catch (IllegalArgumentException e) {
                return out;
            }
            l.setResolver(settings.resolver());
            l.setCache(null);
            Record[] records = l.run();
            if (records != null) {
                for (Record r : records) {
                    if (r instanceof ARecord ar) {
                        out.add(ar.getAddress().getHostAddress());
                    } else if (r instanceof AAAARecord ar) {
                        out.add(ar.getAddress().getHostAddress());
                    }
                }
            }
        }
        return out;
    }

    private static Name name(String s) {
        try {
            return Name.fromString(s.endsWith(".") ? s : s + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("\"" + s + "\" is not a valid domain name: " + e.getMessage(), e);
        }
    }

    private static String age(long seconds) {
        if (seconds >= 86_400) {
            return seconds / 86_400 + " day(s)";
        }
        if (seconds >= 3600) {
            return seconds / 3600 + " hour(s)";
        }
        return seconds + " second(s)";
    }
}
