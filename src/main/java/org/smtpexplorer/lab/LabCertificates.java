package org.smtpexplorer.lab;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
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
import org.smtpexplorer.AtomicReplace;

/**
 * The lab's small certificate authority and the server certificate it issues for localhost, 127.0.0.1 and ::1.
 * Made with Bouncy Castle on first start and kept as PEM files in the data directory, so a client that trusts the
 * CA once keeps trusting the lab across restarts. A server certificate about to expire is re-issued by the same
 * CA for the same key (so a client that pinned the key sees no change); the CA itself is only replaced when it is
 * missing, unreadable, about to expire, or made by an older version without its name constraint.
 *
 * <p>People are told to trust this CA, and some will put it in a system or browser trust store. So it may vouch for
 * the lab's own names only: a critical name constraint (RFC 5280 §4.2.1.10) permits the DNS names localhost and
 * lab.example (and below it) and the addresses 127.0.0.0/8 and ::1, and nothing else. The lab's mail domains
 * (example.com, example.de, ...) are not server names and are left out on purpose: example.com is a real web host.
 *
 * <p>The chain is a root (lab-ca.pem, what clients trust), an issuing CA, and the server certificate. The root and
 * the issuing CA both carry the constraint: OpenSSL and browsers apply a trusted root's constraint, but Java's PKIX
 * validator ignores the constraints of its trust anchor and applies only those of the certificates below it. The
 * root's private key is thrown away once it has signed the issuing CA, so nothing (not even malware that reads the
 * data folder) can sign an unconstrained CA under the trusted root; when the pair nears its end both are made anew.
 *
 * <p>The issuing key does stay on disk, so the lifetimes are short too: a year for the CAs, which a client re-trusts
 * once a year, and 90 days for the server certificate (renewed unseen 30 days ahead, as public CAs do at that
 * length), capped at the CAs' own end.
 *
 * <p>A CA plus a leaf rather than one self-signed certificate because strict verifiers (OpenSSL, Go, some Java
 * clients) refuse a self-signed certificate that is used as a server certificate and marked CA:TRUE.
 */
final class LabCertificates {
    static final String CA_CERT = "lab-ca.pem";
    /** Where versions before the name constraint kept the root's key; deleted when their CA is replaced. */
    static final String OLD_CA_KEY = "lab-ca-key.pem";
    static final String ISSUING_CERT = "lab-issuing-ca.pem";
    static final String ISSUING_KEY = "lab-issuing-ca-key.pem";
    static final String SERVER_CERT = "lab-server.pem";
    static final String SERVER_KEY = "lab-server-key.pem";
    private static final String LOCK = "lab.lock";
    static final Duration CA_LIFETIME = Duration.ofDays(365);
    static final Duration SERVER_LIFETIME = Duration.ofDays(90);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** Backdated so that a client whose clock is a little behind still accepts a fresh certificate. */
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final List<String> DNS_NAMES = List.of("localhost", "lab.example");
    private static final List<String> IP_ADDRESSES = List.of("127.0.0.1", "::1");
    /** The CA's permitted subtrees: the names above (lab.example with its subdomains) and all of 127/8. */
    static final List<String> PERMITTED_DNS = List.of("localhost", "lab.example");
    static final List<String> PERMITTED_IP = List.of("127.0.0.0/8", "::1/128");
    /** Threads of one JVM must not both hold the file lock: FileChannel.lock would throw for the second. */
    private static final Object JVM_LOCK = new Object();

    private final Path dir;
    private final X509Certificate caCert;
    private final X509Certificate issuingCert;
    private final X509Certificate serverCert;
    private final PrivateKey serverKey;

    private LabCertificates(Path dir, X509Certificate caCert, X509Certificate issuingCert, X509Certificate serverCert,
                            PrivateKey serverKey) {
        this.issuingCert = issuingCert;
        this.dir = dir;
        this.caCert = caCert;
        this.serverCert = serverCert;
        this.serverKey = serverKey;
    }

    /** Loads the CA and server certificate from {@code dir}, creating or renewing what is missing or stale. */
    static LabCertificates loadOrCreate(Path dir, Clock clock) throws IOException {
        return loadOrCreate(dir, clock, note -> { });
    }

