package org.smtpexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.testing.Smtpx.Run;

/** smtpx send and replay keep their sessions; smtpx history lists, searches, shows and clears them. */
class HistoryCommandTest {
    private static final String PASSWORD = "wonderland";

    @TempDir
    Path dir;
    private String dataBefore;
    private LabServer lab;
    private Path eml;
    private Path password;

    @BeforeEach
    void start() throws IOException {
        dataBefore = System.getProperty("smtpexplorer.data");
        System.setProperty("smtpexplorer.data", dir.resolve("data").toString());
        lab = LabServer.start(LabConfig.builder().dataDir(dir.resolve("lab")).scenario(Scenario.MODERN).build());
        eml = Files.writeString(dir.resolve("m.eml"), "From: alice@lab.example\r\nSubject: h\r\n\r\nHello.\r\n");
        password = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
    }

    @AfterEach
    void stop() {
        lab.close();
        if (dataBefore == null) {
            System.clearProperty("smtpexplorer.data");
        } else {
            System.setProperty("smtpexplorer.data", dataBefore);
        }
    }

    private Run send(String to, String mechanism, String... more) {
        List<String> args = new ArrayList<>(List.of("--security", "starttls", "--trust-cert",
                lab.certificatePath().toString(), "--auth", mechanism, "--user", "alice", "--password-file",
                password.toString(), "--from", "alice@lab.example", "--to", to, "--eml", eml.toString()));
        args.addAll(List.of(more));
        return Smtpx.send(lab.port(), args.toArray(String[]::new));
    }

    private static Run smtpx(String... args) {
        return Smtpx.run(List.of(args));
    }

    @Test
    void sendsAreListedNewestFirstSearchedAndShown() throws IOException {
        assertThat(send("bob@lab.example", "PLAIN").exit()).isZero();
        Run refused = send("unknown@lab.example", "LOGIN");
        assertThat(refused.exit()).as(refused.describe()).isEqualTo(6);
        assertThat(send("carol@lab.example", "SCRAM-SHA-256", "--no-history").exit()).isZero();

        Run list = smtpx("history");
        assertThat(list.exit()).as(list.describe()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("@2  ").contains("127.0.0.1:" + lab.port(),
                "refused   550 5.1.1 <unknown@lab.example>: User unknown", "bytes, send)");
        assertThat(lines.get(1)).startsWith("@1  ").contains("delivered", "250 2.0.0 Message accepted");
        assertThat(list.err()).isEmpty();

        Run search = smtpx("history", "--search", "UNKNOWN@lab");
        assertThat(search.out().lines()).hasSize(1).allMatch(l -> l.startsWith("@2 "));
        assertThat(smtpx("history", "--search", "carol").out()).contains("No session matches \"carol\"");
        assertThat(smtpx("history", "-n", "1").out().lines()).hasSize(1);

        Run show = smtpx("history", "show", "1");
        assertThat(show.exit()).as(show.describe()).isZero();
        assertThat(show.out()).startsWith("* Session @1, ").contains("C: STARTTLS", "C: AUTH PLAIN <redacted>",
                "S: 235 ", "C: QUIT", "* File: ");
        assertThat(smtpx("history", "show", "@2").out()).contains("C: AUTH LOGIN", "C: <redacted>",
                "S: 550 5.1.1");
        Run missing = smtpx("history", "show", "7");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no session #7 in the history");

        // The password is nowhere in what was stored, in clear or in base64.
        String b64 = Base64.getEncoder().encodeToString(("\0alice\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String stored = Files.readString(p, StandardCharsets.ISO_8859_1);
                assertThat(stored).as(p.toString()).doesNotContain(PASSWORD).doesNotContain(b64)
                        .doesNotContain(Base64.getEncoder().encodeToString(PASSWORD.getBytes(
                                StandardCharsets.UTF_8)));
            }
        }
    }

    @Test
    void exportAndReplayTakeAHistoryReference() throws IOException {
        assertThat(send("bob@lab.example", "PLAIN").exit()).isZero();
        Path out = dir.resolve("again.eml");
        Run export = smtpx("export", "--as", "python", "@1", "--eml-out", out.toString());
        assertThat(export.exit()).as(export.describe()).isZero();
        assertThat(export.out()).contains("AUTH PLAIN", "bob@lab.example");
        assertThat(out).hasSameBinaryContentAs(eml);

        Run replay = smtpx("replay", "history:1", "--server", "127.0.0.1:" + lab.port(), "--password-file",
                password.toString());
        assertThat(replay.exit()).as(replay.describe()).isZero();
        assertThat(replay.out()).contains("(history:1)", "* no difference");
        // The replay is itself kept.
        assertThat(smtpx("history").out().lines().findFirst().orElseThrow()).startsWith("@2 ")
                .endsWith(", replay)");

        Run none = smtpx("replay", "@9", "--server", "127.0.0.1:" + lab.port());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no session #9 in the history (smtpx history lists them)");
    }

    @Test
    void clearOffAndOn() {
        assertThat(send("bob@lab.example", "PLAIN").exit()).isZero();
        assertThat(smtpx("history", "clear").out()).contains("Removed 1 session from the history.");
        assertThat(smtpx("history").out()).contains("The history is empty.");

        assertThat(smtpx("history", "off").exit()).isZero();
        assertThat(send("bob@lab.example", "PLAIN").exit()).isZero();
        Run list = smtpx("history");
        assertThat(list.out()).contains("The history is empty (recording is off).");
        assertThat(smtpx("history", "on").exit()).isZero();
        assertThat(send("bob@lab.example", "PLAIN").exit()).isZero();
        assertThat(smtpx("history").out().lines()).hasSize(1);
    }

    @Test
    void aDamagedIndexLineIsNotedAndTheRestListed() throws IOException {
        assertThat(send("bob@lab.example", "PLAIN").exit()).isZero();
        Path index = dir.resolve("data/history/index.tsv");
        Files.writeString(index, Files.readString(index) + "garbage\n");
        Run list = smtpx("history");
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines()).hasSize(1);
        assertThat(list.err()).contains("smtpx history: index.tsv line 3 does not read (expected 10 fields, found 1);"
                + " skipped");
    }

    @Test
    void aHistoryThatCannotBeWrittenCostsALineNotTheSend() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/history"), "a file where the folder should be");
        Run r = send("bob@lab.example", "PLAIN");
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.err()).contains("smtpx send: the session was not kept in the history");
    }
}
