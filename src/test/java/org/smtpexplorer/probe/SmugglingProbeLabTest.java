package org.smtpexplorer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.lab.ReceivedMessage;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.TlsSettings;

/**
 * The probe against the lab server. Each verdict, read from the replies alone, is checked against what the lab
 * stored: a look-alike found ENDED-HERE must have left the carrier and the smuggled message as two messages; one
 * found ACCEPTED-AS-DATA, one message holding the smuggled lines; one found REJECTED, none.
 */
class SmugglingProbeLabTest {
    @TempDir
    Path dir;
    LabServer lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private ProbeReport probe(Scenario scenario, SecurityMode security) throws IOException {
        lab = LabServer.start(LabConfig.builder().dataDir(dir).scenario(scenario).build());
        SendRequest request = SendRequest.of(ConnectOptions.of("127.0.0.1", lab.port(), security,
                        TlsSettings.trusting(lab.certificatePath())).withTimeouts(Duration.ofSeconds(10),
                        Duration.ofSeconds(10)))
                .with(b -> b.from("alice@lab.example").to(List.of("bob@lab.example")));
        List<VariantResult> seen = new ArrayList<>();
        SmugglingProbe probe = new SmugglingProbe(request, Arrays.asList(SmugglingVariant.values()), "feed01",
                false);
        ProbeReport report = probe.run(seen::add);
        assertThat(seen).isEqualTo(report.results());
        return report;
    }

    private List<ReceivedMessage> stored(String marker, SmugglingVariant v) {
        return lab.messages().stream().filter(m -> m.contentAsString().contains(marker + " " + v.id() + ":"))
                .toList();
    }

    /** What the lab stored agrees with the verdict the replies gave. */
    private void assertStoredAgrees(ProbeReport report) {
        for (VariantResult r : report.results()) {
            List<ReceivedMessage> m = stored(report.marker(), r.variant());
            String smuggled = SmugglingPayload.smuggledSubject(report.marker(), r.variant());
            switch (r.verdict()) {
                case ENDED_HERE -> {
                    assertThat(m).as(r.variant().id()).hasSize(2);
                    assertThat(m.get(0).contentAsString()).as(r.variant().id()).doesNotContain("Subject: " + smuggled);
                    assertThat(m.get(1).contentAsString()).as(r.variant().id()).contains("Subject: " + smuggled);
                }
                case ACCEPTED_AS_DATA -> {
                    assertThat(m).as(r.variant().id()).hasSize(1);
                    assertThat(m.get(0).contentAsString()).as(r.variant().id())
                            .contains("MAIL FROM:<alice@lab.example>").contains("Subject: " + smuggled);
                }
                case REJECTED -> assertThat(m).as(r.variant().id()).isEmpty();
                case INCONCLUSIVE -> throw new AssertionError(r.variant().id() + ": " + r.evidence());
            }
        }
    }

    private static Verdict verdict(ProbeReport report, SmugglingVariant v) {
        return report.results().stream().filter(r -> r.variant() == v).findFirst().orElseThrow().verdict();
    }

