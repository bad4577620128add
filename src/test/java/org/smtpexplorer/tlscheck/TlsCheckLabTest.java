package org.smtpexplorer.tlscheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.TestDns;
import org.smtpexplorer.testing.TlsCheckLab;

/**
 * The whole check against the loopback lab of {@link TlsCheckLab}: a DNSSEC-signed zone served by a test DNS server,
 * the lab SMTP servers and an HTTPS server for the policies. Nothing else is contacted.
 */
class TlsCheckLabTest {
    @TempDir
    static Path dir;
    static TlsCheckLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new TlsCheckLab(dir);
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private static TlsCheckReport check(String domain) throws Exception {
        return check(domain, lab.lab.port());
    }

    private static TlsCheckReport check(String domain, int smtpPort) throws Exception {
        List<String> progress = new ArrayList<>();
        TlsCheckReport r = new TlsCheck(lab.settings(smtpPort)).run(domain, progress::add);
        assertThat(progress).isNotEmpty();
        return r;
    }

    private static List<Finding> section(TlsCheckReport r, String titlePart) {
        return r.sections().stream().filter(s -> s.title().contains(titlePart)).findFirst()
                .orElseThrow(() -> new AssertionError("no section " + titlePart + " in\n" + ReportText.render(r)))
                .findings();
    }

    private static List<String> texts(List<Finding> findings, Mark mark) {
        return findings.stream().filter(f -> f.mark() == mark).map(Finding::text).toList();
    }

    @Test
    void aDomainThatDoesEverythingRightPassesEveryCheck() throws Exception {
        TlsCheckReport r = check("example.test");
        String text = ReportText.render(r);
        assertThat(r.count(Mark.FAIL)).as(text).isZero();
        assertThat(r.count(Mark.WARN)).as(text).isZero();
        assertThat(r.mxFound()).isTrue();
        assertThat(texts(section(r, "MX lookup"), Mark.PASS)).contains("1 MX host(s): 10 lab.example",
                "the MX records are DNSSEC-validated");
        List<Finding> smtp = section(r, "lab.example: STARTTLS");
        assertThat(texts(smtp, Mark.PASS)).contains("STARTTLS is offered").anyMatch(t -> t.startsWith(
                "certificate verified for lab.example"));
        List<Finding> dane = section(r, "lab.example: DANE");
        assertThat(texts(dane, Mark.PASS)).anyMatch(t -> t.startsWith("2 TLSA record(s) at _25._tcp.lab.example,"
                + " DNSSEC-validated")).anyMatch(t -> t.startsWith("TLSA 3 1 1 (DANE-EE")
                && t.endsWith("matches the server's certificate")).anyMatch(t -> t.startsWith("TLSA 2 0 1 (DANE-TA")
                && t.contains("matches a CA in the presented chain")).anyMatch(t -> t.startsWith(
                "DANE authenticates the server"));
        List<Finding> policy = section(r, "MTA-STS policy of example.test");
        assertThat(texts(policy, Mark.PASS)).anyMatch(t -> t.contains("v=STSv1; id=20261130T0500"))
                .anyMatch(t -> t.startsWith("policy fetched from https://mta-sts.example.test:"));
        assertThat(texts(policy, Mark.INFO)).anyMatch(t -> t.startsWith("mode: enforce"))
                .contains("max_age: 604800 s (7 day(s))", "mx: lab.example, *.backup.example.test");
        assertThat(texts(section(r, "lab.example: MTA-STS"), Mark.PASS)).contains(
                "lab.example matches the policy's mx pattern lab.example",
                "its certificate is valid for lab.example, as the policy requires");
        assertThat(texts(section(r, "TLS-RPT"), Mark.PASS)).anyMatch(t -> t.startsWith(
                "reports of TLS failures go to mailto:tlsrpt@example.test"));
        assertThat(text).contains("Result: every check met");
    }

    @Test
    void tlsaRecordsInAnUnsignedZoneDoNotMakeDaneApply() throws Exception {
        TlsCheckReport r = check("unsigned.test");
        List<Finding> dane = section(r, "mx.unsigned.test: DANE");
        assertThat(texts(dane, Mark.WARN)).singleElement().asString().startsWith(
                "1 TLSA record(s) found at _25._tcp.mx.unsigned.test but not DNSSEC-validated: DANE does not apply");
        assertThat(texts(dane, Mark.PASS)).isEmpty();
        assertThat(texts(section(r, "MX lookup"), Mark.INFO)).anyMatch(t -> t.startsWith(
                "the MX records are not DNSSEC-validated"));
        // The lab's certificate does not name mx.unsigned.test: opportunistic TLS only.
        assertThat(texts(section(r, "mx.unsigned.test: STARTTLS"), Mark.WARN)).singleElement().asString()
                .startsWith("certificate NOT verified for mx.unsigned.test");
        assertThat(texts(section(r, "MTA-STS policy"), Mark.INFO)).containsExactly(
                "no MTA-STS record at _mta-sts.unsigned.test: the domain publishes no policy");
        assertThat(texts(section(r, "TLS-RPT"), Mark.INFO)).singleElement().asString().startsWith("no TLS-RPT record");
    }