    /** As {@link #loadOrCreate(Path, Clock)}; {@code notes} hears of a CA replaced for a reason a user must know. */
    static LabCertificates loadOrCreate(Path dir, Clock clock, Consumer<String> notes) throws IOException {
        Files.createDirectories(dir);
        synchronized (JVM_LOCK) {
            try (FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return loadOrCreateLocked(dir, clock.instant(), notes);
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IOException("cannot create the lab certificates in " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private static LabCertificates loadOrCreateLocked(Path dir, Instant now, Consumer<String> notes)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        X509Certificate ca = readCertificate(dir.resolve(CA_CERT));
        X509Certificate issuing = readCertificate(dir.resolve(ISSUING_CERT));
        PrivateKey issuingKey = readKey(dir.resolve(ISSUING_KEY));
        boolean older = ca != null && !constrained(ca);
        if (ca == null || older || expiresSoon(ca, now) || issuing == null || issuingKey == null
                || !constrained(issuing) || !issuedBy(issuing, ca) || !matches(issuing.getPublicKey(), issuingKey)) {
            if (older) {
                notes.accept("The lab CA in " + dir.resolve(CA_CERT) + " was made by an older version without a name"
                        + " constraint (it could vouch for any host, valid until " + ca.getNotAfter().toInstant()
                        + "); replaced by a CA limited to localhost, lab.example, 127.0.0.0/8 and ::1, valid for "
                        + CA_LIFETIME.toDays() + " days. Anything that trusted the old lab-ca.pem must trust the new"
                        + " one, and should drop the old one.");
            }
            KeyPair root = newKeyPair();
            KeyPair pair = newKeyPair();
            ca = issueRoot(root, now);
            issuing = issueIssuing(pair.getPublic(), ca, root.getPrivate(), now);
            issuingKey = pair.getPrivate();
            // The root's key is forgotten here, never written: nothing can sign another intermediate under it.
            writeAtomically(dir.resolve(ISSUING_KEY), pem(new JcaPKCS8Generator(issuingKey, null)), true);
            writeAtomically(dir.resolve(ISSUING_CERT), pem(issuing), false);
            writeAtomically(dir.resolve(CA_CERT), pem(ca), false);
            // An older version's root key has no use left and must not lie around.
            Files.deleteIfExists(dir.resolve(OLD_CA_KEY));
        }
        X509Certificate server = readCertificate(dir.resolve(SERVER_CERT));
        PrivateKey serverKey = readKey(dir.resolve(SERVER_KEY));
        if (server == null || serverKey == null || expiresSoon(server, now) || !issuedBy(server, issuing)
                || !coversLoopback(server)) {
            // Renewal keeps a readable key that still matches: a client that pinned it sees no change.
            if (serverKey == null || server == null || !matches(server.getPublicKey(), serverKey)) {
                KeyPair pair = newKeyPair();
                serverKey = pair.getPrivate();
                server = issueServer(pair.getPublic(), issuing, issuingKey, now);
                writeAtomically(dir.resolve(SERVER_KEY), pem(new JcaPKCS8Generator(serverKey, null)), true);
            } else {
                server = issueServer(server.getPublicKey(), issuing, issuingKey, now);
            }
            writeAtomically(dir.resolve(SERVER_CERT), pem(server) + pem(issuing) + pem(ca), false);
        }
        return new LabCertificates(dir, ca, issuing, server, serverKey);
    }

    /** The CA certificate a client should trust. */
    X509Certificate caCertificate() {
        return caCert;
    }

    /** The intermediate that signed {@link #serverCertificate()}. */
    X509Certificate issuingCertificate() {
        return issuingCert;
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

    /** A server-side TLS context presenting the server certificate, the issuing CA and the root as its chain. */
    SSLContext serverContext() {
        try {
            char[] password = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("lab", serverKey, password, new Certificate[] {serverCert, issuingCert, caCert});
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

    /** The root: what clients trust. Self-signed, constrained, and allowed one intermediate below it. */
    private static X509Certificate issueRoot(KeyPair pair, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500Name("CN=SMTP Explorer lab CA " + now.toString().substring(0, 10)
                + ",O=SMTP Explorer");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_LIFETIME)), name,
                pair.getPublic());
        JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.nameConstraints, true, nameConstraints());
        b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(pair.getPublic()));
        return sign(b, pair.getPrivate());
    }

    /** The intermediate that signs the server certificates, with the same constraint and the root's lifetime. */
    private static X509Certificate issueIssuing(PublicKey key, X509Certificate root, PrivateKey rootKey, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(root, serial(),
                root.getNotBefore(), root.getNotAfter(), new X500Name("CN=SMTP Explorer lab issuing CA "
                + now.toString().substring(0, 10) + ",O=SMTP Explorer"), key);
        JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.nameConstraints, true, nameConstraints());
        b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(key));
        b.addExtension(Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(root));
        return sign(b, rootKey);
    }

    private static X509Certificate issueServer(PublicKey key, X509Certificate ca, PrivateKey caKey, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant end = now.plus(SERVER_LIFETIME);
        if (end.isAfter(ca.getNotAfter().toInstant())) {
            end = ca.getNotAfter().toInstant();
        }
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(end), new X500Name("CN=localhost,O=SMTP Explorer lab"), key);
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

    /** Permitted subtrees only: every name of another kind or outside them is refused (RFC 5280 §4.2.1.10). */
    static NameConstraints nameConstraints() {
        List<GeneralSubtree> permitted = new ArrayList<>();
        for (String dns : PERMITTED_DNS) {
            permitted.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, dns)));
        }
        for (String ip : PERMITTED_IP) {
            permitted.add(new GeneralSubtree(new GeneralName(GeneralName.iPAddress, ip)));
        }
        return new NameConstraints(permitted.toArray(GeneralSubtree[]::new), null);
    }

    /** Whether {@code ca} carries this version's critical name constraint and lifetime at most. */
    private static boolean constrained(X509Certificate ca) {
        byte[] ext = ca.getExtensionValue(Extension.nameConstraints.getId());
        if (ext == null || !ca.getCriticalExtensionOIDs().contains(Extension.nameConstraints.getId())) {
            return false;
        }
        try {
            NameConstraints nc = NameConstraints.getInstance(
                    ASN1OctetString.getInstance(ext).getOctets());
            Duration life = Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant());
            return nc.equals(nameConstraints()) && life.compareTo(CA_LIFETIME.plus(BACKDATE)) <= 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code key} is the private half of {@code publicKey}: signs something the public key verifies. */
    private static boolean matches(PublicKey publicKey, PrivateKey key) {
        try {
            byte[] probe = "lab key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
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

    static PrivateKey readKey(Path file) {
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
            AtomicReplace.move(tmp, absolute);
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
