package org.smtpexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.testing.Smtpx.Run;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.TranscriptExport;

/** smtpx replay against the lab: a modern session replayed where the server behaves otherwise. */
class ReplayCommandTest {
    private static final String MESSAGE = "From: alice@lab.example\r\nTo: bob@lab.example\r\nSubject: replay\r\n\r\n"
            + ".a line with a dot\r\nbye\r\n";

    @TempDir
    Path dir;
    final List<LabServer> labs = new ArrayList<>();
    Path saved;
    Path password;
    Path eml;

    @BeforeEach
    void saveAModernSession() throws IOException {
        LabServer modern = lab(Scenario.MODERN);
        password = Files.writeString(dir.resolve("password"), "wonderland\n");
        eml = Files.writeString(dir.resolve("message.eml"), MESSAGE);
        saved = dir.resolve("modern.json");
        Run send = Smtpx.send(modern.port(), "--security", "starttls", "--trust-cert",
                modern.certificatePath().toString(), "--auth", "SCRAM-SHA-256", "--user", "alice", "--password-file",
                password.toString(), "--helo", "client.example", "--from", "alice@lab.example", "--to",
                "bob@lab.example", "--eml", eml.toString(), "--json", saved.toString());
        assertThat(send.exit()).as(send.describe()).isZero();
    }

    @AfterEach
    void stop() {
        labs.forEach(LabServer::close);
    }

