package org.smtpexplorer.ui.tlscheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.tlscheck.Finding;
import org.smtpexplorer.tlscheck.Mark;
import org.smtpexplorer.tlscheck.TlsCheckReport;
import org.smtpexplorer.ui.common.Tasks;

/**
 * The TLS check panel's view model as plain JUnit: the check is a stand-in that returns a report made here, the "FX
 * thread" a single executor of the test's own, drained before each look.
 */
class TlsCheckViewModelTest {
    final ExecutorService worker = Executors.newSingleThreadExecutor();
    final ExecutorService fx = Executors.newSingleThreadExecutor();
    final Tasks tasks = new Tasks(worker, fx);

    @AfterEach
    void stop() {
        worker.shutdownNow();
        fx.shutdownNow();
    }

    private void onFx(Runnable action) throws Exception {
        fx.submit(action).get(10, TimeUnit.SECONDS);
    }

    private void awaitIdle(TlsCheckViewModel vm) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean[] busy = {true};
        while (busy[0] && System.nanoTime() < until) {
            Thread.sleep(10);
            onFx(() -> busy[0] = vm.runningProperty().get());
        }
        assertThat(busy[0]).as("the check finished").isFalse();
    }

    private static TlsCheckReport report(String domain) {
        return new TlsCheckReport(domain, "2026-11-30T05:00:00Z", true, List.of(
                new TlsCheckReport.Section("MX lookup", "", List.of(Finding.pass("1 MX host(s): 10 mx." + domain,
                        "RFC 5321 §5.1"))),
                new TlsCheckReport.Section("MX 10 mx." + domain + ": DANE", "mx." + domain, List.of(
                        Finding.info("TLSA 0 0 1: not used for SMTP", "RFC 7672 §3.1.3"),
                        Finding.fail("no usable TLSA record matches\u001b[2J", "RFC 7672 §2.2")))));
    }

    @Test
    void aReportBecomesHeadingsAndMarkedRowsWithTheProgressShownOnTheWay() throws Exception {
        List<String> statuses = new ArrayList<>();
        TlsCheckViewModel vm = new TlsCheckViewModel((d, progress, onCancel) -> {
            progress.accept("Looking up MX for " + d);
            return report(d);
        }, tasks);
        onFx(() -> {
            vm.statusProperty().addListener((o, a, b) -> statuses.add(b));
            vm.domainProperty().set("  example.test ");
            vm.check();
        });
        awaitIdle(vm);
        onFx(() -> {
            assertThat(statuses).containsExactly("Checking example.test...", "Looking up MX for example.test...",
                    "example.test: 1 failed");
            assertThat(vm.rows()).extracting(TlsCheckViewModel.Row::heading).containsExactly(true, false, true,
                    false, false);
            TlsCheckViewModel.Row danes = vm.rows().get(2);
            assertThat(danes.text()).isEqualTo("MX 10 mx.example.test: DANE");
            assertThat(danes.mark()).as("a heading carries its section's worst mark").isEqualTo(Mark.FAIL);
            assertThat(vm.rows().get(3).mark()).isEqualTo(Mark.INFO);
            assertThat(vm.rows().get(3).source()).isEqualTo("RFC 7672 §3.1.3");
            assertThat(vm.rows().get(4).text()).as("a server's control characters are escaped")
                    .isEqualTo("no usable TLSA record matches\\x1b[2J");
            assertThat(vm.reportTextProperty().get()).contains("TLS check of example.test",
                    "  \u2716 no usable TLSA record matches\\x1b[2J  [RFC 7672 §2.2]");
        });
    }

    @Test
    void aBlankDomainIsRefusedWithoutRunning() throws Exception {
        int[] runs = {0};
        TlsCheckViewModel vm = new TlsCheckViewModel((d, p, onCancel) -> {
            runs[0]++;
            return report(d);
        }, tasks);
        onFx(() -> {
            vm.domainProperty().set("   ");
            vm.check();
            assertThat(vm.statusProperty().get()).isEqualTo("Type a domain, e.g. example.com");
            assertThat(vm.runningProperty().get()).isFalse();
        });
        assertThat(runs[0]).isZero();
    }

    @Test
    void aCheckThatCannotRunSaysWhyAndASecondCheckWaitsForTheFirst() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        int[] runs = {0};
        TlsCheckViewModel vm = new TlsCheckViewModel((d, p, onCancel) -> {
            runs[0]++;
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("no DS or DNSKEY record among the trust anchors");
        }, tasks);
        onFx(() -> {
            vm.domainProperty().set("example.test");
            vm.check();
            vm.check();
        });
        release.countDown();
        awaitIdle(vm);
        onFx(() -> {
            assertThat(vm.statusProperty().get()).isEqualTo("The check could not run: no DS or DNSKEY record"
                    + " among the trust anchors");
            assertThat(vm.rows()).isEmpty();
            assertThat(vm.reportTextProperty().get()).isEmpty();
        });
        assertThat(runs[0]).isEqualTo(1);
    }

    @Test
    void cancelStopsTheCheckUnderWay() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stop = new CountDownLatch(1);
        TlsCheckViewModel vm = new TlsCheckViewModel((d, p, onCancel) -> {
            onCancel.accept(stop::countDown);
            started.countDown();
            try {
                if (!stop.await(10, TimeUnit.SECONDS)) {
                    return report(d);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new CancellationException("the TLS check was cancelled");
        }, tasks);
        onFx(() -> {
            vm.domainProperty().set("example.test");
            vm.check();
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        onFx(vm::cancel);
        awaitIdle(vm);
        onFx(() -> {
            assertThat(vm.statusProperty().get()).isEqualTo("Cancelled");
            assertThat(vm.rows()).isEmpty();
        });
    }
}
