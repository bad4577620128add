package org.smtpexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.testing.Smtpx;

/** smtpx probe smuggling, run in-process as a user runs it, against the lab on loopback. */
class SmugglingCommandTest {
    @TempDir
    Path dir;
    LabServer lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private void start(Scenario scenario) throws IOException {
        lab = LabServer.start(LabConfig.builder().dataDir(dir.resolve("lab")).scenario(scenario).build());
    }

    private Smtpx.Run probe(String... more) {
        List<String> args = new ArrayList<>(List.of("probe", "smuggling", "--server", "127.0.0.1:" + lab.port(),
                "--from", "alice@lab.example", "--to", "bob@lab.example"));
        args.addAll(List.of(more));
        return Smtpx.run(args);
    }

    @Test
    void lfTolerantIsVulnerableWithExit13AndTheTableTheDetailsAndTheJsonSayWhich() throws IOException {
        Path json = dir.resolve("probe.json");
        Path transcript = dir.resolve("probe.txt");
        start(Scenario.LF_TOLERANT);
        Smtpx.Run r = probe("--security", "starttls", "--trust-cert",
                lab.certificatePath().toString(), "--json", json.toString(), "--transcript", transcript.toString());
        assertThat(r.exit()).as(r.describe()).isEqualTo(13);
        assertThat(r.out()).contains("13 sessions").contains("[13/13]")
                .containsPattern("<LF>\\.<CR><LF> +\\\\n\\.\\\\r\\\\n +ENDED-HERE \\(vulnerable\\) +250, then 250 250"
                        + " 354 250; QUIT 221")
                .containsPattern("<CR>\\.<CR> +\\\\r\\.\\\\r +ACCEPTED-AS-DATA \\(safe\\)")
                .contains("ENDED-HERE (control, as expected)")
                .contains("Sources: SEC Consult, SMTP smuggling (2023); CVE-2023-51764 (Postfix)")
                .contains("Result: VULNERABLE: 3 of 12");
        assertThat(r.err()).isEmpty();

        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("schema").asText()).isEqualTo("smtp-explorer-smuggling-probe/1");
        assertThat(doc.get("outcome").asText()).isEqualTo("VULNERABLE");
        assertThat(doc.get("exitCode").asInt()).isEqualTo(13);
        assertThat(doc.get("variants")).hasSize(13);
        List<String> vulnerable = new ArrayList<>();
        for (JsonNode v : doc.get("variants")) {
            if (v.get("vulnerable").asBoolean()) {
                vulnerable.add(v.get("id").asText());
            }
            assertThat(v.get("replies").size()).as(v.get("id").asText()).isPositive();
            assertThat(v.get("transcript").size()).isGreaterThan(10);
        }
        assertThat(vulnerable).containsExactly("lf-lf", "lf-crlf", "crlf-lf");
        JsonNode lfcrlf = doc.get("variants").get(2);
        assertThat(lfcrlf.get("notation").asText()).isEqualTo("<LF>.<CR><LF>");
        assertThat(lfcrlf.get("bytes").asText()).isEqualTo("\\n.\\r\\n");
        assertThat(lfcrlf.get("hex").asText()).isEqualTo("0a2e0d0a");
        assertThat(lfcrlf.get("sent").asText()).contains("which follows:\\n.\\r\\nMAIL FROM:<alice@lab.example>");
        assertThat(Files.readString(transcript)).contains("=== <LF>.<CR><LF> (lf-crlf) ===")
                .contains("TLS established");
    }

    @Test
    void strictCrlfIsSafeWithExit0() throws IOException {
        start(Scenario.STRICT_CRLF);
        Smtpx.Run r = probe("--security", "none");
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains("Result: SAFE: none of the 12 end-of-data look-alikes ended the message")
                .containsPattern("<LF>\\.<LF> +\\\\n\\.\\\\n +REJECTED \\(safe\\) +554; QUIT 221")
                .doesNotContain("(vulnerable)");
    }

    @Test
    void variantsCanBeChosenAndTheControlAlwaysRuns() throws IOException {
        start(Scenario.LF_TOLERANT);
        Smtpx.Run r = probe("--security", "none", "--variant", "cr-cr,lf-cr");
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains("3 sessions").contains("[1/3] <CR><LF>.<CR><LF> (control)")
                .contains("[2/3] <CR>.<CR> (cr-cr)").contains("[3/3] <LF>.<CR> (lf-cr)");
    }

    @Test
    void aTargetNotOnLoopbackIsRefusedWithoutTheConfirmationAndNothingIsSent() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never routed, and never connected to here.
        Smtpx.Run r = Smtpx.run(List.of("probe", "smuggling", "--server", "192.0.2.1:25", "--from", "a@x.test",
                "--to", "b@y.test"));
        assertThat(r.exit()).as(r.describe()).isEqualTo(2);
        assertThat(r.err()).contains("192.0.2.1 is not on loopback (192.0.2.1)")
                .contains("add --i-control-this-server");
        assertThat(r.out()).isEmpty();
        assertThat(r.elapsed().toMillis()).isLessThan(5000);
    }

    @Test
    void badInputIsAUsageErrorNamingTheRule() {
        Smtpx.Run unknown = Smtpx.run(List.of("probe", "smuggling", "--server", "127.0.0.1:1", "--from", "a@x.test",
                "--to", "b@y.test", "--variant", "lflf"));
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown variant \"lflf\"");
        Smtpx.Run utf8 = Smtpx.run(List.of("probe", "smuggling", "--server", "127.0.0.1:1", "--from", "a@x.test",
                "--to", "b\u00fc@y.test"));
        assertThat(utf8.exit()).isEqualTo(9);
        assertThat(utf8.err()).contains("plain ASCII addresses");
        Smtpx.Run noTo = Smtpx.run(List.of("probe", "smuggling", "--server", "127.0.0.1:1", "--from", "a@x.test"));
        assertThat(noTo.exit()).isEqualTo(2);
        assertThat(noTo.err()).contains("--to");
    }

    @Test
    void aServerThatCannotBeReachedStopsTheProbeWithTheConnectExitCode() throws IOException {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Smtpx.Run r = Smtpx.run(List.of("probe", "smuggling", "--server", "127.0.0.1:" + port, "--from",
                "a@x.test", "--to", "b@y.test", "--timeout", "5"));
        assertThat(r.exit()).as(r.describe()).isEqualTo(3);
        assertThat(r.out()).contains("Result: FAILED").contains("not run");
        assertThat(r.err()).contains("could not connect");
    }

    @Test
    void probeAloneAndHelpListTheSmugglingProbe() {
        assertThat(Smtpx.run(List.of("probe")).out()).contains("smuggling");
        Smtpx.Run help = Smtpx.run(List.of("probe", "smuggling", "--help"));
        assertThat(help.out()).contains("--i-control-this-server").contains("--trust-cert").contains("--json")
                .contains("13  vulnerable");
        assertThat(Smtpx.run(List.of("--help")).out()).contains("probe").contains(" 13  probe smuggling");
    }
}
