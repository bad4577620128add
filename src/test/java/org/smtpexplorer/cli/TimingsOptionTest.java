package org.smtpexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.testing.Smtpx;

/** smtpx send --timings: where a real session's time went, after the conversation. */
class TimingsOptionTest {
    @TempDir
    Path dir;

    @Test
    void aSessionOverStartTlsEndsWithItsWaterfall() throws IOException {
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir.resolve("lab")).build())) {
            Path eml = Files.writeString(dir.resolve("m.eml"), "Subject: t\r\n\r\nhello\r\n");
            Smtpx.Run run = Smtpx.send(lab.port(), "--security", "starttls", "--trust-cert",
                    lab.certificatePath().toString(), "--from", "alice@lab.example", "--to", "bob@lab.example",
                    "--eml", eml.toString(), "--timings");
            assertThat(run.exit()).as(run.describe()).isZero();
            List<String> lines = run.out().lines().toList();
            int at = lines.indexOf("* Timings (start, length, bar, what):");
            assertThat(at).as(run.out()).isPositive();
            List<String> bars = lines.subList(at + 1, lines.size());
            assertThat(bars.get(0)).matches(" +0\\.0 ms +[0-9.]+ ms  #+  look up 127\\.0\\.0\\.1");
            assertThat(bars).anyMatch(l -> l.matches(".*#+  connect to \\[127\\.0\\.0\\.1\\]:\\d+"))
                    .anyMatch(l -> l.endsWith("  greeting 220")).anyMatch(l -> l.endsWith("  STARTTLS 220"))
                    .anyMatch(l -> l.contains("  TLS TLSv1.3 ")).anyMatch(l -> l.endsWith("  BDAT 250"))
                    .anyMatch(l -> l.contains("#  BDAT chunk 1 of 1"));
            assertThat(bars).filteredOn(l -> l.contains(" total; ")).singleElement().satisfies(l ->
                    assertThat(l).contains("name lookup", "TCP connect", "greeting", "reply wait", "TLS handshake",
                            "payload transfer"));
        }
    }

    @Test
    void withoutTheOptionThereIsNone() throws IOException {
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir.resolve("lab")).build())) {
            Path eml = Files.writeString(dir.resolve("m.eml"), "Subject: t\r\n\r\nhello\r\n");
            Smtpx.Run run = Smtpx.send(lab.port(), "--security", "none", "--from", "alice@lab.example", "--to",
                    "bob@lab.example", "--eml", eml.toString());
            assertThat(run.exit()).as(run.describe()).isZero();
            assertThat(run.out()).doesNotContain("Timings");
        }
    }
}
