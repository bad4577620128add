package org.smtpexplorer.ui.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.pins.CertificatePins;
import org.smtpexplorer.pins.TestCertificates;
import org.smtpexplorer.transport.TlsCheck;
import org.smtpexplorer.transport.TlsInfo;
import org.smtpexplorer.ui.common.Tasks;
import org.smtpexplorer.ui.session.SessionSnapshot;

/** The pinning view model as plain JUnit: the worker and the "FX thread" are executors of the test's own. */
class PinViewModelTest {
    private static final Instant T0 = Instant.parse("2026-11-30T05:00:00Z");

    @TempDir
    Path dir;
    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    private static TlsInfo tls(X509Certificate leaf) {
        return new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", List.of(leaf), true, "trusted", false, "127.0.0.1");
    }

    private static SessionSnapshot after(TlsInfo tls) {
        return new SessionSnapshot(SessionState.CLOSED, Set.of(), Set.of(), List.of(), tls, false, false, null,
                List.of());
    }

    @Test
    void firstUseNotesSameIsQuietAndAChangeStopsTheSessionUntilThePersonChooses() throws Exception {
        CertificatePins store = new CertificatePins(dir.resolve("pins.json"));
        PinViewModel vm = new PinViewModel(store, new Tasks(worker, Runnable::run),
                Clock.fixed(T0, ZoneOffset.UTC));
        TlsCheck gate = vm.gate();
        X509Certificate first = TestCertificates.certificate(TestCertificates.key(), "localhost", T0,
                Duration.ofDays(90));

        String note = gate.check("127.0.0.1", 2525, tls(first));
        assertThat(note).startsWith("Pinned 127.0.0.1:2525 on first use: public key SHA-256 ");
        vm.sessionUpdated(after(tls(first)));
        assertThat(vm.shownProperty().get().state()).isEqualTo(PinViewModel.State.FIRST_USE);

        assertThat(gate.check("127.0.0.1", 2525, tls(first))).isNull();
        vm.sessionUpdated(after(tls(first)));
        assertThat(vm.shownProperty().get().state()).isEqualTo(PinViewModel.State.SAME);

        X509Certificate other = TestCertificates.certificate(TestCertificates.key(), "localhost",
                T0.plus(Duration.ofDays(1)), Duration.ofDays(90));
        CertificatePins.Pin old = store.pinned("127.0.0.1:2525").orElseThrow();
        CertificatePins.Pin presented = CertificatePins.Pin.of(other, T0);
        assertThatThrownBy(() -> gate.check("127.0.0.1", 2525, tls(other)))
                .isInstanceOfSatisfying(SmtpException.class, e -> assertThat(e.failureClass())
                        .isEqualTo(FailureClass.TLS))
                .hasMessageContaining("Certificate CHANGED for 127.0.0.1:2525")
                .hasMessageContaining(old.spkiSha256()).hasMessageContaining(presented.spkiSha256())
                .hasMessageContaining("valid " + old.notBefore() + " to " + old.notAfter())
                .hasMessageContaining("valid " + presented.notBefore() + " to " + presented.notAfter())
                .hasMessageContaining("before EHLO, AUTH or MAIL");
        vm.sessionUpdated(after(tls(other)));
        assertThat(vm.shownProperty().get().state()).isEqualTo(PinViewModel.State.CHANGED);

        vm.keepOld();
        assertThat(vm.shownProperty().get().state()).isEqualTo(PinViewModel.State.KEPT_OLD);
        assertThat(store.pinned("127.0.0.1:2525")).contains(old);
        // Kept: the next session with the other key stops again.
        assertThatThrownBy(() -> gate.check("127.0.0.1", 2525, tls(other))).isInstanceOf(SmtpException.class);
        vm.sessionUpdated(after(tls(other)));

        vm.trustNew();
        worker.shutdown();
        assertThat(worker.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(vm.shownProperty().get().state()).isEqualTo(PinViewModel.State.TRUSTED_NEW);
        assertThat(store.pinned("127.0.0.1:2525").orElseThrow().spkiSha256()).isEqualTo(presented.spkiSha256());
        assertThat(gate.check("127.0.0.1", 2525, tls(other))).isNull();
    }

    @Test
    void anUnreadableStoreStopsTheSessionWithTheReason() throws Exception {
        Path file = Files.writeString(dir.resolve("pins.json"), "garbage");
        PinViewModel vm = new PinViewModel(new CertificatePins(file), new Tasks(worker, Runnable::run),
                Clock.systemUTC());
        X509Certificate cert = TestCertificates.certificate(TestCertificates.key(), "localhost", T0,
                Duration.ofDays(90));
        assertThatThrownBy(() -> vm.gate().check("localhost", 25, tls(cert))).isInstanceOf(SmtpException.class)
                .hasMessageContaining("cannot read the certificate pins").hasMessageContaining("fix or delete");
        vm.sessionUpdated(after(null));
        assertThat(vm.shownProperty().get().state()).isEqualTo(PinViewModel.State.ERROR);
    }
}
