package org.smtpexplorer.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabCertificatesTest {
    @TempDir
    Path dir;

    @Test
    void aCaAndALoopbackServerCertificateAreMadeOnceAndReused() throws Exception {
        LabCertificates first = LabCertificates.loadOrCreate(dir, Clock.systemUTC());
        X509Certificate server = first.serverCertificate();
        assertThat(first.caCertificate().getBasicConstraints()).isEqualTo(1);
        assertThat(first.issuingCertificate().getBasicConstraints()).isZero();
        first.issuingCertificate().verify(first.caCertificate().getPublicKey());
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList())
                .containsExactlyInAnyOrder("localhost", "lab.example", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        server.verify(first.issuingCertificate().getPublicKey());
        assertThat(first.caPem()).startsWith("-----BEGIN CERTIFICATE-----").isEqualTo(Files.readString(first.caPath()));
        assertThat(Files.readString(dir.resolve(LabCertificates.ISSUING_KEY))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(dir.resolve(LabCertificates.OLD_CA_KEY)).as("the root's key is not kept").doesNotExist();
        assertThat(Files.getPosixFilePermissions(dir.resolve(LabCertificates.SERVER_KEY)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        LabCertificates again = LabCertificates.loadOrCreate(dir, Clock.systemUTC());
        assertThat(again.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(again.serverCertificate()).isEqualTo(server);
    }

    @Test
    void aServerCertificateNearItsEndIsReissuedByTheSameCaForTheSameKey() throws IOException {
        LabCertificates now = LabCertificates.loadOrCreate(dir, Clock.systemUTC());
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(70)), ZoneOffset.UTC);
        LabCertificates renewed = LabCertificates.loadOrCreate(dir, later);
        assertThat(renewed.caCertificate()).isEqualTo(now.caCertificate());
        assertThat(renewed.serverCertificate()).isNotEqualTo(now.serverCertificate());
        assertThat(renewed.serverCertificate().getNotAfter()).isAfter(now.serverCertificate().getNotAfter());
        // A client that pinned the key (as the window does) sees no change.
        assertThat(renewed.serverCertificate().getPublicKey()).isEqualTo(now.serverCertificate().getPublicKey());
    }

    @Test
    void theCaLivesAYearTheServerCertificateNinetyDaysAndNeitherOutlivesTheOther() throws Exception {
        LabCertificates now = LabCertificates.loadOrCreate(dir, Clock.systemUTC());
        X509Certificate ca = now.caCertificate();
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(365).plusHours(1));
        X509Certificate server = now.serverCertificate();
        assertThat(Duration.between(server.getNotBefore().toInstant(), server.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(90).plusHours(1));

        // 320 days on, the server certificate is renewed, but only up to the CA's end; 20 days later both are new.
        LabCertificates late = LabCertificates.loadOrCreate(dir,
                Clock.fixed(Instant.now().plus(Duration.ofDays(320)), ZoneOffset.UTC));
        assertThat(late.caCertificate()).isEqualTo(ca);
        assertThat(late.serverCertificate().getNotAfter()).isEqualTo(ca.getNotAfter());
        LabCertificates later = LabCertificates.loadOrCreate(dir,
                Clock.fixed(Instant.now().plus(Duration.ofDays(340)), ZoneOffset.UTC));
        assertThat(later.caCertificate()).isNotEqualTo(ca);
        later.serverCertificate().verify(later.issuingCertificate().getPublicKey());
    }

    @Test
    void bothCasCarryACriticalNameConstraintForLoopbackAndTheLabOnly() throws Exception {
        LabCertificates lab = LabCertificates.loadOrCreate(dir, Clock.systemUTC());
        for (X509Certificate ca : List.of(lab.caCertificate(), lab.issuingCertificate())) {
            assertThat(ca.getCriticalExtensionOIDs()).contains(Extension.nameConstraints.getId());
        NameConstraints nc = NameConstraints.getInstance(
                ASN1OctetString.getInstance(ca.getExtensionValue(Extension.nameConstraints.getId())).getOctets());
        assertThat(nc.getExcludedSubtrees()).isNull();
        assertThat(Arrays.stream(nc.getPermittedSubtrees()).map(t -> t.getBase().toString()))
                .containsExactly("2: localhost", "2: lab.example", "7: #7f000000ff000000",
                        "7: #00000000000000000000000000000001ffffffffffffffffffffffffffffffff");
        }
    }

    @Test
    void javasPkixValidatorAcceptsTheLabsCertificateAndRefusesOneTheCaSignsForAnotherName() throws Exception {
        LabCertificates lab = LabCertificates.loadOrCreate(dir, Clock.systemUTC());
        X509Certificate ca = lab.caCertificate();
        X509Certificate issuing = lab.issuingCertificate();
        PrivateKey issuingKey = LabCertificates.readKey(dir.resolve(LabCertificates.ISSUING_KEY));

        validate(lab.serverCertificate(), issuing, ca);
        validate(leaf(issuing, issuingKey, new GeneralName(GeneralName.dNSName, "smtp.lab.example")), issuing, ca);
        validate(leaf(issuing, issuingKey, new GeneralName(GeneralName.iPAddress, "127.8.9.10")), issuing, ca);

        for (GeneralName other : List.of(new GeneralName(GeneralName.dNSName, "smtp.gmail.com"),
                new GeneralName(GeneralName.dNSName, "example.com"),
                new GeneralName(GeneralName.dNSName, "localhost.attacker.test"),
                new GeneralName(GeneralName.iPAddress, "192.0.2.25"),
                new GeneralName(GeneralName.iPAddress, "2001:db8::25"))) {
            X509Certificate forged = leaf(issuing, issuingKey, other);
            assertThatThrownBy(() -> validate(forged, issuing, ca)).as(other.toString())
                    .isInstanceOf(CertPathValidatorException.class)
                    .hasMessageContaining("name constraints");
        }
    }

    @Test
    void aCaMadeByAnOlderVersionWithoutTheConstraintIsReplacedWithANote() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        X500Name name = new X500Name("CN=SMTP Explorer lab CA 2026-11-01,O=SMTP Explorer");
        Instant then = Instant.now().minus(Duration.ofDays(29));
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(then),
                Date.from(then.plus(Duration.ofDays(3650))), name, pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate old = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        Files.writeString(dir.resolve(LabCertificates.CA_CERT), LabCertificates.pem(old));
        Files.writeString(dir.resolve(LabCertificates.OLD_CA_KEY),
                LabCertificates.pem(new JcaPKCS8Generator(pair.getPrivate(), null)));

        List<String> notes = new ArrayList<>();
        LabCertificates replaced = LabCertificates.loadOrCreate(dir, Clock.systemUTC(), notes::add);

        assertThat(replaced.caCertificate()).isNotEqualTo(old);
        assertThat(replaced.caCertificate().getCriticalExtensionOIDs()).contains(Extension.nameConstraints.getId());
        assertThat(replaced.caPem()).isEqualTo(Files.readString(dir.resolve(LabCertificates.CA_CERT)));
        replaced.serverCertificate().verify(replaced.issuingCertificate().getPublicKey());
        assertThat(dir.resolve(LabCertificates.OLD_CA_KEY)).as("the old root's key is deleted").doesNotExist();
        assertThat(notes).singleElement().asString().contains("older version without a name constraint",
                "could vouch for any host", "must trust the new one");

        List<String> again = new ArrayList<>();
        assertThat(LabCertificates.loadOrCreate(dir, Clock.systemUTC(), again::add).caCertificate())
                .isEqualTo(replaced.caCertificate());
        assertThat(again).isEmpty();
    }

    /**
     * Java's PKIX validation as a client that trusts lab-ca.pem does it. Java ignores a trust anchor's own
     * constraints, so it is the issuing CA's that refuse the forged names.
     */
    private static void validate(X509Certificate leaf, X509Certificate issuing, X509Certificate root)
            throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, issuing));
        CertPathValidator.getInstance("PKIX").validate(path, params);
    }

    private static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, GeneralName name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(7),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("O=forged"), pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(name));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    }

    @Test
    void unreadableFilesAreReplaced() throws IOException {
        LabCertificates.loadOrCreate(dir, Clock.systemUTC());
        Files.writeString(dir.resolve(LabCertificates.CA_CERT), "not a certificate");
        LabCertificates fresh = LabCertificates.loadOrCreate(dir, Clock.systemUTC());
        assertThat(fresh.caPem()).isEqualTo(Files.readString(dir.resolve(LabCertificates.CA_CERT)));
        assertThat(fresh.serverCertificate().getIssuerX500Principal())
                .isEqualTo(fresh.issuingCertificate().getSubjectX500Principal());
        assertThat(fresh.issuingCertificate().getIssuerX500Principal())
                .isEqualTo(fresh.caCertificate().getSubjectX500Principal());
    }

    @Test
    void theServerExportsTheCaItsSessionsAreVerifiedAgainst() throws IOException {
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir).build())) {
            assertThat(lab.certificatePath()).isEqualTo(dir.resolve("lab-ca.pem"));
            assertThat(lab.certificatePem()).isEqualTo(Files.readString(dir.resolve("lab-ca.pem")));
            assertThat(lab.users()).containsExactly(Map.entry("alice", "wonderland"), Map.entry("bob", "builder"));
        }
    }

    @Test
    void defaultDataDirectoryIsInsideTheAppDataFolder() {
        assertThat(LabConfig.defaults().dataDir()).isEqualTo(org.smtpexplorer.AppData.dataDir().resolve("lab"));
    }
}