    private LabServer lab(Scenario scenario) throws IOException {
        LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir.resolve("lab")).scenario(scenario).build());
        labs.add(lab);
        return lab;
    }

    private Run replay(LabServer lab, String... more) {
        List<String> args = new ArrayList<>(List.of("replay", saved.toString(), "--server", "127.0.0.1:" + lab.port(),
                "--password-file", password.toString()));
        args.addAll(List.of(more));
        return Smtpx.run(args);
    }

    @Test
    void theSavedFileKeepsTheRequestAndTheMessageButNoPassword() throws IOException {
        String json = Files.readString(saved);
        assertThat(json).doesNotContain("wonderland").contains("\"request\"", "\"user\" : \"alice\"",
                "\"authMechanism\" : \"SCRAM-SHA-256\"", "\"helo\" : \"client.example\"");
        SavedSession session;
        try (InputStream in = Files.newInputStream(saved)) {
            session = TranscriptExport.readSession(in);
        }
        assertThat(session.message()).isEqualTo(MESSAGE.getBytes(StandardCharsets.US_ASCII));
        assertThat(session.request().security()).isEqualTo("starttls");
        assertThat(session.request().to()).containsExactly("bob@lab.example");
    }

    @Test
    void againstTheSameKindOfServerNothingDiffersAndTheSameBytesArrive() throws IOException {
        LabServer again = lab(Scenario.MODERN);
        Run r = replay(again);
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains("= 12 steps alike (steps 1-12): greeting, EHLO, STARTTLS, TLS, EHLO, AUTH,"
                + " AUTH response x2, MAIL, RCPT, BDAT, QUIT", "* no difference")
                .doesNotContain("\n- ", "\n+ ");
        assertThat(again.messages()).hasSize(1);
        assertThat(again.messages().get(0).content()).isEqualTo(MESSAGE.getBytes(StandardCharsets.US_ASCII));
        assertThat(again.messages().get(0).session().authUser()).isEqualTo("alice");
    }

    @Test
    void greylistingShowsTheRefusedRecipientTheRefusedChunkAndTheReset() throws IOException {
        Run r = replay(lab(Scenario.GREYLIST));
        assertThat(r.exit()).as("the replay ran to its end: differences are its result\n" + r.describe()).isZero();
        assertThat(r.out()).contains(
                "@ RCPT (step 10)\n  C: RCPT TO:<bob@lab.example>\n- S: 250 2.1.5 Recipient <bob@lab.example> OK\n"
                        + "+ S: 451 4.7.1 <bob@lab.example>: Greylisted, please try again later\n",
                "@ BDAT (step 11)\n",
                "+ S: 554 5.5.1 No valid recipients",
                "@ RSET (only in the replay, step 12)\n+ C: RSET\n+ S: 250 2.0.0 Reset OK\n",
                "= capabilities, EHLO before TLS: 12 keywords alike",
                "@ outcome\n- message accepted: 250 2.0.0 ",
                "+ message refused: 554 5.5.1 No valid recipients",
                "* 4 of 14 steps differ; the outcome differs");
        assertThat(r.out() + r.err()).doesNotContain("wonderland");
    }

    @Test
    void withoutChunkingTheReplaySendsDataAndTheCapabilitiesSayWhy() throws IOException {
        LabServer noChunking = lab(Scenario.NO_CHUNKING);
        Run r = replay(noChunking);
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains(
                "@ BDAT (only in the saved session, step 11)\n- C: BDAT 90 LAST\n",
                "@ DATA (only in the replay, step 11)\n+ C: DATA\n+ S: 354 ",
                "@ message (only in the replay, step 12)\n+ C: [message body: 90 bytes",
                "@ capabilities, EHLO before TLS: 2 keywords differ, 10 alike\n- BINARYMIME\n- CHUNKING\n",
                "@ capabilities, EHLO after TLS: 2 keywords differ, 11 alike\n- BINARYMIME\n- CHUNKING\n",
                "= outcome alike: message accepted");
        assertThat(noChunking.messages().get(0).content()).isEqualTo(MESSAGE.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aSmallerSizeLimitIsACapabilityDifferenceOnly() throws IOException {
        Run r = replay(lab(Scenario.SIZE_LIMIT));
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains("= 12 steps alike", "@ capabilities, EHLO before TLS: 1 keyword differs, 11"
                + " alike\n- SIZE 10485760\n+ SIZE 10240\n", "@ capabilities, EHLO after TLS: 1 keyword differs",
                "* no step differs; 2 capabilities differ; the outcome is alike");
    }

    @Test
    void aLargerMessageThanTheNewLimitIsRefusedThereAndSaidSo() throws IOException {
        Run r = replay(lab(Scenario.SIZE_LIMIT), "--eml", Files.writeString(dir.resolve("big.eml"),
                "Subject: big\r\n\r\n" + "x".repeat(78).concat("\r\n").repeat(200)).toString());
        assertThat(r.exit()).as(r.describe()).isZero();
        // The client sees the SIZE limit in EHLO and sends no MAIL at all.
        assertThat(r.out()).contains("@ MAIL (only in the saved session, step 9)\n",
                "@ failure (only in the replay, step 9)\n+ ! the message is 16016 bytes and the server's SIZE limit is"
                        + " 10240 bytes; it was not sent\n",
                "+ no message sent: the message is 16016 bytes");
    }

    @Test
    void theReplayCanBeSavedAndReplayedInTurn() throws IOException {
        Path second = dir.resolve("replayed.json");
        Run r = replay(lab(Scenario.NO_CHUNKING), "--json", second.toString());
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(Files.readString(second)).doesNotContain("wonderland");
        Run back = Smtpx.run(List.of("replay", second.toString(), "--server", "127.0.0.1:" + lab(Scenario.MODERN)
                .port(), "--password-file", password.toString()));
        assertThat(back.exit()).as(back.describe()).isZero();
        assertThat(back.out()).contains("+ BINARYMIME", "+ CHUNKING", "= outcome alike");
    }

    @Test
    void withoutAPasswordTheReplaySaysWhichOptionsGiveOne() throws IOException {
        Run r = Smtpx.run(List.of("replay", saved.toString(), "--server", "127.0.0.1:" + lab(Scenario.MODERN).port()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("authenticated as alice with SCRAM-SHA-256", "--password-env", "--no-auth");
    }

    @Test
    void aServerThatCannotBeReachedIsAnErrorNotADiff() throws IOException {
        LabServer gone = lab(Scenario.MODERN);
        int port = gone.port();
        gone.close();
        Run r = Smtpx.run(List.of("replay", saved.toString(), "--server", "127.0.0.1:" + port, "--password-file",
                password.toString(), "--timeout", "5"));
        assertThat(r.exit()).as(r.describe()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aFileThatIsNotASessionIsAUsageError() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.json"), "{\"schema\": \"something else\"}");
        Run r = Smtpx.run(List.of("replay", junk.toString(), "--server", "127.0.0.1:25"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not an SMTP Explorer transcript");
    }

    @Test
    void aTranscriptWithoutItsRequestIsReplayedFromWhatItShowsGivenTheMessage() throws IOException {
        SavedSession session;
        try (InputStream in = Files.newInputStream(saved)) {
            session = TranscriptExport.readSession(in);
        }
        Path bare = dir.resolve("bare.json");
        Files.writeString(bare, TranscriptExport.toJson(session.entries(), false));
        LabServer again = lab(Scenario.MODERN);
        List<String> args = List.of("replay", bare.toString(), "--server", "127.0.0.1:" + again.port(),
                "--password-file", password.toString(), "--trust-cert", again.certificatePath().toString());
        Run without = Smtpx.run(args);
        assertThat(without.exit()).as(without.describe()).isEqualTo(2);
        assertThat(without.err()).contains("give it with --eml FILE");
        List<String> withEml = new ArrayList<>(args);
        withEml.addAll(List.of("--eml", eml.toString()));
        Run r = Smtpx.run(withEml);
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains("holds no request", "* no difference");
        assertThat(again.messages().get(0).content()).isEqualTo(MESSAGE.getBytes(StandardCharsets.US_ASCII));
    }
}
