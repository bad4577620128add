package org.smtpexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.testing.TlsCheckLab;

/** smtpx tls-check against the loopback lab of {@link TlsCheckLab}: the report, --json, and the exit codes. */
class TlsCheckCommandTest {
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

    private static Smtpx.Run tlsCheck(String domain, int smtpPort, String... more) {
        List<String> args = new ArrayList<>(List.of("tls-check", domain));
        args.addAll(lab.options(smtpPort));
        args.addAll(List.of(more));
        return Smtpx.run(args);
    }

    @Test
    void aGoodDomainExitsZeroWithAReadableReportAndJson() throws Exception {
        Path json = dir.resolve("report.json");
        Smtpx.Run run = tlsCheck("example.test", lab.lab.port(), "--json", json.toString());
        assertThat(run.exit()).as(run.describe()).isZero();
        assertThat(run.out()).contains("TLS check of example.test", "MX 10 lab.example: STARTTLS and certificate",
                "\u2714 STARTTLS is offered  [RFC 3207]", "MX 10 lab.example: DANE",
                "\u2714 DANE authenticates the server: TLSA 2 0 1 matches", "MTA-STS policy of example.test",
                "Result: every check met");
        assertThat(run.err()).contains("... Looking up MX for example.test");
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("schema").asText()).isEqualTo("smtp-explorer-tls-check/1");
        assertThat(doc.get("result").asText()).isEqualTo("every check met");
        assertThat(doc.at("/report/domain").asText()).isEqualTo("example.test");
        assertThat(doc.at("/report/sections/0/title").asText()).isEqualTo("MX lookup");
        assertThat(doc.at("/report/sections/0/findings/0/mark").asText()).isEqualTo("PASS");
        assertThat(doc.at("/report/sections/0/findings/0/source").asText()).isEqualTo("RFC 5321 §5.1");
    }

    @Test
    void aFailedCheckExitsFour() {
        Smtpx.Run run = tlsCheck("badtlsa.example.test", lab.lab.port());
        assertThat(run.exit()).as(run.describe()).isEqualTo(4);
        assertThat(run.out()).contains("\u2716 no usable TLSA record matches the presented certificate chain");
        Smtpx.Run plain = tlsCheck("example.test", lab.plainLab.port());
        assertThat(plain.exit()).as(plain.describe()).isEqualTo(4);
        assertThat(plain.out()).contains("\u2716 STARTTLS is not offered");
    }

    @Test
    void noMailServerExitsThree() {
        Smtpx.Run run = tlsCheck("nowhere.example.test", lab.lab.port());
        assertThat(run.exit()).as(run.describe()).isEqualTo(3);
        assertThat(run.out()).contains("\u2716 nowhere.example.test does not exist (NXDOMAIN)");
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() {
        Smtpx.Run run = Smtpx.run(List.of("tls-check", "example.test", "--smtp-port", "0"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--smtp-port must be 1 to 65535, not 0");
        Smtpx.Run anchors = Smtpx.run(List.of("tls-check", "example.test", "--trust-anchors",
                dir.resolve("none.txt").toString()));
        assertThat(anchors.exit()).isEqualTo(2);
        assertThat(anchors.err()).contains("--trust-anchors: cannot read");
        Smtpx.Run help = Smtpx.run(List.of("tls-check", "--help"));
        assertThat(help.out()).contains("--resolver", "--smtp-port", "Exit codes:", "at least one check failed");
    }
}
