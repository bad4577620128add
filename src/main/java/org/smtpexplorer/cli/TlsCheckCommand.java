package org.smtpexplorer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.smtpexplorer.tlscheck.Mark;
import org.smtpexplorer.tlscheck.ReportJson;
import org.smtpexplorer.tlscheck.ReportText;
import org.smtpexplorer.tlscheck.SecureDns;
import org.smtpexplorer.tlscheck.TlsCheck;
import org.smtpexplorer.tlscheck.TlsCheckReport;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transport.HostPort;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** smtpx tls-check: how safely mail can reach a domain (STARTTLS and certificates, DANE, MTA-STS, TLS-RPT). */
@Command(name = "tls-check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check how safely mail can reach DOMAIN: its MX hosts; for each, whether STARTTLS is offered"
                + " and whether the certificate is valid for the MX name; DANE (TLSA records at _25._tcp.MX,"
                + " validated with DNSSEC and matched against the certificates the server presents, RFC 7672);"
                + " the domain's MTA-STS policy (RFC 8461) and whether each MX matches it; TLS-RPT (RFC 8460).",
            "Each MX host gets an SMTP session up to TLS (EHLO, STARTTLS, EHLO, QUIT); no mail is sent."},
        footerHeading = "%nExit codes:%n", footer = {
            "  0  no check failed (warnings may be listed)",
            "  2  usage error (bad option or value)",
            "  3  no mail server to check: the MX lookup failed (NXDOMAIN, null MX, no address, DNS failure)",
            "  4  at least one check failed (no STARTTLS, a TLSA record set that matches nothing or does not",
            "     validate, an MTA-STS policy that is broken or that an MX host fails in enforce mode, ...)",
            " 10  the check itself could not run (unreadable trust anchors, a file that cannot be written)"})
public final class TlsCheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "The domain mail is sent to, e.g. example.com.")
    String domain;

    @Option(names = "--resolver", paramLabel = "HOST[:PORT]", description = "Ask this DNS server (port 53 when"
            + " omitted) instead of the system's resolvers. It must pass DNSSEC records through for DANE.")
    String resolver;

    @Option(names = "--trust-anchors", paramLabel = "FILE", description = "DNSSEC trust anchors: DS or DNSKEY records"
            + " in zone-file form (default: the IANA root keys, KSK-2017 and KSK-2024).")
    Path trustAnchors;

    @Option(names = "--trust-cert", paramLabel = "PEM", description = "Also trust the certificate(s) in this PEM file,"
            + " for the MX hosts and the MTA-STS policy host.")
    List<Path> trustCert = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "For each connection, reply and the policy"
            + " fetch (default: ${DEFAULT-VALUE}).")
    int timeout = 20;

    @Option(names = "--helo", paramLabel = "NAME", description = "Name for EHLO (default: ${DEFAULT-VALUE}).")
    String helo = "localhost";

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON ("
            + ReportJson.SCHEMA + ") to FILE.")
    Path json;

    @Option(names = "--smtp-port", paramLabel = "PORT", description = "Port of the MX hosts (default: ${DEFAULT-VALUE};"
            + " another only for test setups).")
    int smtpPort = 25;

    @Option(names = "--https-port", paramLabel = "PORT", description = "Port of the MTA-STS policy host (default:"
            + " ${DEFAULT-VALUE}; another only for test setups).")
    int httpsPort = 443;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TlsCheck.Settings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            err.println("smtpx tls-check: " + Printable.escape(e.getMessage()));
            return 2;
        } catch (IOException e) {
            err.println("smtpx tls-check: " + Printable.escape(e.getMessage()));
            return 10;
        }
        TlsCheckReport report;
        try {
            report = new TlsCheck(settings).run(domain, step -> err.println("... " + Printable.escape(step)));
        } catch (IOException e) {
            err.println("smtpx tls-check: cannot use the trust anchors: " + Printable.escape(e.getMessage()));
            return 10;
        }
        out.print(ReportText.render(report));
        out.flush();
        if (json != null) {
            try {
                ReportJson.write(report, json);
            } catch (IOException e) {
                err.println("smtpx tls-check: cannot write " + json + ": " + e.getMessage());
                return 10;
            }
        }
        if (!report.mxFound()) {
            return 3;
        }
        return report.worst() == Mark.FAIL ? 4 : 0;
    }

    private TlsCheck.Settings settings() throws IOException {
        if (timeout < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second");
        }
        for (Path p : trustCert) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("--trust-cert: cannot read " + p);
            }
        }
        checkPort("--smtp-port", smtpPort);
        checkPort("--https-port", httpsPort);
        String anchors = SecureDns.ROOT_ANCHORS;
        if (trustAnchors != null) {
            if (!Files.isReadable(trustAnchors)) {
                throw new IllegalArgumentException("--trust-anchors: cannot read " + trustAnchors);
            }
            anchors = Files.readString(trustAnchors, StandardCharsets.US_ASCII);
        }
        Resolver r;
        if (resolver == null) {
            r = new ExtendedResolver();
        } else {
            HostPort hp = HostPort.parse(resolver, 53, "--resolver");
            InetAddress address;
            try {
                // A literal is parsed, not looked up; a name is resolved by the system once.
                address = InetAddress.getByName(hp.host());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--resolver: cannot resolve \"" + hp.host() + "\"");
            }
            r = new SimpleResolver(new InetSocketAddress(address, hp.port()));
        }
        r.setTimeout(Duration.ofSeconds(Math.min(timeout, 5)));
        return new TlsCheck.Settings(r, anchors, smtpPort, httpsPort, trustCert, Duration.ofSeconds(timeout), helo);
    }

    private static void checkPort(String option, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(option + " must be 1 to 65535, not " + port);
        }
    }
}
