package org.smtpexplorer.ui.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.explain.KnowledgeBase;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.Replay;
import org.smtpexplorer.transport.ReplayTarget;
import org.smtpexplorer.transport.SavedRequests;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.TlsSettings;
import org.smtpexplorer.ui.common.Poller;
import org.smtpexplorer.ui.common.Tasks;

/**
 * The side-by-side view model as plain JUnit, against two lab servers configured differently: a session saved
 * against a modern lab (STARTTLS, AUTH, a recipient outside the lab's domains that only an authenticated sender may
 * use) is replayed against a greylisting lab, and without AUTH. Its "FX thread" is an executor of the test's own and
 * its poller samples when the test says, so every property is read where it was written.
 */
class SideBySideViewModelTest {
    private static final String MESSAGE = "From: alice@lab.example\r\nTo: bob@elsewhere.test\r\nSubject: replay\r\n"
            + "\r\nhello\r\n";

    @TempDir
    Path dir;
    final List<LabServer> labs = new ArrayList<>();
    final ExecutorService worker = Executors.newSingleThreadExecutor();
    final ExecutorService fx = Executors.newSingleThreadExecutor();
    final List<Runnable> samplers = new ArrayList<>();
    final Poller poller = sample -> {
        samplers.add(sample);
        return () -> samplers.remove(sample);
    };
    LabServer modern;
    SavedSession saved;
    SideBySideViewModel vm;

    @BeforeEach
    void saveASessionAgainstAModernLab() throws Exception {
        modern = lab(Scenario.MODERN, Duration.ZERO);
        SendRequest request = SendRequest.builder()
                .connection(ConnectOptions.of("127.0.0.1", modern.port(), SecurityMode.STARTTLS,
                        TlsSettings.trusting(modern.certificatePath())).withTimeouts(Duration.ofSeconds(10),
                        Duration.ofSeconds(10)))
                .helo("client.example").authMechanism("SCRAM-SHA-256")
                .credentials(new Credentials("alice", "wonderland".toCharArray()))
                .from("alice@lab.example").to(List.of("bob@elsewhere.test"))
                .message(MessageSource.of(MESSAGE.getBytes(StandardCharsets.US_ASCII), "test message")).build();
        Transcript transcript = new Transcript();
        SendResult sent = new Session(request, transcript).send();
        assertThat(sent.status()).as(String.valueOf(sent.failure())).isEqualTo(SendResult.Status.SENT);
        saved = SavedRequests.session(transcript.entries(), request);
        vm = new SideBySideViewModel(new Tasks(worker, fx), poller, KnowledgeBase.load());
    }

    @AfterEach
    void stop() {
        worker.shutdownNow();
        fx.shutdownNow();
        labs.forEach(LabServer::close);
    }

