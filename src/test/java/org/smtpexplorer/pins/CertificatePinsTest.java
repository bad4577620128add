package org.smtpexplorer.pins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatePinsTest {
    private static final Instant T0 = Instant.parse("2026-11-30T05:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theFirstCertificateIsPinnedAndSavedTheSameKeyIsQuietAnotherKeyIsAChange() throws Exception {
        KeyPair key = TestCertificates.key();
        X509Certificate first = TestCertificates.certificate(key, "mx.example", T0, Duration.ofDays(90));
        CertificatePins pins = new CertificatePins(dir.resolve("pins.json"));

        CertificatePins.Check c1 = pins.check("MX.example", 465, first, T0);
        assertThat(c1.outcome()).isEqualTo(CertificatePins.Outcome.FIRST_USE);
        assertThat(c1.endpoint()).isEqualTo("mx.example:465");
        assertThat(c1.pinned()).isNull();
        assertThat(c1.presented().spkiSha256()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(Files.readString(dir.resolve("pins.json"))).contains("smtp-explorer-pins/1", "mx.example:465",
                c1.presented().spkiSha256());

        // Renewed for the same key: a new certificate, the same pin; another process sees the saved pin.
        X509Certificate renewed = TestCertificates.certificate(key, "mx.example", T0.plus(Duration.ofDays(60)),
                Duration.ofDays(90));
        CertificatePins.Check c2 = new CertificatePins(dir.resolve("pins.json")).check("mx.example", 465, renewed,
                T0.plus(Duration.ofDays(61)));
        assertThat(c2.outcome()).isEqualTo(CertificatePins.Outcome.SAME);
        assertThat(c2.presented().certSha256()).isNotEqualTo(c1.presented().certSha256());

        X509Certificate other = TestCertificates.certificate(TestCertificates.key(), "mx.example", T0,
                Duration.ofDays(90));
        CertificatePins.Check c3 = pins.check("mx.example", 465, other, T0.plusSeconds(5));
        assertThat(c3.outcome()).isEqualTo(CertificatePins.Outcome.CHANGED);
        assertThat(c3.pinned()).isEqualTo(c1.presented());
        assertThat(c3.presented().spkiSha256()).isNotEqualTo(c1.presented().spkiSha256());
        // A change does not replace the pin by itself.
        assertThat(pins.check("mx.example", 465, other, T0).outcome()).isEqualTo(CertificatePins.Outcome.CHANGED);

        pins.trust(c3.endpoint(), c3.presented());
        assertThat(pins.check("mx.example", 465, other, T0).outcome()).isEqualTo(CertificatePins.Outcome.SAME);
        assertThat(pins.check("mx.example", 587, first, T0).outcome()).as("each port has its own pin")
                .isEqualTo(CertificatePins.Outcome.FIRST_USE);
    }

    @Test
    void onLoopbackTheSameKeyOnANewPortReplacesItsOldPinElsewhereEachPortKeepsItsOwn() throws Exception {
        KeyPair key = TestCertificates.key();
        X509Certificate lab = TestCertificates.certificate(key, "localhost", T0, Duration.ofDays(90));
        X509Certificate other = TestCertificates.certificate(TestCertificates.key(), "localhost", T0,
                Duration.ofDays(90));
        Path file = dir.resolve("pins.json");
        CertificatePins pins = new CertificatePins(file);
        // The lab at three starts (a new port each time), and another loopback server with a key of its own.
        pins.check("127.0.0.1", 40001, lab, T0);
        pins.check("127.0.0.1", 9025, other, T0);
        pins.check("127.0.0.1", 40002, lab, T0);
        pins.check("127.0.0.1", 40003, lab, T0);
        pins.check("::1", 40003, lab, T0);
        String saved = Files.readString(file);
        assertThat(saved).contains("\"127.0.0.1:40003\"", "\"127.0.0.1:9025\"", "\"[::1]:40003\"")
                .doesNotContain("127.0.0.1:40001", "127.0.0.1:40002");
        assertThat(pins.check("127.0.0.1", 40003, lab, T0).outcome()).isEqualTo(CertificatePins.Outcome.SAME);

        // A real server keeps a pin per port, even for the same key: dropping one would let a changed key through.
        pins.check("mx.example", 25, lab, T0);
        pins.check("mx.example", 587, lab, T0);
        assertThat(pins.check("mx.example", 25, other, T0).outcome()).isEqualTo(CertificatePins.Outcome.CHANGED);
        // Nor does 127.0.0.10:N drop a pin of 127.0.0.1:N (a prefix of the host, not the host).
        pins.check("127.0.0.10", 40003, lab, T0);
        assertThat(Files.readString(file)).contains("\"127.0.0.1:40003\"", "\"127.0.0.10:40003\"");
    }

    @Test
    void loopbackIsNamedWithoutALookup() {
        assertThat(CertificatePins.loopback("127.0.0.1")).isTrue();
        assertThat(CertificatePins.loopback("127.45.6.7")).isTrue();
        assertThat(CertificatePins.loopback("::1")).isTrue();
        assertThat(CertificatePins.loopback("[::1]")).isTrue();
        assertThat(CertificatePins.loopback("LOCALHOST")).isTrue();
        assertThat(CertificatePins.loopback("128.0.0.1")).isFalse();
        assertThat(CertificatePins.loopback("127.0.0.1.example")).isFalse();
        assertThat(CertificatePins.loopback("mx.example")).isFalse();
    }

    @Test
    void endpointsAreLowerCasedAndIpv6LiteralsBracketed() {
        assertThat(CertificatePins.endpoint("Smtp.Example", 25)).isEqualTo("smtp.example:25");
        assertThat(CertificatePins.endpoint("::1", 2465)).isEqualTo("[::1]:2465");
        assertThat(CertificatePins.endpoint("127.0.0.1", 2525)).isEqualTo("127.0.0.1:2525");
    }

    @Test
    void anUnreadablePinFileIsAnErrorNotAnEmptyStore() throws Exception {
        Path file = Files.writeString(dir.resolve("pins.json"), "{ not json");
        X509Certificate cert = TestCertificates.certificate(TestCertificates.key(), "a", T0, Duration.ofDays(1));
        assertThatThrownBy(() -> new CertificatePins(file).check("a", 25, cert, T0)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot read the certificate pins in " + file).hasMessageEndingWith(
                        "fix or delete the file");
        Files.writeString(file, "{\"schema\":\"other/9\",\"pins\":{}}");
        assertThatThrownBy(() -> new CertificatePins(file).check("a", 25, cert, T0)).isInstanceOf(IOException.class)
                .hasMessageContaining("not in the smtp-explorer-pins/1 format");
        assertThat(Files.readString(file)).as("left as it was").contains("other/9");
    }
}
