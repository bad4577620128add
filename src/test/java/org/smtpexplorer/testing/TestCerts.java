package org.smtpexplorer.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificates made with Bouncy Castle: a CA, and server certificates good or bad in chosen ways. */
public final class TestCerts {
    private static long serial = System.nanoTime();

    /** A key pair and its certificate, plus the chain to present. */
    public record Issued(KeyPair keys, X509Certificate cert, List<X509Certificate> chain) {
        public SSLContext serverContext() {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("server", keys.getPrivate(), "x".toCharArray(),
                        chain.toArray(X509Certificate[]::new));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, "x".toCharArray());
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf.getKeyManagers(), null, null);
                return ctx;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public Path writePem(Path dir, String name) throws IOException {
            Path p = dir.resolve(name);
            Files.writeString(p, pem(cert));
            return p;
        }
    }

    private TestCerts() {
    }

    public static Issued ca(String name) {
        KeyPair kp = keys();
        X509Certificate c = build(new X500Name("CN=" + name), kp, new X500Name("CN=" + name), kp, true,
                List.of(), Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
        return new Issued(kp, c, List.of(c));
    }

    /** A server certificate for {@code names} (DNS names or IP literals) issued by {@code ca}. */
    public static Issued server(Issued ca, List<String> names, Instant notBefore, Instant notAfter) {
        KeyPair kp = keys();
        X509Certificate c = build(new X500Name("CN=" + names.get(0)), kp,
                new X500Name(ca.cert().getSubjectX500Principal().getName()), ca.keys(), false, names, notBefore,
                notAfter);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(c);
        chain.add(ca.cert());
        return new Issued(kp, c, chain);
    }

    public static Issued server(Issued ca, String... names) {
        return server(ca, List.of(names), Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
    }

    /** A self-signed server certificate (its own issuer, not a CA). */
    public static Issued selfSigned(String... names) {
        KeyPair kp = keys();
        X509Certificate c = build(new X500Name("CN=" + names[0]), kp, new X500Name("CN=" + names[0]), kp, false,
                List.of(names), Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
        return new Issued(kp, c, List.of(c));
    }

    public static String pem(X509Certificate cert) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(cert);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized BigInteger nextSerial() {
        return BigInteger.valueOf(++serial);
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                         boolean isCa, List<String> names, Instant from, Instant to) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, nextSerial(), Date.from(from),
                    Date.from(to), subject, subjectKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (!isCa) {
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                GeneralName[] alt = names.stream().map(n -> n.matches("[0-9.]+") || n.contains(":")
                        ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n))
                        .toArray(GeneralName[]::new);
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build test certificate", e);
        }
    }
}