    private LabServer lab(Scenario scenario, Duration slow) throws IOException {
        LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir.resolve("lab" + labs.size()))
                .scenario(scenario).slowDelay(slow).build());
        labs.add(lab);
        return lab;
    }

    private Replay replay(LabServer lab, ReplayTarget target) throws IOException {
        return Replay.prepare(saved, "modern.json", target.withTls(TlsSettings.trusting(lab.certificatePath())),
                (mechanism, user) -> new Credentials(user, "wonderland".toCharArray()));
    }

    private void onFx(Runnable action) throws Exception {
        fx.submit(action).get(10, TimeUnit.SECONDS);
    }

    /** Samples (as the pulse would) until the replay has finished; returns the row counts seen while it ran. */
    private List<Integer> sampleUntilDone() throws Exception {
        List<Integer> seen = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean[] busy = {true};
        while (busy[0] && System.nanoTime() < until) {
            Thread.sleep(10);
            onFx(() -> {
                List.copyOf(samplers).forEach(Runnable::run);
                busy[0] = vm.runningProperty().get();
                if (busy[0]) {
                    seen.add((int) vm.rows().stream().filter(r -> r.replayIndex() > 0).count());
                }
            });
        }
        assertThat(busy[0]).as("the replay finished").isFalse();
        return seen;
    }

    private static DiffRow row(List<DiffRow> rows, String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() ->
                new AssertionError("no row " + name + " in " + rows.stream().map(DiffRow::name).toList()));
    }

    @Test
    void aGreylistingServerRefusesTheRecipientAndTheRowsShowWhereAndWhy() throws Exception {
        LabServer greylist = lab(Scenario.GREYLIST, Duration.ZERO);
        Replay replay = replay(greylist, ReplayTarget.asSaved("127.0.0.1", greylist.port()));
        onFx(() -> vm.start(replay, "modern.json"));
        sampleUntilDone();
        onFx(() -> {
            List<DiffRow> rows = List.copyOf(vm.rows());
            // Greeting to MAIL alike, collapsed into one row; then the refused RCPT, the BDAT refused with it, the
            // client's RSET and the refusal it reports, which only the replay has, and QUIT alike.
            assertThat(rows).extracting(DiffRow::marker).containsExactly(DiffRow.Marker.RUN,
                    DiffRow.Marker.CHANGED, DiffRow.Marker.CHANGED, DiffRow.Marker.REPLAY_ONLY,
                    DiffRow.Marker.REPLAY_ONLY, DiffRow.Marker.ALIKE);
            assertThat(rows).extracting(DiffRow::name).containsExactly(rows.get(0).name(), "RCPT", "BDAT", "RSET",
                    "failure", "QUIT");
            assertThat(rows.get(0).name()).isEqualTo("9 steps alike (steps 1-9): greeting, EHLO, STARTTLS, TLS,"
                    + " EHLO, AUTH, AUTH response x2, MAIL");
            DiffRow rcpt = row(rows, "RCPT");
            assertThat(rcpt.savedIndex()).isEqualTo(10);
            assertThat(rcpt.replayIndex()).isEqualTo(10);
            assertThat(rcpt.savedLines()).containsExactly("C: RCPT TO:<bob@elsewhere.test>",
                    "S: 250 2.1.5 Recipient <bob@elsewhere.test> OK");
            assertThat(rcpt.replayLines().get(1)).startsWith("S: 451 4.7.1 <bob@elsewhere.test>: Greylisted");
            assertThat(rcpt.savedDiffers(0)).as("the command is the same").isFalse();
            assertThat(rcpt.savedDiffers(1)).isTrue();
            assertThat(rcpt.replayDiffers(1)).isTrue();
            DiffRow rset = row(rows, "RSET");
            assertThat(rset.savedLines()).as("blank filler on the saved side").isEmpty();
            assertThat(rset.savedIndex()).isZero();
            assertThat(rset.replayLines()).containsExactly("C: RSET", "S: 250 2.0.0 Reset OK");
            assertThat(vm.summaryProperty().get()).isEqualTo("replay ran to the end; 4 steps differ; first"
                    + " difference: RCPT TO:<bob@elsewhere.test> \u2014 250 2.1.5 vs 451 4.7.1; message: accepted"
                    + " 250 2.0.0 vs refused 554 5.5.1");
            assertThat(vm.capabilities()).extracting(CapabilityRow::change).containsExactly("12 keywords alike",
                    "13 keywords alike");
            assertThat(vm.otherTitleProperty().get()).isEqualTo("Replay: 127.0.0.1:" + greylist.port()
                    + ", 14 steps");

            vm.select(rcpt);
            assertThat(vm.savedDetailProperty().get()).isEqualTo("Saved, step 10 (RCPT)\n"
                    + "C: RCPT TO:<bob@elsewhere.test>\\r\\n\nS: 250 2.1.5 Recipient <bob@elsewhere.test> OK\\r\\n");
            assertThat(vm.otherDetailProperty().get()).startsWith("The replay, step 10 (RCPT)\n"
                    + "C: RCPT TO:<bob@elsewhere.test>\\r\\n\nS: 451 4.7.1 ");
            assertThat(vm.explanationProperty().get()).startsWith("250 after RCPT").contains("451 after RCPT",
                    "4.7.1", "RCPT TO");

            vm.toggle(rows.get(0));
            assertThat(vm.rows()).hasSize(14);
            assertThat(vm.rows().subList(0, 9)).allSatisfy(r -> assertThat(r.marker())
                    .isEqualTo(DiffRow.Marker.ALIKE));
            vm.toggle(vm.rows().get(3));
            assertThat(vm.rows()).as("a row of an open run folds it again").hasSize(6);
            vm.collapseAlikeProperty().set(false);
            assertThat(vm.rows()).hasSize(14);
            assertThat(vm.asText()).startsWith("--- saved   modern.json\n+++ replay  127.0.0.1:" + greylist.port()
                    + "\n= 9 steps alike (steps 1-9)").contains("- S: 250 2.1.5 Recipient <bob@elsewhere.test> OK\n"
                    + "+ S: 451 4.7.1 ");
        });
        assertThat(greylist.messages()).isEmpty();
    }

    @Test
    void withoutAuthTheAuthStepsStandAloneOnTheSavedSideAndTheRelayIsRefused() throws Exception {
        LabServer again = lab(Scenario.MODERN, Duration.ZERO);
        Replay replay = replay(again, ReplayTarget.asSaved("127.0.0.1", again.port()).withoutAuth());
        onFx(() -> vm.start(replay, "modern.json"));
        sampleUntilDone();
        onFx(() -> {
            List<DiffRow> rows = List.copyOf(vm.rows());
            List<DiffRow> savedOnly = rows.stream().filter(r -> r.marker() == DiffRow.Marker.SAVED_ONLY).toList();
            assertThat(savedOnly).extracting(DiffRow::name).containsExactly("AUTH", "AUTH response",
                    "AUTH response");
            assertThat(savedOnly).allSatisfy(r -> {
                assertThat(r.replayLines()).isEmpty();
                assertThat(r.replayIndex()).isZero();
            });
            assertThat(savedOnly.get(0).savedLines().get(0)).startsWith("C: AUTH SCRAM-SHA-256 ");
            DiffRow rcpt = row(rows, "RCPT");
            assertThat(rcpt.marker()).isEqualTo(DiffRow.Marker.CHANGED);
            assertThat(rcpt.replayLines().get(1)).startsWith("S: 554 5.7.1 <bob@elsewhere.test>: Relay access"
                    + " denied");
            assertThat(vm.summaryProperty().get()).startsWith("replay ran to the end; 7 steps differ; first"
                    + " difference: AUTH SCRAM-SHA-256 ").contains(" only in the saved session;");
            assertThat(String.join("\n", savedOnly.get(1).savedLines())).doesNotContain("wonderland");
        });
        assertThat(again.messages()).isEmpty();
    }

    @Test
    void withoutChunkingTheCapabilitiesComparedKeywordByKeywordSayWhyDataReplacedBdat() throws Exception {
        LabServer noChunking = lab(Scenario.NO_CHUNKING, Duration.ZERO);
        Replay replay = replay(noChunking, ReplayTarget.asSaved("127.0.0.1", noChunking.port()));
        onFx(() -> vm.start(replay, "modern.json"));
        sampleUntilDone();
        onFx(() -> {
            assertThat(vm.capabilities()).contains(
                    new CapabilityRow("EHLO before TLS", null, null, null, "2 keywords differ, 10 alike"),
                    new CapabilityRow("EHLO before TLS", "CHUNKING", "", null, "only before"),
                    new CapabilityRow("EHLO before TLS", "BINARYMIME", "", null, "only before"),
                    new CapabilityRow("EHLO after TLS", "CHUNKING", "", null, "only before"));
            assertThat(vm.rows().stream().filter(r -> r.marker().differs()).map(r -> r.marker() + " " + r.name()))
                    .containsExactly("SAVED_ONLY BDAT", "REPLAY_ONLY DATA", "REPLAY_ONLY message");
            assertThat(vm.summaryProperty().get()).contains("4 capabilities differ", "message: accepted 250 2.0.0"
                    + " on both");
        });
        assertThat(noChunking.messages()).hasSize(1);
    }

    @Test
    void rowsArriveWhileTheReplayRunsAndCancelStopsItKeepingThem() throws Exception {
        LabServer slow = lab(Scenario.SLOW, Duration.ofMillis(400));
        Replay replay = replay(slow, ReplayTarget.asSaved("127.0.0.1", slow.port()));
        onFx(() -> vm.start(replay, "modern.json"));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int[] replayed = {0};
        boolean[] pending = {false};
        while (replayed[0] < 3 && System.nanoTime() < until) {
            Thread.sleep(20);
            onFx(() -> {
                List.copyOf(samplers).forEach(Runnable::run);
                replayed[0] = (int) vm.rows().stream().filter(r -> r.replayIndex() > 0).count();
                pending[0] = vm.rows().stream().anyMatch(r -> r.marker() == DiffRow.Marker.PENDING);
            });
        }
        assertThat(replayed[0]).as("three replayed steps shown before the end").isGreaterThanOrEqualTo(3);
        assertThat(pending[0]).as("the saved steps still to come are 'not replayed yet', not missing").isTrue();
        onFx(() -> {
            assertThat(vm.runningProperty().get()).isTrue();
            assertThat(vm.summaryProperty().get()).startsWith("replaying against 127.0.0.1:" + slow.port())
                    .contains("so far");
            assertThat(vm.otherTitleProperty().get()).endsWith("steps so far");
        });
        long cancelled = System.nanoTime();
        onFx(vm::cancel);
        sampleUntilDone();
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).as("cancel ends the replay at once, not at the"
                + " 10 s timeout").isLessThan(Duration.ofSeconds(3));
        onFx(() -> {
            // How far the flight got before the cancel varies; QUIT at least was never sent.
            assertThat(vm.summaryProperty().get()).startsWith("replay cancelled; ").containsPattern(
                    "; [0-9]+ steps? not replayed; message: accepted 250 2\\.0\\.0 vs (not sent|sent, no reply)$");
            assertThat(vm.rows().stream().filter(r -> r.replayIndex() > 0).count()).isGreaterThanOrEqualTo(3);
            assertThat(vm.rows()).as("the saved steps after the cancel are not replayed, not missing")
                    .anyMatch(r -> r.marker() == DiffRow.Marker.PENDING)
                    .noneMatch(r -> r.marker() == DiffRow.Marker.SAVED_ONLY);
            assertThat(vm.rows().get(vm.rows().size() - 1).replayLines()).singleElement().asString().startsWith("! ")
                    .contains("cancelled");
            assertThat(samplers).as("the poller is stopped").isEmpty();
        });
        assertThat(slow.messages()).isEmpty();
    }

    @Test
    void cancelDuringAnImplicitTlsHandshakeThatNeverEndsStopsAtOnceNotAtTheTimeout() throws Exception {
        // A server that accepts and then says nothing: the client's TLS handshake waits for its hello.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.add(silent.accept());
                } catch (IOException closed) {
                    // The test is over.
                }
            });
            acceptor.start();
            Replay replay = Replay.prepare(saved, "modern.json", ReplayTarget.asSaved("127.0.0.1", silent.getLocalPort())
                    .withSecurity(SecurityMode.IMPLICIT).withTimeout(Duration.ofSeconds(20)),
                    (mechanism, user) -> new Credentials(user, "wonderland".toCharArray()));
            onFx(() -> vm.start(replay, "modern.json"));
            acceptor.join(5000);
            assertThat(accepted).as("the client connected").hasSize(1);
            Thread.sleep(300);
            long cancelled = System.nanoTime();
            onFx(vm::cancel);
            sampleUntilDone();
            assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(3));
            onFx(() -> assertThat(vm.summaryProperty().get()).startsWith("replay cancelled; "));
            assertThat(replay.transcript().entries()).last().extracting(e -> e.text()).isEqualTo("cancelled");
            accepted.get(0).close();
        }
    }

    @Test
    void compareShowsTheWindowsSessionAgainstTheSavedOneWithoutSendingAnything() throws Exception {
        LabServer greylist = lab(Scenario.GREYLIST, Duration.ZERO);
        Transcript other = new Transcript();
        // The window's session: the same request, run by hand against the greylisting lab.
        new Session(replay(greylist, ReplayTarget.asSaved("127.0.0.1", greylist.port())).request(), other).send();
        int sessionsBefore = modern.messages().size();
        onFx(() -> {
            vm.compare(saved, "modern.json", other.entries());
            assertThat(vm.runningProperty().get()).isFalse();
            assertThat(vm.summaryProperty().get()).startsWith("compared with this window's session; 4 steps differ;"
                    + " first difference: RCPT TO:<bob@elsewhere.test> \u2014 250 2.1.5 vs 451 4.7.1");
            assertThat(vm.otherTitleProperty().get()).isEqualTo("This window's session: 127.0.0.1:"
                    + greylist.port() + ", 14 steps");
            assertThat(vm.rows()).extracting(DiffRow::marker).contains(DiffRow.Marker.REPLAY_ONLY);
            assertThat(vm.otherSide()).isEqualTo("this window's session");
        });
        assertThat(modern.messages()).hasSize(sessionsBefore);
    }
}
