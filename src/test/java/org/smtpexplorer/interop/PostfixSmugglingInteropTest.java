package org.smtpexplorer.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.probe.ProbeReport;
import org.smtpexplorer.probe.SmugglingPayload;
import org.smtpexplorer.probe.SmugglingProbe;
import org.smtpexplorer.probe.SmugglingVariant;
import org.smtpexplorer.probe.Verdict;
import org.smtpexplorer.probe.VariantResult;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.TlsSettings;

/**
 * The SMTP smuggling probe against the real Postfix of src/test/interop/postfix-lab.sh, on three ports that differ
 * only in smtpd_forbid_bare_newline (no, normalize, reject; the exclusions emptied, since their default,
 * $mynetworks, exempts loopback). Each verdict, read from the replies alone, is checked against what Postfix
 * delivered to the sink: ENDED-HERE must have delivered the smuggled message as a message of its own (its Subject
 * in the header), ACCEPTED-AS-DATA one message holding the smuggled lines, REJECTED nothing.
 */
@Tag("interop")
class PostfixSmugglingInteropTest {
    private static final List<SmugglingVariant> BARE_LF = List.of(SmugglingVariant.LF_LF, SmugglingVariant.LF_CRLF,
            SmugglingVariant.CRLF_LF);
    private static PostfixLab lab;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadLab() throws IOException {
        lab = PostfixLab.load();
    }

