package org.smtpexplorer.ui.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.transcript.Ladder;
import org.smtpexplorer.transcript.Ladder.Kind;
import org.smtpexplorer.transcript.Ladder.Rung;
import org.smtpexplorer.transcript.LadderLayout;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.TlsSettings;

/**
 * AUTH exchanges of several round trips against the lab, as the ladder's view model shows them: LOGIN and
 * SCRAM-SHA-256 fold into AUTH, first 334, one row naming the hidden steps, and the final 235; the row opens and folds
 * again; a transcript line inside a fold selects the fold and, once opened, its own arrow; no label shows a secret.
 */
class SaslFoldTest {
    @TempDir
    Path dir;

    /** A session with STARTTLS and AUTH {@code mechanism} as alice against the lab. */
    private Transcript session(String mechanism, String password) throws Exception {
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir.resolve(mechanism + password)).build())) {
            Transcript t = new Transcript();
            SendRequest request = SendRequest.builder()
                    .connection(ConnectOptions.of("127.0.0.1", lab.port(), SecurityMode.STARTTLS,
                            TlsSettings.trusting(lab.certificatePath())).withTimeouts(Duration.ofSeconds(10),
                            Duration.ofSeconds(10)))
                    .credentials(new Credentials("alice", password.toCharArray())).authMechanism(mechanism)
                    .from("alice@lab.example").to(List.of("bob@lab.example"))
                    .message(MessageSource.of("Subject: t\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII),
                            "test message")).build();
            SendResult sent = new Session(request, t).send();
            assertThat(sent.status()).as(sent.toString()).isEqualTo(password.equals("wonderland")
                    ? SendResult.Status.SENT : SendResult.Status.FAILED);
            return t;
        }
    }

    private static LadderViewModel model(Transcript t) {
        LadderViewModel vm = new LadderViewModel(t, 13);
        while (vm.pull(1_000_000_000L)) {
            // all of it
        }
        return vm;
    }

    private static List<Rung> rows(LadderViewModel vm) {
        LadderLayout layout = vm.layout();
        return java.util.stream.IntStream.range(0, layout.size()).mapToObj(layout::rung).toList();
    }

    private static int rowOf(LadderViewModel vm, Kind kind, String labelStart) {
        List<Rung> rows = rows(vm);
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).kind() == kind && rows.get(i).label().startsWith(labelStart)) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " row " + labelStart + " in " + rows);
    }

    /** The seqs of the transcript's AUTH steps: the AUTH command, the challenges and responses, the final reply. */
    private static List<TranscriptEntry> authSteps(Transcript t) {
        List<TranscriptEntry> all = t.entries();
        int from = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof TranscriptEntry.Command c && "AUTH".equals(c.verb())) {
                from = i;
            }
        }
        int to = from;
        while (!(all.get(to) instanceof TranscriptEntry.Reply r && r.code() != 334)) {
            to++;
        }
        return all.subList(from, to + 1).stream().filter(e -> !(e instanceof TranscriptEntry.Note)).toList();
    }

    @Test
    void loginFoldsItsSecondRoundTripOpensAndFoldsAgain() throws Exception {
        Transcript t = session("LOGIN", "wonderland");
        List<TranscriptEntry> steps = authSteps(t);
        // AUTH LOGIN, 334 Username:, the name, 334 Password:, the password, 235.
        assertThat(steps).hasSize(6);
        LadderViewModel vm = model(t);
        int size = vm.layout().size();
        int auth = rowOf(vm, Kind.COMMAND, "AUTH LOGIN");
        Rung fold = vm.layout().rung(auth + 2);
        assertThat(vm.layout().rung(auth + 1).label()).isEqualTo("334 VXNlcm5hbWU6");
        assertThat(fold.kind()).isEqualTo(Kind.FOLDED);
        assertThat(fold.label()).isEqualTo("3 more SASL steps (2 responses, 1 challenge), folded");
        assertThat(fold.bytes()).isEqualTo(3);
        assertThat(fold.encrypted()).isTrue();
        assertThat(vm.layout().rung(auth + 3).label()).startsWith("235 2.7.0");
        assertThat(vm.isFold(auth + 2)).isTrue();
        assertThat(vm.exchange(auth + 3)).as("the folded exchange is one").containsExactly(auth, auth + 1, auth + 2,
                auth + 3);
        assertThat(vm.exchangeBytes(auth + 2, false)).isEqualTo("C: AUTH LOGIN\\r\\n\nS: 334 VXNlcm5hbWU6\\r\\n\n"
                + "C: <redacted>\\r\\n\nS: 334 UGFzc3dvcmQ6\\r\\n\nC: <redacted>\\r\\n\n"
                + "S: 235 2.7.0 Authentication successful\\r\\n");

        assertThat(vm.toggle(auth + 2)).isTrue();
        assertThat(vm.layout().size()).isEqualTo(size + 3);
        // The name and password went as base64 ("YWxpY2U=", "d29uZGVybGFuZA=="): neither shows, open or folded.
        for (Ladder ladder : List.of(vm.ladder(), Ladder.of(t.entries()).folded())) {
            assertThat(ladder.toMermaid()).doesNotContain("YWxpY2U", "d29uZGVy", "wonderland");
            ladder.steps().forEach(r -> assertThat(LadderLayout.label(r)).doesNotContain("YWxpY2U", "d29uZGVy"));
        }
        assertThat(vm.layout().rung(auth + 2).kind()).isEqualTo(Kind.UNFOLDED);
        assertThat(vm.layout().rung(auth + 2).label()).isEqualTo("3 SASL steps (2 responses, 1 challenge) below");
        assertThat(rows(vm).subList(auth, auth + 7)).extracting(Rung::label).containsExactly("AUTH LOGIN",
                "334 VXNlcm5hbWU6", "3 SASL steps (2 responses, 1 challenge) below", "<redacted>", "334 UGFzc3dvcmQ6",
                "<redacted>", "235 2.7.0 Authentication successful");
        assertThat(vm.exchange(auth + 5)).as("an open exchange pairs each response with its reply")
                .containsExactly(auth + 5, auth + 6);
        assertThat(vm.exchange(auth + 2)).as("its head stands for all of it").containsExactly(auth, auth + 1,
                auth + 2, auth + 3, auth + 4, auth + 5, auth + 6);
        assertThat(vm.exchangeBytes(auth + 2, false)).startsWith("C: AUTH LOGIN\\r\\n").endsWith("S: 235 2.7.0"
                + " Authentication successful\\r\\n");
        assertThat(vm.toggle(auth + 3)).as("not a fold").isFalse();

        assertThat(vm.toggle(auth + 2)).isTrue();
        assertThat(vm.layout().size()).isEqualTo(size);
        assertThat(vm.layout().rung(auth + 2).kind()).isEqualTo(Kind.FOLDED);
        assertThat(vm.layout().totalHeight()).as("the layout is as a fresh one").isEqualTo(fresh(vm).totalHeight());
    }

    private static LadderLayout fresh(LadderViewModel vm) {
        LadderLayout l = new LadderLayout(13);
        l.update(vm.ladder().steps(), 0);
        return l;
    }

    @Test
    void scramSelectionIntoAFoldSelectsTheFoldThenItsArrowOnceOpened() throws Exception {
        Transcript t = session("SCRAM-SHA-256", "wonderland");
        List<TranscriptEntry> steps = authSteps(t);
        // AUTH with client-first, 334 server-first, client-final, 334 server-final, an empty response, 235.
        assertThat(steps).hasSize(6);
        LadderViewModel vm = model(t);
        int auth = rowOf(vm, Kind.COMMAND, "AUTH SCRAM-SHA-256");
        assertThat(vm.layout().rung(auth).label()).isEqualTo("AUTH SCRAM-SHA-256 <redacted>");
        assertThat(vm.layout().rung(auth + 2).label()).isEqualTo("3 more SASL steps (2 responses, 1 challenge),"
                + " folded");
        assertThat(vm.layout().rung(auth + 3).label()).startsWith("235 ");

        TranscriptEntry serverFinal = steps.get(3);
        assertThat(serverFinal).isInstanceOf(TranscriptEntry.Reply.class);
        vm.selectSeq(serverFinal.seq());
        assertThat(vm.selectedRowProperty().get()).as("the fold that hides it").isEqualTo(auth + 2);
        assertThat(vm.selectedEntryProperty().get()).as("still the line asked for").isSameAs(serverFinal);
        assertThat(vm.layout().rung(auth + 2).kind()).as("left folded").isEqualTo(Kind.FOLDED);

        vm.toggle(auth + 2);
        assertThat(vm.selectedRowProperty().get()).as("its own arrow, once open").isEqualTo(auth + 4);
        assertThat(vm.layout().rung(auth + 4).seq()).isEqualTo(serverFinal.seq());
        assertThat(vm.selectedEntryProperty().get()).isSameAs(serverFinal);
        vm.toggle(auth + 2);
        assertThat(vm.selectedRowProperty().get()).as("folded again: the fold").isEqualTo(auth + 2);

        // Selecting the fold's row itself keeps it selected through opening and folding.
        vm.select(auth + 2);
        vm.toggle(auth + 2);
        assertThat(vm.selectedRowProperty().get()).isEqualTo(auth + 2);
        assertThat(vm.layout().rung(auth + 2).kind()).isEqualTo(Kind.UNFOLDED);

        // Nothing the ladder shows is a credential, folded or not: the password, the SCRAM messages (base64 "n,,").
        for (Ladder ladder : List.of(vm.ladder(), Ladder.of(t.entries()), Ladder.of(t.entries()).folded())) {
            for (Rung r : ladder.steps()) {
                assertThat(LadderLayout.label(r)).doesNotContain("wonderland", "n=alice", "n,,", "biws");
            }
            assertThat(ladder.toMermaid()).doesNotContain("wonderland", "n,,", "biws");
        }
        assertThat(vm.exchangeBytes(auth, false)).doesNotContain("biws");
    }

    @Test
    void aRefusedLoginStaysOpenSoItsStepsCanBeRead() throws Exception {
        Transcript t = session("LOGIN", "not-the-password");
        LadderViewModel vm = model(t);
        int auth = rowOf(vm, Kind.COMMAND, "AUTH LOGIN");
        assertThat(vm.layout().rung(auth + 2).kind()).isEqualTo(Kind.UNFOLDED);
        assertThat(vm.layout().rung(auth + 6).label()).startsWith("535 ");
        assertThat(vm.layout().rung(auth + 6).refusal()).isTrue();
        vm.toggle(auth + 2);
        assertThat(vm.layout().rung(auth + 2).kind()).as("it can still be folded").isEqualTo(Kind.FOLDED);
        assertThat(vm.layout().rung(auth + 3).label()).as("the refusal stays in sight").startsWith("535 ");
    }

    @Test
    void foldingSurvivesALiveSessionTakenInOneEntryAtATime() throws Exception {
        Transcript whole = session("SCRAM-SHA-256", "wonderland");
        Transcript live = new Transcript();
        LadderViewModel vm = new LadderViewModel(live, 13);
        int auth = -1;
        boolean opened = false;
        for (TranscriptEntry e : whole.entries()) {
            live.appendImported(e);
            vm.pull(1_000_000_000L);
            if (auth < 0 && e instanceof TranscriptEntry.Command c && "AUTH".equals(c.verb())) {
                auth = vm.layout().size() - 1;
            }
            if (!opened && auth >= 0 && vm.layout().size() > auth + 2 && vm.isFold(auth + 2)) {
                // The user opens it while its steps still arrive: it stays open as they do.
                assertThat(vm.toggle(auth + 2)).isTrue();
                opened = true;
            }
            assertThat(vm.layout().totalHeight()).as("after " + e.text()).isEqualTo(fresh(vm).totalHeight());
        }
        assertThat(opened).isTrue();
        assertThat(vm.layout().rung(auth + 2).kind()).isEqualTo(Kind.UNFOLDED);
        assertThat(vm.layout().rung(auth + 6).label()).startsWith("235 ");
    }
}
