package org.smtpexplorer.lab;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The lab's small certificate authority and the server certificate it issues for localhost, 127.0.0.1 and ::1.
 * Made with Bouncy Castle on first start and kept as PEM files in the data directory, so a client that trusts the
 * CA once keeps trusting the lab across restarts. A server certificate about to expire is re-issued by the same
 * CA; the CA itself is only replaced when it is missing, unreadable or about to expire.
 *
 * <p>A CA plus a leaf rather than one self-signed certificate because strict verifiers (OpenSSL, Go, some Java
 * clients) refuse a self-signed certificate that is used as a server certificate and marked CA:TRUE.
 */
final class LabCertificates {
    static final String CA_CERT = "lab-ca.pem";
    static final String CA_KEY = "lab-ca-key.pem";
    static final String SERVER_CERT = "lab-server.pem";
    static final String SERVER_KEY = "lab-server-key.pem";
    private static final String LOCK = "lab.lock";
    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    private static final Duration SERVER_LIFETIME = Duration.ofDays(825);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final List<String> DNS_NAMES = List.of("localhost", "lab.example");
    private static final List<String> IP_ADDRESSES = List.of("127.0.0.1", "::1");
    /** Threads of one JVM must not both hold the file lock: FileChannel.lock would throw for the second. */
    private static final Object JVM_LOCK = new Object();

    private final Path dir;
    private final X509Certificate caCert;
    private final X509Certificate serverCert;
    private final PrivateKey serverKey;

    private LabCertificates(Path dir, X509Certificate caCert, X509Certificate serverCert, PrivateKey serverKey) {
        this.dir = dir;
        this.caCert = caCert;
        this.serverCert = serverCert;
        this.serverKey = serverKey;
    }

    /** Loads the CA and server certificate from {@code dir}, creating or renewing what is missing or stale. */
    static LabCertificates loadOrCreate(Path dir, Clock clock) throws IOException {
        Files.createDirectories(dir);
        synchronized (JVM_LOCK) {
            try (FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return loadOrCreateLocked(dir, clock.instant());
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IOException("cannot create the lab certificates in " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private static LabCertificates loadOrCreateLocked(Path dir, Instant now)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        X509Certificate ca = readCertificate(dir.resolve(CA_CERT));
        PrivateKey caKey = readKey(dir.resolve(CA_KEY));
        if (ca == null || caKey == null || expiresSoon(ca, now)) {
            KeyPair pair = newKeyPair();
            ca = issueCa(pair, now);
            caKey = pair.getPrivate();
            writeAtomically(dir.resolve(CA_KEY), pem(new JcaPKCS8Generator(caKey, null)), true);
            writeAtomically(dir.resolve(CA_CERT), pem(ca), false);
        }
        X509Certificate server = readCertificate(dir.resolve(SERVER_CERT));
        PrivateKey serverKey = readKey(dir.resolve(SERVER_KEY));
        if (server == null || serverKey == null || expiresSoon(server, now) || !issuedBy(server, ca)
                || !coversLoopback(server)) {
            KeyPair pair = newKeyPair();
            server = issueServer(pair.getPublic(), ca, caKey, now);
            serverKey = pair.getPrivate();
            writeAtomically(dir.resolve(SERVER_KEY), pem(new JcaPKCS8Generator(serverKey, null)), true);
            writeAtomically(dir.resolve(SERVER_CERT), pem(server) + pem(ca), false);
        }
        return new LabCertificates(dir, ca, server, serverKey);
    }

    /** The CA certificate a client should trust. */
    X509Certificate caCertificate() {
        return caCert;
    }

    X509Certificate serverCertificate() {
        return serverCert;
    }

    /** Where the CA certificate is kept as PEM. */
    Path caPath() {
        return dir.resolve(CA_CERT);
    }

    String caPem() {
        return pem(caCert);
    }

    /** A server-side TLS context presenting the server certificate and the CA as its chain. */
    SSLContext serverContext() {
        try {
            char[] password = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("lab", serverKey, password, new Certificate[] {serverCert, caCert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the lab's TLS context", e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate issueCa(KeyPair pair, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500Name("CN=SMTP Explorer lab CA " + now.toString().substring(0, 10)
                + ",O=SMTP Explorer");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_LIFETIME)), name,
                pair.getPublic());
        JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(pair.getPublic()));
        return sign(b, pair.getPrivate());
    }

    private static X509Certificate issueServer(PublicKey key, X509Certificate ca, PrivateKey caKey, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SERVER_LIFETIME)),
                new X500Name("CN=localhost,O=SMTP Explorer lab"), key);
        JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        GeneralName[] names = new GeneralName[DNS_NAMES.size() + IP_ADDRESSES.size()];
        int i = 0;
        for (String dns : DNS_NAMES) {
            names[i++] = new GeneralName(GeneralName.dNSName, dns);
        }
        for (String ip : IP_ADDRESSES) {
            names[i++] = new GeneralName(GeneralName.iPAddress, ip);
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(key));
        b.addExtension(Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(ca));
        return sign(b, caKey);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static boolean expiresSoon(X509Certificate cert, Instant now) {
        return cert.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))
                || cert.getNotBefore().toInstant().isAfter(now);
    }

    private static boolean issuedBy(X509Certificate cert, X509Certificate ca) {
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean coversLoopback(X509Certificate cert) {
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return false;
            }
            Set<String> values = new HashSet<>();
            for (List<?> san : sans) {
                values.add(String.valueOf(san.get(1)));
            }
            return values.contains("localhost") && values.contains("127.0.0.1");
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static X509Certificate readCertificate(Path file) {
        Object o = readPem(file);
        if (o instanceof X509CertificateHolder holder) {
            try {
                return new JcaX509CertificateConverter().getCertificate(holder);
            } catch (GeneralSecurityException e) {
                return null;
            }
        }
        return null;
    }

    private static PrivateKey readKey(Path file) {
        Object o = readPem(file);
        if (o instanceof PrivateKeyInfo info) {
            try {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    /** The first PEM object of {@code file}, or null when it is missing or unreadable: then it is made anew. */
    private static Object readPem(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (Reader r = new StringReader(Files.readString(file, StandardCharsets.US_ASCII));
             PEMParser parser = new PEMParser(r)) {
            return parser.readObject();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String pem(Object o) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o instanceof JcaPKCS8Generator g ? g.generate() : o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write PEM", e);
        }
        return sw.toString();
    }

    /**
     * Writes {@code text} to a temporary file beside {@code target}, then renames it into place, so a reader sees
     * the old file or the whole new one, never a part. A secret is readable by its owner only; anything else (a
     * certificate) by everyone, as a file written the ordinary way would be, where temporary files are private.
     */
    static void writeAtomically(Path target, String text, boolean secret) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path tmp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        try {
            setPermissions(tmp, secret ? "rw-------" : "rw-r--r--");
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void setPermissions(Path file, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the file inherits the ACL of its directory.
        }
    }
}
