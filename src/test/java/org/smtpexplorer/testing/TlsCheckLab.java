package org.smtpexplorer.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.tlscheck.Dane;
import org.smtpexplorer.tlscheck.TlsCheck;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.TlsSettings;

/**
 * Everything a domain TLS check meets, on loopback: two lab servers (one offering STARTTLS, one not), an HTTPS server
 * for MTA-STS policies, and a DNS server with signed zones whose TLSA records are made from the lab's actual
 * certificate.
 *
 * <p>Domains: {@code example.test} passes everything (MX {@code lab.example}, which the lab's certificate names;
 * DANE 3 1 1 and 2 0 1; MTA-STS enforce; TLS-RPT). {@code badtlsa.example.test}: a TLSA record that matches nothing.
 * {@code mismatch.example.test}: an MTA-STS policy whose mx pattern does not match. {@code missing.example.test}: the
 * policy is 404. {@code bad.example.test}: the policy says "mode: strict". {@code redirect.example.test}: the
 * policy URL redirects. {@code unsigned.test}: correct TLSA records in an unsigned zone. {@code nowhere.test}:
 * NXDOMAIN.
 */
public final class TlsCheckLab implements Closeable {
    public final LabServer lab;
    public final LabServer plainLab;
    public final HttpsServer https;
    public final TestDns dns;
    public final Path labCa;
    public final Path webCa;
    public final Path anchors;
    public final X509Certificate labLeaf;

    public TlsCheckLab(Path dir) throws IOException {
        lab = LabServer.start(LabConfig.builder().dataDir(dir.resolve("lab")).serverName("lab.example").build());
        plainLab = LabServer.start(LabConfig.builder().dataDir(dir.resolve("lab")).scenario(Scenario.NO_TLS).build());
        labCa = dir.resolve("lab-ca.pem");
        Files.writeString(labCa, lab.certificatePem());
        labLeaf = leafOf(lab.port(), labCa);

        TestCerts.Issued webCaCert = TestCerts.ca("Test web CA");
        webCa = webCaCert.writePem(dir, "web-ca.pem");
        TestCerts.Issued web = TestCerts.server(webCaCert, "mta-sts.example.test", "mta-sts.mismatch.example.test",
                "mta-sts.missing.example.test", "mta-sts.bad.example.test", "mta-sts.redirect.example.test");
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
        https.setHttpsConfigurator(new HttpsConfigurator(web.serverContext()));
        https.createContext("/.well-known/mta-sts.txt", exchange -> {
            String host = exchange.getRequestHeaders().getFirst("Host").replaceFirst(":[0-9]+$", "");
            int status = 200;
            String type = "text/plain";
            String body = switch (host) {
                case "mta-sts.example.test" -> "version: STSv1\r\nmode: enforce\r\nmx: lab.example\r\n"
                        + "mx: *.backup.example.test\r\nmax_age: 604800\r\n";
                case "mta-sts.mismatch.example.test" -> "version: STSv1\nmode: enforce\nmx: mail.other.test\n"
                        + "max_age: 86400\n";
                case "mta-sts.bad.example.test" -> "version: STSv1\nmode: strict\nmx: lab.example\nmax_age: 86400\n";
                case "mta-sts.redirect.example.test" -> {
                    status = 301;
                    exchange.getResponseHeaders().add("Location", "https://elsewhere.test/policy.txt");
                    yield "";
                }
                default -> {
                    status = 404;
                    yield "not found";
                }
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        https.start();

        String eeSpki = tlsa(labLeaf, 1, 1);
        String caCert = tlsa(lab.caCertificate(), 0, 1);
        String sts = "\"v=STSv1; id=20261130T0500\"";
        dns = new TestDns(
                TestDns.ZoneSpec.signed("lab.example").records("""
                        @ A 127.0.0.1
                        _25._tcp TLSA 3 1 1 %s
                        _25._tcp TLSA 2 0 1 %s
                        """.formatted(eeSpki, caCert)),
                TestDns.ZoneSpec.signed("example.test").records("""
                        @ MX 10 lab.example.
                        _mta-sts TXT %s
                        mta-sts A 127.0.0.1
                        _smtp._tls TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.test"
                        badtlsa MX 10 mx.badtlsa
                        mx.badtlsa A 127.0.0.1
                        _25._tcp.mx.badtlsa TLSA 3 1 1 %s
                        mismatch MX 10 lab.example.
                        _mta-sts.mismatch TXT %s
                        mta-sts.mismatch A 127.0.0.1
                        missing MX 10 lab.example.
                        _mta-sts.missing TXT %s
                        mta-sts.missing A 127.0.0.1
                        bad MX 10 lab.example.
                        _mta-sts.bad TXT %s
                        mta-sts.bad A 127.0.0.1
                        redirect MX 10 lab.example.
                        _mta-sts.redirect TXT %s
                        mta-sts.redirect A 127.0.0.1
                        """.formatted(sts, "00".repeat(32), sts, sts, sts, sts)),
                TestDns.ZoneSpec.unsigned("unsigned.test").records("""
                        @ MX 10 mx
                        mx A 127.0.0.1
                        _25._tcp.mx TLSA 3 1 1 %s
                        """.formatted(eeSpki)));
        anchors = dir.resolve("anchors.txt");
        Files.writeString(anchors, dns.trustAnchors());
    }

    /** Settings for a check of this lab, connecting to {@code smtpPort}. */
    public TlsCheck.Settings settings(int smtpPort) throws IOException {
        return new TlsCheck.Settings(dns.resolver(), dns.trustAnchors(), smtpPort, https.getAddress().getPort(),
                List.of(labCa, webCa), Duration.ofSeconds(10), "localhost");
    }

    /** The command line options that point a check at this lab. */
    public List<String> options(int smtpPort) {
        return List.of("--resolver", dns.address(), "--trust-anchors", anchors.toString(), "--smtp-port",
                String.valueOf(smtpPort), "--https-port", String.valueOf(https.getAddress().getPort()),
                "--trust-cert", labCa.toString(), "--trust-cert", webCa.toString(), "--timeout", "10");
    }

    private static X509Certificate leafOf(int port, Path ca) {
        Session s = new Session(SendRequest.of(ConnectOptions.of("127.0.0.1", port, SecurityMode.STARTTLS,
                TlsSettings.trusting(ca))).with(b -> b.quitAfter(SendRequest.Stop.TLS)), new Transcript());
        SendResult r = s.runToEnd();
        if (r.tls() == null) {
            throw new IllegalStateException("no TLS with the lab: " + r.failure());
        }
        return r.tls().chain().get(0);
    }

    private static String tlsa(X509Certificate cert, int selector, int matching) {
        try {
            return HexFormat.of().formatHex(Dane.associationData(cert, selector, matching));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        https.stop(0);
        dns.close();
        lab.close();
        plainLab.close();
    }
}
