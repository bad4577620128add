package org.smtpexplorer.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabCertificatesTest {
    @TempDir
    Path dir;

    @Test
    void aCaAndALoopbackServerCertificateAreMadeOnceAndReused() throws Exception {
        LabCertificates first = LabCertificates.loadOrCreate(dir, Clock.systemUTC());
        X509Certificate server = first.serverCertificate();
        assertThat(first.caCertificate().getBasicConstraints()).isZero();
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList())
                .containsExactlyInAnyOrder("localhost", "lab.example", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        server.verify(first.caCertificate().getPublicKey());
        assertThat(first.caPem()).startsWith("-----BEGIN CERTIFICATE-----").isEqualTo(Files.readString(first.caPath()));
        assertThat(Files.readString(dir.resolve(LabCertificates.CA_KEY))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(dir.resolve(LabCertificates.SERVER_KEY)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        LabCertificates again = LabCertificates.loadOrCreate(dir, Clock.systemUTC());
        assertThat(again.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(again.serverCertificate()).isEqualTo(server);
    }

    @Test
    void aServerCertificateNearItsEndIsReissuedByTheSameCa() throws IOException {
        LabCertificates now = LabCertificates.loadOrCreate(dir, Clock.systemUTC());
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(810)), ZoneOffset.UTC);
        LabCertificates renewed = LabCertificates.loadOrCreate(dir, later);
        assertThat(renewed.caCertificate()).isEqualTo(now.caCertificate());
        assertThat(renewed.serverCertificate()).isNotEqualTo(now.serverCertificate());
    }

    @Test
    void unreadableFilesAreReplaced() throws IOException {
        LabCertificates.loadOrCreate(dir, Clock.systemUTC());
        Files.writeString(dir.resolve(LabCertificates.CA_CERT), "not a certificate");
        LabCertificates fresh = LabCertificates.loadOrCreate(dir, Clock.systemUTC());
        assertThat(fresh.caPem()).isEqualTo(Files.readString(dir.resolve(LabCertificates.CA_CERT)));
        assertThat(fresh.serverCertificate().getIssuerX500Principal())
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