    @Test
    void aTlsaRecordThatMatchesNothingFailsDane() throws Exception {
        TlsCheckReport r = check("badtlsa.example.test");
        List<Finding> dane = section(r, "mx.badtlsa.example.test: DANE");
        assertThat(texts(dane, Mark.FAIL)).anyMatch(t -> t.startsWith("TLSA 3 1 1 (DANE-EE")
                && t.contains("does not match the server's certificate")).anyMatch(t -> t.startsWith(
                "no usable TLSA record matches the presented certificate chain: a DANE client must not deliver"));
        assertThat(r.worst()).isEqualTo(Mark.FAIL);
    }

    @Test
    void anMxThatThePolicyDoesNotListFailsMtaSts() throws Exception {
        TlsCheckReport r = check("mismatch.example.test");
        assertThat(texts(section(r, "lab.example: MTA-STS"), Mark.FAIL)).containsExactly(
                "lab.example matches none of the policy's mx patterns (mail.other.test): in enforce mode a sender"
                        + " must not deliver to it");
    }

    @Test
    void aMissingBadOrRedirectedPolicyIsAFailureNamedPrecisely() throws Exception {
        assertThat(texts(section(check("missing.example.test"), "MTA-STS policy"), Mark.FAIL)).singleElement()
                .asString().contains("/.well-known/mta-sts.txt answered HTTP 404: only 200 gives a policy");
        assertThat(texts(section(check("bad.example.test"), "MTA-STS policy"), Mark.FAIL)).singleElement()
                .asString().contains("is invalid: mode must be enforce, testing or none, not \"strict\"");
        TlsCheckReport redirected = check("redirect.example.test");
        assertThat(texts(section(redirected, "MTA-STS policy"), Mark.FAIL)).singleElement().asString()
                .contains("answered HTTP 301, a redirect to https://elsewhere.test/policy.txt, which is not"
                        + " followed");
        // With no valid policy, nothing is judged against one.
        assertThat(redirected.sections()).noneMatch(s -> s.title().endsWith(": MTA-STS"));
    }

    @Test
    void aServerWithoutStartTlsFailsTlsDaneAndThePolicy() throws Exception {
        TlsCheckReport r = check("example.test", lab.plainLab.port());
        assertThat(texts(section(r, "lab.example: STARTTLS"), Mark.FAIL)).containsExactly(
                "STARTTLS is not offered: mail to this host crosses the network in clear text");
        assertThat(texts(section(r, "lab.example: DANE"), Mark.FAIL)).singleElement().asString().contains(
                "but no TLS session: DANE makes STARTTLS mandatory");
        assertThat(texts(section(r, "lab.example: MTA-STS"), Mark.FAIL)).containsExactly(
                "no TLS session with lab.example: in enforce mode a sender must not deliver to it");
    }

    @Test
    void signaturesThatDoNotValidateAreReportedAsBogusNotAsUnsigned() throws Exception {
        // Trust anchors of other keys for the same zones: every signature is then bogus.
        TlsCheck.Settings real = lab.settings(lab.lab.port());
        try (TestDns other = new TestDns(TestDns.ZoneSpec.signed("lab.example"),
                TestDns.ZoneSpec.signed("example.test"))) {
            TlsCheck.Settings wrongAnchors = new TlsCheck.Settings(real.resolver(), other.trustAnchors(),
                    real.smtpPort(), real.httpsPort(), real.trustedPems(), real.timeout(), real.helo());
            TlsCheckReport r = new TlsCheck(wrongAnchors).run("example.test", p -> { });
            assertThat(texts(section(r, "lab.example: DANE"), Mark.FAIL)).singleElement().asString()
                    .startsWith("TLSA lookup for _25._tcp.lab.example: DNSSEC validation FAILED (bogus");
        }
    }

    @Test
    void aDomainThatDoesNotExistEndsAtTheMxLookup() throws Exception {
        TlsCheckReport r = check("nowhere.example.test");
        assertThat(r.mxFound()).isFalse();
        assertThat(r.sections()).hasSize(1);
        assertThat(texts(section(r, "MX lookup"), Mark.FAIL)).containsExactly(
                "nowhere.example.test does not exist (NXDOMAIN)");
    }

    @Test
    void aCancelledCheckStopsAtItsNextStep() throws Exception {
        TlsCheck check = new TlsCheck(lab.settings(lab.lab.port()));
        List<String> steps = new ArrayList<>();
        assertThatThrownBy(() -> check.run("example.test", step -> {
            steps.add(step);
            if (step.startsWith("Connecting to")) {
                check.cancel();
            }
        })).isInstanceOf(CancellationException.class);
        assertThat(steps).last().asString().startsWith("Connecting to lab.example");
    }

    @Test
    void cancelEndsASessionWithASilentServerAtOnce() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5,
                InetAddress.getByName("127.0.0.1"))) {
            Thread accept = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(15_000);
                } catch (Exception e) {
                    // The client went away, or the test ended.
                }
            });
            accept.setDaemon(true);
            accept.start();
            TlsCheck check = new TlsCheck(lab.settings(silent.getLocalPort()));
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                check.cancel();
            });
            canceller.start();
            long start = System.nanoTime();
            assertThatThrownBy(() -> check.run("example.test", step -> { }))
                    .isInstanceOf(CancellationException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("the 10 s reply timeout was not waited for").isLessThan(Duration.ofSeconds(4));
        }
    }
}
