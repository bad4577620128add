package org.smtpexplorer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.transport.UnframedReplies;
import org.smtpexplorer.transport.UnframedReplies.End;

/** The verdict rules, one reply sequence each, as real servers answer (see SmugglingJudge's rules). */
class SmugglingJudgeTest {
    private static UnframedReplies read(End end, String detail, String... replies) {
        List<SmtpReply> list = Arrays.stream(replies).map(r -> SmtpReply.of(Integer.parseInt(r.substring(0, 3)),
                r.substring(4))).toList();
        return new UnframedReplies(list, end, detail);
    }

    private static SmugglingJudge.Judgement judge(End end, String detail, String... replies) {
        return SmugglingJudge.judge(read(end, detail, replies));
    }

    @Test
    void aSecondTransactionAnsweredAndAcceptedEndedHere() {
        var j = judge(End.QUIT_ANSWERED, null, "250 Ok: queued as A", "250 Ok", "250 Ok", "354 End data",
                "250 Ok: queued as B", "221 Bye");
        assertThat(j.verdict()).isEqualTo(Verdict.ENDED_HERE);
        assertThat(j.evidence()).startsWith("5 replies where one was expected")
                .contains("smuggled MAIL (250 Ok), RCPT (250 Ok), DATA (354 End data)")
                .contains("accepted the smuggled message (250 Ok: queued as B): two messages");
        assertThat(j.codes()).isEqualTo("250, then 250 250 354 250; QUIT 221");
    }

    @Test
    void aSmuggledDataRefusedByASecondDefenceStillEndedHere() {
        // Postfix with reject_unauth_pipelining: DATA refused, the smuggled message's lines refused as commands.
        var j = judge(End.QUIT_ANSWERED, null, "250 Ok", "250 Ok", "250 Ok", "503 Improper use of pipelining",
                "502 command not recognized", "502 command not recognized", "502 command not recognized", "221 Bye");
        assertThat(j.verdict()).isEqualTo(Verdict.ENDED_HERE);
        assertThat(j.evidence()).contains("DATA (503 Improper use of pipelining)")
                .contains("the smuggled message's lines were read as commands too (3 more replies)");
    }

    @Test
    void aSmuggled354IsEnoughEvenWhenTheServerHangsUpRightAfter() {
        var j = judge(End.CLOSED, "the server closed the connection", "250 Ok", "354 go ahead");
        assertThat(j.verdict()).isEqualTo(Verdict.ENDED_HERE);
        assertThat(j.evidence()).endsWith("; then the server closed the connection");
    }

    @Test
    void oneReplyThenQuitIsAcceptedAsDataOrRejected() {
        assertThat(judge(End.QUIT_ANSWERED, null, "250 Ok: queued", "221 Bye").verdict())
                .isEqualTo(Verdict.ACCEPTED_AS_DATA);
        var rejected = judge(End.QUIT_ANSWERED, null, "554 5.6.0 bare LF", "221 Bye");
        assertThat(rejected.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(rejected.evidence()).contains("554 5.6.0 bare LF");
    }

    @Test
    void oneRefusalAndAHangUpIsRejected() {
        // Postfix with smtpd_forbid_bare_newline = reject.
        var j = judge(End.CLOSED, "the server closed the connection", "550 5.5.2 Error: bare <LF> received");
        assertThat(j.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(j.codes()).isEqualTo("550; closed");
    }

    @Test
    void whatFitsNeitherReadingIsInconclusive() {
        assertThat(judge(End.TIMED_OUT, "no reply within 5 s").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(judge(End.QUIT_ANSWERED, null, "221 Bye").evidence()).contains("only to QUIT");
        var silentAfterOk = judge(End.TIMED_OUT, "no further reply within 5 s", "250 Ok");
        assertThat(silentAfterOk.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(silentAfterOk.evidence()).contains("before QUIT was answered");
        var two = judge(End.QUIT_ANSWERED, null, "500 bare LF seen", "250 Ok", "221 Bye");
        assertThat(two.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(two.evidence()).contains("two replies where one was expected");
    }
}
