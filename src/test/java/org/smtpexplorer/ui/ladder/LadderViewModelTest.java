package org.smtpexplorer.ui.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.transcript.Ladder.Kind;
import org.smtpexplorer.transcript.Transcript;

/** The ladder's view model as plain JUnit: taking a live transcript in, selection by seq, and an exchange's bytes. */
class LadderViewModelTest {
    private static void reply(Transcript t, String text, String verb, int flight) {
        t.server(new ReplyParser().feed((text + "\r\n").getBytes(StandardCharsets.UTF_8)).get(0), verb, flight,
                800L);
    }

    @Test
    void takesInWhatArrivedAndPairsEachCommandWithItsReply() {
        Transcript t = new Transcript();
        t.client(SmtpCommand.auth("PLAIN", "AGFsaWNlAHNlY3JldA=="), 3);
        LadderViewModel vm = new LadderViewModel(t, 13);
        assertThat(vm.pull(50_000_000)).isTrue();
        long revision = vm.revision();
        assertThat(vm.pull(50_000_000)).as("nothing new").isFalse();
        assertThat(vm.revision()).isEqualTo(revision);
        reply(t, "235 2.7.0 Authentication successful", "AUTH", 3);
        t.note("Authenticated as alice with PLAIN");
        t.client(SmtpCommand.mail("alice@example.com"), 4);
        t.client(SmtpCommand.rcpt("bob@example.com"), 4);
        t.client(SmtpCommand.rcpt("carol@example.com"), 4);
        t.client(SmtpCommand.bdat(12, true), 4);
        t.payload("BDAT chunk 1 of 1: 12 bytes", "Subject: x\r\n".getBytes(StandardCharsets.US_ASCII), 12, "BDAT");
        reply(t, "250 2.1.0 Ok", "MAIL", 4);
        reply(t, "250 2.1.5 Ok", "RCPT", 4);
        reply(t, "550 5.1.1 No such user", "RCPT", 4);
        reply(t, "250 2.0.0 Queued", "BDAT", 4);
        assertThat(vm.pull(50_000_000)).isTrue();
        assertThat(vm.revision()).isGreaterThan(revision);
        assertThat(vm.layout().size()).isEqualTo(11);
        // Rows: 0 AUTH, 1 235, 2 MAIL, 3 RCPT, 4 RCPT, 5 BDAT, 6 chunk, 7 250, 8 250, 9 550, 10 250.
        assertThat(vm.exchange(0)).containsExactly(0, 1);
        assertThat(vm.exchange(2)).containsExactly(2, 7);
        assertThat(vm.exchange(4)).containsExactly(4, 9);
        assertThat(vm.exchange(9)).containsExactly(4, 9);
        assertThat(vm.exchange(5)).containsExactly(5, 6, 10);
        assertThat(vm.exchange(6)).as("a chunk belongs to its BDAT").containsExactly(5, 6, 10);
        assertThat(vm.exchange(10)).containsExactly(5, 6, 10);
        assertThat(vm.exchangeBytes(4, false)).isEqualTo("C: RCPT TO:<carol@example.com>\\r\\n\n"
                + "S: 550 5.1.1 No such user\\r\\n");
        assertThat(vm.exchangeBytes(0, false)).startsWith("C: AUTH PLAIN <redacted>\\r\\n")
                .doesNotContain("AGFsaWNl");
        assertThat(vm.exchangeBytes(0, true)).startsWith("C: AUTH PLAIN AGFsaWNlAHNlY3JldA==\\r\\n");
    }

    @Test
    void selectionIsByRowAndByTranscriptSeq() {
        Transcript t = new Transcript();
        t.note("a note draws no rung");
        t.client(SmtpCommand.noop(), 2);
        reply(t, "250 2.0.0 Ok", "NOOP", 2);
        LadderViewModel vm = new LadderViewModel(t, 13);
        vm.pull(50_000_000);
        vm.selectSeq(2);
        assertThat(vm.selectedRowProperty().get()).isEqualTo(1);
        assertThat(vm.selectedEntryProperty().get().seq()).isEqualTo(2);
        assertThat(vm.layout().rung(1).kind()).isEqualTo(Kind.REPLY);
        vm.selectSeq(0);
        assertThat(vm.selectedRowProperty().get()).as("the note has no rung").isEqualTo(-1);
        assertThat(vm.selectedEntryProperty().get()).isNull();
        vm.move(1);
        assertThat(vm.selectedRowProperty().get()).isZero();
        vm.move(5);
        assertThat(vm.selectedRowProperty().get()).isEqualTo(1);
        vm.move(-3);
        assertThat(vm.selectedEntryProperty().get().seq()).isEqualTo(1);
    }

    @Test
    void aFloodIsTakenInWithinTheBudgetAcrossPulls() {
        Transcript t = new Transcript();
        for (int i = 0; i < 30_000; i++) {
            t.client(SmtpCommand.noop(), 10 + i);
        }
        LadderViewModel vm = new LadderViewModel(t, 13);
        int pulls = 0;
        while (vm.pull(1_000_000)) {
            pulls++;
        }
        assertThat(vm.layout().size()).isEqualTo(30_000);
        assertThat(pulls).isGreaterThanOrEqualTo(1);
        vm.fontSize(26);
        assertThat(vm.layout().size()).isEqualTo(30_000);
        assertThat(vm.layout().rowHeight()).isEqualTo(Math.round(26 * 2.2));
        assertThat(List.of(vm.server())).containsExactly("server");
    }
}