    @Test
    void lfTolerantIsFoundVulnerableToTheBareLfLookAlikes() throws IOException {
        ProbeReport report = probe(Scenario.LF_TOLERANT, SecurityMode.STARTTLS);
        assertThat(report.results()).hasSize(SmugglingVariant.values().length);
        assertThat(report.results().get(0).variant()).isEqualTo(SmugglingVariant.CONTROL);
        assertThat(report.controlConfirmed()).isTrue();
        for (SmugglingVariant v : List.of(SmugglingVariant.LF_LF, SmugglingVariant.LF_CRLF, SmugglingVariant.CRLF_LF)) {
            assertThat(verdict(report, v)).as(v.id()).isEqualTo(Verdict.ENDED_HERE);
        }
        assertThat(verdict(report, SmugglingVariant.CR_CR)).isEqualTo(Verdict.ACCEPTED_AS_DATA);
        assertThat(report.outcome()).isEqualTo(ProbeReport.Outcome.VULNERABLE);
        assertThat(report.exitCode()).isEqualTo(13);
        assertThat(report.summary()).startsWith("VULNERABLE: 3 of 12 end-of-data look-alikes ended the message")
                .contains("<LF>.<LF>, <LF>.<CR><LF>, <CR><LF>.<LF>");
        assertStoredAgrees(report);
        VariantResult lfcrlf = report.results().stream().filter(r -> r.variant() == SmugglingVariant.LF_CRLF)
                .findFirst().orElseThrow();
        assertThat(lfcrlf.codes()).isEqualTo("250, then 250 250 354 250; QUIT 221");
        assertThat(lfcrlf.transcript()).contains("TLS established").contains("Framing given up on purpose")
                .contains("Verdict for <LF>.<CR><LF>: ENDED-HERE");
    }

    @Test
    void strictCrlfIsFoundSafe() throws IOException {
        ProbeReport report = probe(Scenario.STRICT_CRLF, SecurityMode.NONE);
        assertThat(report.controlConfirmed()).isTrue();
        assertThat(report.vulnerable()).isEmpty();
        for (VariantResult r : report.results()) {
            if (!r.variant().isControl()) {
                assertThat(r.verdict()).as(r.variant().id()).isIn(Verdict.REJECTED, Verdict.ACCEPTED_AS_DATA);
            }
        }
        assertThat(verdict(report, SmugglingVariant.LF_CRLF)).isEqualTo(Verdict.REJECTED);
        assertThat(report.outcome()).isEqualTo(ProbeReport.Outcome.SAFE);
        assertThat(report.exitCode()).isZero();
        assertStoredAgrees(report);
    }

    @Test
    void cancelStopsTheRunAtOnceAndNoFurtherSessionStarts() throws Exception {
        lab = LabServer.start(LabConfig.builder().dataDir(dir).scenario(Scenario.SLOW)
                .slowDelay(Duration.ofMillis(400)).build());
        SendRequest request = SendRequest.of(ConnectOptions.of("127.0.0.1", lab.port(), SecurityMode.NONE,
                        TlsSettings.verified()).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .with(b -> b.from("alice@lab.example").to(List.of("bob@lab.example")));
        SmugglingProbe probe = new SmugglingProbe(request, SmugglingVariant.lookAlikes(), "feed03", false);
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            probe.cancel();
        });
        long start = System.nanoTime();
        canceller.start();
        ProbeReport report = probe.run(r -> { });
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isLessThan(3000);
        assertThat(report.results()).hasSize(1);
        assertThat(report.stoppedBy().getMessage()).isEqualTo("cancelled");
        assertThat(report.outcome()).isEqualTo(ProbeReport.Outcome.FAILED);
        assertThat(report.notRun()).hasSize(12);
    }

    @Test
    void aRefusedRecipientStopsTheProbeAtTheControlWithTheRejectionsExitCode() throws IOException {
        lab = LabServer.start(LabConfig.builder().dataDir(dir).scenario(Scenario.MODERN).build());
        SendRequest request = SendRequest.of(ConnectOptions.of("127.0.0.1", lab.port(), SecurityMode.NONE,
                        TlsSettings.verified()).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .with(b -> b.from("alice@lab.example").to(List.of("unknown@lab.example")));
        ProbeReport report = new SmugglingProbe(request, SmugglingVariant.lookAlikes(), "feed02", false)
                .run(r -> { });
        assertThat(report.results()).hasSize(1);
        assertThat(report.notRun()).hasSize(12);
        assertThat(report.outcome()).isEqualTo(ProbeReport.Outcome.FAILED);
        assertThat(report.exitCode()).isEqualTo(6);
        assertThat(report.summary()).contains("the server refused the recipient unknown@lab.example");
        assertThat(lab.messages()).isEmpty();
    }
}