    private static ProbeReport probe(String portKey) {
        SendRequest request = SendRequest.of(ConnectOptions.of(lab.get("host"), lab.port(portKey),
                        SecurityMode.STARTTLS, TlsSettings.trusting(Path.of(lab.get("ca.pem"))))
                        .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)))
                .with(b -> b.from("alice@example.com").to(List.of("bob@example.com")));
        return new SmugglingProbe(request, Arrays.asList(SmugglingVariant.values()), SmugglingProbe.newMarker(),
                false).run(r -> { });
    }

    private static Verdict verdict(ProbeReport report, SmugglingVariant v) {
        return result(report, v).verdict();
    }

    private static VariantResult result(ProbeReport report, SmugglingVariant v) {
        return report.results().stream().filter(r -> r.variant() == v).findFirst().orElseThrow();
    }

    /** The header block of a delivered message, as the client sent it. */
    private static String header(byte[] message) {
        String s = new String(message, StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        return end < 0 ? s : s.substring(0, end + 2);
    }

    /** What Postfix delivered agrees with each verdict; rejected variants last, when the rest have arrived. */
    private static void assertDeliveriesAgree(ProbeReport report) throws Exception {
        List<VariantResult> rejected = new ArrayList<>();
        for (VariantResult r : report.results()) {
            String tag = "smtpx smuggling probe " + report.marker() + " " + r.variant().id() + ":";
            String smuggled = "Subject: " + SmugglingPayload.smuggledSubject(report.marker(), r.variant()) + "\r\n";
            String carrier = "Subject: " + SmugglingPayload.carrierSubject(report.marker(), r.variant()) + "\r\n";
            switch (r.verdict()) {
                case ENDED_HERE -> {
                    List<byte[]> m = lab.deliveredAll(tag, 2);
                    assertThat(m).as(r.variant().id()).hasSize(2);
                    assertThat(m.stream().map(PostfixSmugglingInteropTest::header).toList()).as(r.variant().id())
                            .anySatisfy(h -> assertThat(h).contains(carrier))
                            .anySatisfy(h -> assertThat(h).contains(smuggled));
                }
                case ACCEPTED_AS_DATA -> {
                    List<byte[]> m = lab.deliveredAll(tag, 1);
                    assertThat(m).as(r.variant().id()).hasSize(1);
                    assertThat(header(m.get(0))).as(r.variant().id()).contains(carrier).doesNotContain(smuggled);
                    assertThat(new String(m.get(0), StandardCharsets.ISO_8859_1)).as(r.variant().id())
                            .contains("MAIL FROM:<alice@example.com>").contains(smuggled);
                }
                case REJECTED -> rejected.add(r);
                case INCONCLUSIVE -> throw new AssertionError(r.variant().id() + ": " + r.evidence());
            }
        }
        for (VariantResult r : rejected) {
            String tag = "smtpx smuggling probe " + report.marker() + " " + r.variant().id() + ":";
            assertThat(lab.deliveredAll(tag, 0)).as(r.variant().id()).isEmpty();
        }
    }

    @Test
    void withSmtpdForbidBareNewlineOffTheBareLfLookAlikesEndTheMessage() throws Exception {
        ProbeReport report = probe("bare-lf-off.port");
        assertThat(report.controlConfirmed()).isTrue();
        for (SmugglingVariant v : BARE_LF) {
            assertThat(verdict(report, v)).as(v.id()).isEqualTo(Verdict.ENDED_HERE);
            assertThat(result(report, v).evidence()).as(v.id()).contains("accepted the smuggled message");
        }
        assertThat(report.outcome()).isEqualTo(ProbeReport.Outcome.VULNERABLE);
        assertThat(report.exitCode()).isEqualTo(13);
        assertDeliveriesAgree(report);
    }

    @Test
    void withSmtpdForbidBareNewlineNormalizeNoLookAlikeEndsTheMessage() throws Exception {
        ProbeReport report = probe("bare-lf-normalize.port");
        assertThat(report.controlConfirmed()).isTrue();
        assertThat(report.vulnerable()).isEmpty();
        for (SmugglingVariant v : BARE_LF) {
            assertThat(verdict(report, v)).as(v.id()).isEqualTo(Verdict.ACCEPTED_AS_DATA);
        }
        assertThat(report.outcome()).isEqualTo(ProbeReport.Outcome.SAFE);
        assertDeliveriesAgree(report);
    }

    @Test
    void withSmtpdForbidBareNewlineRejectTheBareLfLookAlikesAreRefused() throws Exception {
        ProbeReport report = probe("bare-lf-reject.port");
        assertThat(report.controlConfirmed()).isTrue();
        assertThat(report.vulnerable()).isEmpty();
        for (SmugglingVariant v : BARE_LF) {
            assertThat(verdict(report, v)).as(v.id()).isEqualTo(Verdict.REJECTED);
            assertThat(result(report, v).evidence()).as(v.id()).contains("550 5.5.2")
                    .contains("bare <LF> received");
        }
        assertThat(report.outcome()).isEqualTo(ProbeReport.Outcome.SAFE);
        assertDeliveriesAgree(report);
    }

    @Test
    void theCommandLineGivesTheSameVerdictsAndExitCodes() throws Exception {
        Path json = tmp.resolve("off.json");
        Smtpx.Run off = Smtpx.run(List.of("probe", "smuggling", "--server", lab.get("host") + ":"
                + lab.get("bare-lf-off.port"), "--security", "none", "--from", "alice@example.com", "--to",
                "bob@example.com", "--variant", "lf-lf", "--json", json.toString()));
        assertThat(off.exit()).as(off.describe()).isEqualTo(13);
        assertThat(off.out()).containsPattern("<LF>\\.<LF> +\\\\n\\.\\\\n +ENDED-HERE \\(vulnerable\\)");
        assertThat(Files.readString(json)).contains("\"outcome\" : \"VULNERABLE\"");
        Smtpx.Run normalize = Smtpx.run(List.of("probe", "smuggling", "--server", lab.get("host") + ":"
                + lab.get("bare-lf-normalize.port"), "--security", "none", "--from", "alice@example.com", "--to",
                "bob@example.com", "--variant", "lf-lf"));
        assertThat(normalize.exit()).as(normalize.describe()).isZero();
        assertThat(normalize.out()).contains("Result: SAFE");
    }
}
