package org.smtpexplorer.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionDiffTest {
    private static final String EHLO_BEFORE = """
            C: EHLO client.example
            S: 250-mx.example Hello
            S: 250-PIPELINING
            S: 250-SIZE 10485760
            S: 250-STARTTLS
            S: 250-CHUNKING
            S: 250 SMTPUTF8
            """;
    private static final String TLS_AND_AUTH = """
            C: STARTTLS
            S: 220 2.0.0 Ready to start TLS
            T: TLSv1.3 TLS_AES_256_GCM_SHA384
            C: EHLO client.example
            S: 250-mx.example Hello
            S: 250-PIPELINING
            S: 250-SIZE 10485760
            S: 250-AUTH PLAIN
            S: 250-CHUNKING
            S: 250 SMTPUTF8
            C: AUTH PLAIN |AGFsaWNlAHdvbmRlcmxhbmQ=
            S: 235 2.7.0 Authentication successful
            N: Authenticated as alice with PLAIN
            """;
    private static final String BDAT_SENT = """
            C: MAIL FROM:<alice@example.com> SIZE=28
            C| RCPT TO:<bob@example.org>
            C| BDAT 28 LAST
            P: BDAT 28
            S: 250 2.1.0 Sender OK
            S: 250 2.1.5 Recipient OK
            S: 250 2.0.0 Message accepted as 1
            C: QUIT
            S: 221 2.0.0 Bye
            """;
    private static final String MODERN = "connect mx.example:25\nS: 220 mx.example ESMTP ready\n" + EHLO_BEFORE
            + TLS_AND_AUTH + BDAT_SENT;

    private static SessionDiff diff(String saved, String replay) {
        return SessionDiff.of(Scripted.session(saved), Scripted.session(replay));
    }

    @Test
    void stepsPairEachReplyWithItsCommandAcrossAPipelinedFlight() {
        List<SessionStep> steps = SessionStep.of(Scripted.session(MODERN));
        assertThat(steps).extracting(SessionStep::name).containsExactly("greeting", "EHLO", "STARTTLS", "TLS", "EHLO",
                "AUTH", "MAIL", "RCPT", "BDAT", "QUIT");
        assertThat(steps.get(7).lines()).containsExactly("C: RCPT TO:<bob@example.org>", "S: 250 2.1.5 Recipient OK");
        assertThat(steps.get(8).lines()).containsExactly("C: BDAT 28 LAST", "C: [BDAT payload: 28 bytes]",
                "S: 250 2.0.0 Message accepted as 1");
        assertThat(steps.get(5).lines()).containsExactly("C: AUTH PLAIN <redacted>",
                "S: 235 2.7.0 Authentication successful");
    }

    @Test
    void theSameSessionIsOneLineOfAlikeStepsAndNoDifference() {
        SessionDiff d = diff(MODERN, MODERN.replace("Message accepted as 1", "Message accepted as 7"));
        assertThat(d.identical()).isTrue();
        assertThat(d.summary()).isEqualTo("no difference");
        assertThat(d.lines()).containsExactly(
                "= 10 steps alike (steps 1-10): greeting, EHLO, STARTTLS, TLS, EHLO, AUTH, MAIL, RCPT, BDAT, QUIT",
                "= capabilities, EHLO before TLS: 5 keywords alike",
                "= capabilities, EHLO after TLS: 5 keywords alike",
                "= outcome alike: message accepted: 250 2.0.0 Message accepted as 1");
    }

    @Test
    void exactComparesTheReplyTextToo() {
        String other = MODERN.replace("Message accepted as 1", "Message accepted as 7");
        SessionDiff d = SessionDiff.of(Scripted.session(MODERN), Scripted.session(other), true);
        assertThat(d.differences()).extracting(SessionDiff.Row::name).containsExactly("BDAT");
        assertThat(d.lines()).containsSubsequence("@ BDAT (step 9)", "  C: BDAT 28 LAST",
                "- S: 250 2.0.0 Message accepted as 1", "+ S: 250 2.0.0 Message accepted as 7");
        assertThat(d.outcomeAlike()).isFalse();
    }

    @Test
    void aGreylistedRecipientNamesTheStepsThatDifferAndTheRsetOnlyTheReplaySent() {
        String greylisted = MODERN.replace("S: 250 2.1.5 Recipient OK", "S: 451 4.7.1 Greylisted, try later")
                .replace("S: 250 2.0.0 Message accepted as 1", "S: 554 5.5.1 No valid recipients")
                .replace("C: QUIT", "C: RSET\nS: 250 2.0.0 Reset OK\n!: the server accepted none of the recipients\n"
                        + "C: QUIT");
        SessionDiff d = diff(MODERN, greylisted);
        assertThat(d.differences()).extracting(r -> r.name() + " " + r.change()).containsExactly(
                "RCPT CHANGED", "BDAT CHANGED", "RSET REPLAY_ONLY", "failure REPLAY_ONLY");
        assertThat(d.lines()).containsExactly(
                "= 7 steps alike (steps 1-7): greeting, EHLO, STARTTLS, TLS, EHLO, AUTH, MAIL",
                "@ RCPT (step 8)",
                "  C: RCPT TO:<bob@example.org>",
                "- S: 250 2.1.5 Recipient OK",
                "+ S: 451 4.7.1 Greylisted, try later",
                "@ BDAT (step 9)",
                "  C: BDAT 28 LAST",
                "  C: [BDAT payload: 28 bytes]",
                "- S: 250 2.0.0 Message accepted as 1",
                "+ S: 554 5.5.1 No valid recipients",
                "@ RSET (only in the replay, step 10)",
                "+ C: RSET",
                "+ S: 250 2.0.0 Reset OK",
                "@ failure (only in the replay, step 11)",
                "+ ! the server accepted none of the recipients",
                "= 1 step alike (saved 10, replay 12): QUIT",
                "= capabilities, EHLO before TLS: 5 keywords alike",
                "= capabilities, EHLO after TLS: 5 keywords alike",
                "@ outcome",
                "- message accepted: 250 2.0.0 Message accepted as 1",
                "+ message refused: 554 5.5.1 No valid recipients");
        assertThat(d.summary()).isEqualTo("4 of 12 steps differ; the outcome differs");
    }

    @Test
    void dataWhereTheSavedSessionSentBdatStandsAloneAndCapabilitiesDifferKeywordByKeyword() {
        String noChunking = MODERN.replace("S: 250-CHUNKING\n", "").replace("S: 250-SIZE 10485760\n",
                "S: 250-SIZE 10240\n").replace("S: 250 SMTPUTF8", "S: 250-SMTPUTF8\nS: 250 X-NEW one two")
                .replace(BDAT_SENT, """
                        C: MAIL FROM:<alice@example.com> SIZE=28
                        C| RCPT TO:<bob@example.org>
                        C| DATA
                        S: 250 2.1.0 Sender OK
                        S: 250 2.1.5 Recipient OK
                        S: 354 Go ahead
                        P: DATA 28
                        S: 250 2.0.0 Message accepted as 1
                        C: QUIT
                        S: 221 2.0.0 Bye
                        """);
        SessionDiff d = diff(MODERN, noChunking);
        assertThat(d.differences()).extracting(r -> r.name() + " " + r.change()).containsExactly(
                "BDAT SAVED_ONLY", "DATA REPLAY_ONLY", "message REPLAY_ONLY");
        assertThat(d.capabilities()).hasSize(2);
        SessionDiff.CapabilityPhase after = d.capabilities().get(1);
        assertThat(after.phase()).isEqualTo("EHLO after TLS");
        assertThat(after.alike()).isEqualTo(3);
        assertThat(after.changes()).containsExactly(
                new SessionDiff.KeywordChange("SIZE", "10485760", "10240"),
                new SessionDiff.KeywordChange("CHUNKING", "", null),
                new SessionDiff.KeywordChange("X-NEW", null, "one two"));
        assertThat(d.lines()).containsSubsequence(
                "@ BDAT (only in the saved session, step 9)", "- C: BDAT 28 LAST",
                "@ DATA (only in the replay, step 9)", "+ C: DATA", "+ S: 354 Go ahead",
                "@ message (only in the replay, step 10)", "+ C: [DATA payload: 28 bytes]",
                "+ S: 250 2.0.0 Message accepted as 1",
                "= 1 step alike (saved 10, replay 11): QUIT",
                "@ capabilities, EHLO before TLS: 3 keywords differ, 3 alike",
                "@ capabilities, EHLO after TLS: 3 keywords differ, 3 alike",
                "- SIZE 10485760", "+ SIZE 10240", "- CHUNKING", "+ X-NEW one two",
                "= outcome alike: message accepted: 250 2.0.0 Message accepted as 1");
        assertThat(d.summary()).isEqualTo("3 of 12 steps differ; 6 capabilities differ; the outcome is alike");
    }

    @Test
    void aReplayWithoutTlsHasNoSecondEhloAndSaysSo() {
        String plain = "connect mx.example:25\nS: 220 mx.example ESMTP ready\n" + EHLO_BEFORE.replace(
                "S: 250-STARTTLS\n", "") + BDAT_SENT;
        SessionDiff d = diff(MODERN, plain);
        assertThat(d.differences()).extracting(r -> r.name() + " " + r.change()).containsExactly(
                "STARTTLS SAVED_ONLY", "TLS SAVED_ONLY", "EHLO SAVED_ONLY", "AUTH SAVED_ONLY");
        assertThat(d.lines()).contains("@ capabilities, EHLO after TLS: only in the saved session", "- AUTH PLAIN",
                "- STARTTLS");
        assertThat(d.capabilityChanges()).isEqualTo(2);
    }

    @Test
    void secretsStayRedactedAndServerTextStaysEscaped() {
        String hostile = MODERN.replace("S: 235 2.7.0 Authentication successful",
                "S: 535 5.7.8 Bad \u001b[2J\u202e credentials");
        SessionDiff d = diff(MODERN, hostile);
        String text = d.toText();
        assertThat(text).doesNotContain("AGFsaWNlAHdvbmRlcmxhbmQ=").doesNotContain("\u001b").doesNotContain("\u202e");
        assertThat(d.lines()).contains("  C: AUTH PLAIN <redacted>", "+ S: 535 5.7.8 Bad \\x1b[2J\\u202e credentials");
    }

    @Test
    void aStepTheServerFailedWithAnotherEnhancedCodeDiffers() {
        String saved = MODERN.replace("S: 250 2.1.5 Recipient OK", "S: 550 5.1.1 No such user");
        String replay = MODERN.replace("S: 250 2.1.5 Recipient OK", "S: 550 5.7.1 Relaying denied");
        assertThat(diff(saved, replay).differences()).extracting(SessionDiff.Row::name).containsExactly("RCPT");
    }

    @Test
    void longSessionsAlignWithoutQuadraticBlowUp() {
        StringBuilder chunks = new StringBuilder("connect mx.example:25\nS: 220 ready\nC: EHLO a\nS: 250 mx\n"
                + "C: MAIL FROM:<a@b.example>\nS: 250 ok\nC: RCPT TO:<c@d.example>\nS: 250 ok\n");
        for (int i = 0; i < 3000; i++) {
            chunks.append("C: BDAT 10\nP: BDAT 10\nS: 250 2.0.0 chunk\n");
        }
        String saved = chunks + "C: BDAT 10 LAST\nP: BDAT 10\nS: 250 2.0.0 done\nC: QUIT\nS: 221 bye\n";
        String replay = chunks + "C: NOOP\nS: 250 ok\nC: BDAT 10 LAST\nP: BDAT 10\nS: 250 2.0.0 done\nC: QUIT\n"
                + "S: 221 bye\n";
        SessionDiff d = diff(saved, replay);
        assertThat(d.differences()).extracting(r -> r.name() + " " + r.change()).containsExactly("NOOP REPLAY_ONLY");
        assertThat(d.lines().get(0)).isEqualTo("= 3004 steps alike (steps 1-3004): greeting, EHLO, MAIL, RCPT,"
                + " BDAT x3000");
        assertThat(d.lines().get(4)).isEqualTo("= 2 steps alike (saved 3005-3006, replay 3006-3007): BDAT, QUIT");
    }

    @Test
    void aBrokenSessionIsAnOutcomeWithItsFailure() {
        String cut = "connect mx.example:25\nS: 220 ready\nC: EHLO a\n!: connection lost while reading the reply";
        SessionDiff d = diff(MODERN, cut);
        assertThat(d.replayOutcome().kind()).isEqualTo(SessionDiff.OutcomeKind.NOT_SENT);
        assertThat(d.lines()).endsWith("- message accepted: 250 2.0.0 Message accepted as 1",
                "+ no message sent: connection lost while reading the reply");
        List<String> stepsOfCut = new ArrayList<>();
        SessionStep.of(Scripted.session(cut)).forEach(s -> stepsOfCut.add(s.name() + " " + s.code()));
        assertThat(stepsOfCut).containsExactly("greeting 220", "EHLO 0", "failure 0");
    }
}
