package org.smtpexplorer.ui.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.probe.ProbeReport;
import org.smtpexplorer.probe.SmugglingVariant;
import org.smtpexplorer.probe.Verdict;
import org.smtpexplorer.probe.VariantResult;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.TlsSettings;
import org.smtpexplorer.ui.common.Tasks;

/**
 * The probe panel's view model as plain JUnit: its "FX thread" is a single executor of the test's own, which it
 * drains before looking, so every property is read where it was written.
 */
class ProbeViewModelTest {
    @TempDir
    Path dir;
    LabServer lab;
    final ExecutorService worker = Executors.newSingleThreadExecutor();
    final ExecutorService fx = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        worker.shutdownNow();
        fx.shutdownNow();
        if (lab != null) {
            lab.close();
        }
    }

    private static SendRequest form(String host, int port, String... to) {
        return SendRequest.of(ConnectOptions.of(host, port, SecurityMode.NONE, TlsSettings.verified())
                        .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .with(b -> b.from("alice@lab.example").to(List.of(to)));
    }

    /** Runs {@code action} on the test's FX thread and waits for it. */
    private void onFx(Runnable action) throws Exception {
        fx.submit(action).get(10, TimeUnit.SECONDS);
    }

    private void awaitIdle(ProbeViewModel vm) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean[] busy = {true};
        while (busy[0] && System.nanoTime() < until) {
            Thread.sleep(20);
            onFx(() -> busy[0] = vm.runningProperty().get());
        }
        assertThat(busy[0]).as("the probe finished").isFalse();
    }

    @Test
    void aRunFillsARowPerVariantAsTheyComeAndEndsWithTheReport() throws Exception {
        lab = LabServer.start(LabConfig.builder().dataDir(dir).scenario(Scenario.LF_TOLERANT).build());
        ProbeViewModel vm = new ProbeViewModel(new Tasks(worker, fx), () -> form("127.0.0.1", lab.port(),
                "bob@lab.example", "carol@lab.example"));
        List<Integer> sizesSeen = new ArrayList<>();
        onFx(() -> vm.rows().addListener((javafx.collections.ListChangeListener<VariantResult>) c ->
                sizesSeen.add(vm.rows().size())));
        onFx(vm::run);
        onFx(() -> assertThat(vm.runningProperty().get()).isTrue());
        awaitIdle(vm);
        onFx(() -> {
            assertThat(vm.rows()).hasSize(SmugglingVariant.values().length);
            assertThat(sizesSeen).startsWith(1, 2, 3);
            ProbeReport report = vm.reportProperty().get();
            assertThat(report.outcome()).isEqualTo(ProbeReport.Outcome.VULNERABLE);
            assertThat(report.to()).isEqualTo("bob@lab.example");
            assertThat(vm.statusProperty().get()).startsWith("VULNERABLE: 3 of 12");
            VariantResult lfLf = vm.rows().get(1);
            assertThat(lfLf.verdict()).isEqualTo(Verdict.ENDED_HERE);
            assertThat(ProbeViewModel.describe(lfLf)).contains("<LF>.<LF>  \\n.\\n  (lf-lf)")
                    .contains("Evidence: 5 replies").contains("Sources: RFC 5321 §2.3.8");
        });
        Path json = dir.resolve("probe.json");
        vm.saveJson(json);
        assertThat(Files.readString(json)).contains("\"outcome\" : \"VULNERABLE\"");
        // Only the form's first recipient gets the test messages.
        assertThat(lab.messages()).isNotEmpty().allSatisfy(m -> assertThat(m.envelope().recipients())
                .extracting(r -> r.address()).containsExactly("bob@lab.example"));
    }

    @Test
    void aServerNotOnLoopbackIsRefusedUntilTheUserConfirmsAndNothingIsSent() throws Exception {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): the refusal comes before any connection.
        ProbeViewModel vm = new ProbeViewModel(new Tasks(worker, fx), () -> form("192.0.2.1", 25,
                "bob@example.com"));
        onFx(vm::run);
        awaitIdle(vm);
        onFx(() -> {
            assertThat(vm.statusProperty().get()).contains("192.0.2.1 is not on loopback")
                    .contains("--i-control-this-server");
            assertThat(vm.rows()).isEmpty();
            assertThat(vm.reportProperty().get()).isNull();
        });
    }

    @Test
    void aFormWithoutRecipientOrWithABadFieldSaysSoAndDoesNotStart() throws Exception {
        ProbeViewModel noTo = new ProbeViewModel(new Tasks(worker, fx), () -> form("127.0.0.1", 25));
        onFx(noTo::run);
        onFx(() -> {
            assertThat(noTo.statusProperty().get()).isEqualTo("To: give the recipient of the test messages");
            assertThat(noTo.runningProperty().get()).isFalse();
        });
        ProbeViewModel badPort = new ProbeViewModel(new Tasks(worker, fx), () -> {
            throw new IllegalArgumentException("Port: \"x\" is not a number");
        });
        onFx(badPort::run);
        onFx(() -> assertThat(badPort.statusProperty().get()).isEqualTo("Port: \"x\" is not a number"));
    }
}
