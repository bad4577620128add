package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.TranscriptExport;

/**
 * Breakpoints: the session proposes each command of the steps named, a decision comes back (send as is, send edited,
 * skip, abort), and the engine's state follows what really went on the wire. Each dialogue is asserted byte for byte
 * by the scripted server.
 */
class BreakpointsTest {

    private static final String GREETING_AND_EHLO = """
            S: 220 mx.example ESMTP
            C: EHLO localhost
            S: 250-mx.example
            S: 250-PIPELINING
            S: 250 8BITMIME
            """;

    private static SendRequest request(int port, List<String> to) {
        return SendRequest.builder()
                .connection(ConnectOptions.of("127.0.0.1", port, SecurityMode.NONE, TlsSettings.verified()))
                .from("a@example.com").to(to)
                .message(MessageSource.of("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), "test"))
                .transfer(SendRequest.Transfer.DATA)
                .build();
    }

    /** Breakpoints on {@code steps}, answered in turn by {@code answers}; every proposal is kept. */
    private static final class Scripted implements Breakpoints {
        final Set<Step> steps;
        final Deque<Function<Proposal, BeforeSend>> answers;
        final List<Proposal> seen = new ArrayList<>();

        @SafeVarargs
        Scripted(Set<Step> steps, Function<Proposal, BeforeSend>... answers) {
            this.steps = steps;
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public Set<Step> steps() {
            return steps;
        }

        @Override
        public BeforeSend decide(Proposal proposal) {
            seen.add(proposal);
            return answers.isEmpty() ? BeforeSend.SEND : answers.poll().apply(proposal);
        }
    }

    @Test
    void anEditedMailGoesOutAsTypedAndRunToEndGoesOnAfterIt() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(GREETING_AND_EHLO + """
                C: MAIL FROM:<teacher@example.com>
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                C: DATA
                S: 354 go
                !read-until-dot
                S: 250 queued
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Transcript transcript = new Transcript();
            Session s = new Session(request(server.port(), List.of("b@example.com")), transcript);
            Scripted b = new Scripted(EnumSet.of(Step.MAIL),
                    p -> BeforeSend.edited("MAIL FROM:<teacher@example.com>"));
            s.onBeforeSend(b);
            SendResult r = s.runToEnd();
            assertThat(server.await()).isEmpty();
            assertThat(r.status()).isEqualTo(SendResult.Status.SENT);
            assertThat(b.seen).singleElement().satisfies(p -> {
                assertThat(p.step()).isEqualTo(Step.MAIL);
                assertThat(p.command().line()).isEqualTo("MAIL FROM:<a@example.com>");
                assertThat(p.problems()).isEmpty();
                assertThat(p.editable()).isTrue();
            });
            assertThat(notes(transcript)).anyMatch(n -> n.contains("MAIL FROM:<a@example.com> was proposed,"
                    + " MAIL FROM:<teacher@example.com> is sent instead"));
        }
    }

    @Test
    void skippingARecipientSendsOneFewerAndThePipeliningOfferIsNotUsed() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(GREETING_AND_EHLO + """
                C: MAIL FROM:<a@example.com>
                S: 250 ok
                C: RCPT TO:<c@example.com>
                S: 250 ok
                C: DATA
                S: 354 go
                !read-until-dot
                S: 250 queued
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Transcript transcript = new Transcript();
            Session s = new Session(request(server.port(), List.of("b@example.com", "c@example.com")), transcript);
            Scripted b = new Scripted(EnumSet.of(Step.RCPT), p -> BeforeSend.SKIP, p -> BeforeSend.SEND);
            s.onBeforeSend(b);
            SendResult r = s.runToEnd();
            assertThat(server.await()).isEmpty();
            assertThat(r.status()).isEqualTo(SendResult.Status.SENT);
            assertThat(r.recipients()).extracting(SendResult.RecipientResult::address)
                    .as("the skipped recipient is not one of the transaction's").containsExactly("c@example.com");
            assertThat(b.seen).extracting(p -> p.command().line())
                    .containsExactly("RCPT TO:<b@example.com>", "RCPT TO:<c@example.com>");
            List<Integer> flights = transcript.entries().stream().filter(e -> e instanceof TranscriptEntry.Command)
                    .map(e -> ((TranscriptEntry.Command) e).flight()).toList();
            assertThat(flights).as("one command per flight while breakpoints are set").doesNotHaveDuplicates();
            assertThat(notes(transcript)).anyMatch(n -> n.startsWith("PIPELINING is off while breakpoints are set"))
                    .anyMatch(n -> n.startsWith("Skipped at the breakpoint: RCPT TO:<b@example.com> was not sent"));
        }
    }

    @Test
    void abortingEndsTheSessionWithQuitAndNothingOfTheProposedCommandIsSent() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(GREETING_AND_EHLO + """
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Transcript transcript = new Transcript();
            Session s = new Session(request(server.port(), List.of("b@example.com")), transcript);
            s.onBeforeSend(new Scripted(EnumSet.of(Step.MAIL), p -> BeforeSend.ABORT));
            SendResult r = s.runToEnd();
            assertThat(server.await()).isEmpty();
            assertThat(r.status()).isEqualTo(SendResult.Status.FAILED);
            assertThat(r.failure()).isInstanceOf(AbortedAtBreakpoint.class)
                    .hasMessageContaining("aborted at the breakpoint before MAIL FROM");
            assertThat(s.state()).isEqualTo(SessionState.CLOSED);
            assertThat(transcript.entries()).noneMatch(e -> e instanceof TranscriptEntry.Failure);
        }
    }

    @Test
    void afterASkippedMailTheRecipientIsProposedWithTheEnginesWarningAndSentOnlyWhenChosen() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(GREETING_AND_EHLO + """
                C: RCPT TO:<b@example.com>
                S: 503 5.5.1 Error: need MAIL command
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Session s = new Session(request(server.port(), List.of("b@example.com")), new Transcript());
            Scripted b = new Scripted(EnumSet.of(Step.MAIL, Step.RCPT), p -> BeforeSend.SKIP, p -> BeforeSend.SEND);
            s.onBeforeSend(b);
            SendResult r = s.runToEnd();
            assertThat(server.await()).isEmpty();
            assertThat(b.seen.get(1).problems()).singleElement().asString()
                    .contains("RCPT is not legal now: the session is ready for a mail transaction");
            assertThat(r.status()).isEqualTo(SendResult.Status.FAILED);
            assertThat(r.failure()).hasMessageContaining("503 5.5.1");
        }
    }

    @Test
    void withoutABreakpointOnItAnOutOfSequenceCommandAfterASkipIsRefusedLocally() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(GREETING_AND_EHLO + """
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Session s = new Session(request(server.port(), List.of("b@example.com")), new Transcript());
            s.onBeforeSend(new Scripted(EnumSet.of(Step.MAIL), p -> BeforeSend.SKIP));
            SendResult r = s.runToEnd();
            assertThat(server.await()).isEmpty();
            assertThat(r.failure()).hasMessageContaining("RCPT is not legal now");
        }
    }

    @Test
    void stepsTakenOneAtATimePauseTooAndASkippedEhloLeavesTheSessionGreeted() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: HELO localhost
                S: 250 mx.example
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Session s = new Session(request(server.port(), List.of("b@example.com")), new Transcript());
            Scripted b = new Scripted(EnumSet.of(Step.EHLO, Step.QUIT), p -> BeforeSend.SKIP);
            s.onBeforeSend(b);
            s.perform(Step.CONNECT);
            assertThat(s.perform(Step.EHLO)).as("nothing was sent, so nothing was answered").isNull();
            assertThat(s.state()).isEqualTo(SessionState.GREETED);
            assertThat(s.capabilityHistory()).isEmpty();
            assertThat(s.perform(Step.HELO).code()).isEqualTo(250);
            assertThat(s.perform(Step.QUIT).code()).isEqualTo(221);
            assertThat(server.await()).isEmpty();
            assertThat(b.seen).extracting(Proposal::step).containsExactly(Step.EHLO, Step.QUIT);
        }
    }

    @Test
    void anAuthLineIsProposedWithItsSecretMarkedAndTheTranscriptKeepsItRedacted() throws Exception {
        String secret = java.util.Base64.getEncoder().encodeToString("\0alice\0wonderland"
                .getBytes(StandardCharsets.UTF_8));
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 AUTH PLAIN
                C: AUTH PLAIN %s
                S: 235 2.7.0 ok
                C: QUIT
                S: 221 bye
                """.formatted(secret)), ScriptedServer.Mode.WHOLE, null)) {
            Transcript transcript = new Transcript();
            SendRequest r = request(server.port(), List.of("b@example.com")).with(x -> x.authMechanism("PLAIN")
                    .credentials(new Credentials("alice", "wonderland".toCharArray())).allowPlaintextAuth(true)
                    .quitAfter(SendRequest.Stop.AUTH));
            Session s = new Session(r, transcript);
            Scripted b = new Scripted(EnumSet.of(Step.AUTH));
            s.onBeforeSend(b);
            assertThat(s.runToEnd().status()).isEqualTo(SendResult.Status.STOPPED);
            assertThat(server.await()).isEmpty();
            assertThat(b.seen).singleElement().satisfies(p -> {
                assertThat(p.command().hasSecret()).isTrue();
                assertThat(p.command().redactedLine()).isEqualTo("AUTH PLAIN <redacted>");
            });
            assertThat(TranscriptExport.toText(transcript.entries(), false)).doesNotContain(secret)
                    .contains("AUTH PLAIN <redacted>");
        }
    }

    @Test
    void anEditedAuthLineIsRedactedTooAndAChallengeToItIsCancelled() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 AUTH PLAIN LOGIN
                C: AUTH LOGIN
                S: 334 VXNlcm5hbWU6
                C: *
                S: 501 5.7.0 cancelled
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Transcript transcript = new Transcript();
            SendRequest r = request(server.port(), List.of("b@example.com")).with(x -> x.authMechanism("PLAIN")
                    .credentials(new Credentials("alice", "wonderland".toCharArray())).allowPlaintextAuth(true));
            Session s = new Session(r, transcript);
            s.onBeforeSend(new Scripted(EnumSet.of(Step.AUTH), p -> BeforeSend.edited("AUTH LOGIN")));
            s.perform(Step.CONNECT);
            s.perform(Step.EHLO);
            assertThatThrownBy(() -> s.perform(Step.AUTH)).hasMessageContaining("the edited AUTH line failed: 501");
            s.perform(Step.QUIT);
            assertThat(server.await()).isEmpty();
            assertThat(notes(transcript)).anyMatch(n -> n.contains("cancelled with \"*\""));
        }
    }

    @Test
    void theSavedSessionHoldsOnlyThisSessionsEntriesWithItsRequestAndMessage() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(GREETING_AND_EHLO + """
                C: MAIL FROM:<a@example.com>
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                C: DATA
                S: 354 go
                !read-until-dot
                S: 250 queued
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Transcript transcript = new Transcript();
            transcript.note("an earlier session's line");
            Session s = new Session(request(server.port(), List.of("b@example.com")), transcript);
            assertThatThrownBy(s::saved).isInstanceOf(IllegalStateException.class);
            s.runToEnd();
            var saved = s.saved();
            assertThat(saved.entries().get(0)).isInstanceOf(TranscriptEntry.Connect.class);
            assertThat(saved.request().to()).containsExactly("b@example.com");
            assertThat(new String(saved.message(), StandardCharsets.US_ASCII)).isEqualTo("Subject: x\r\n\r\nbody\r\n");
        }
    }

    private static List<String> notes(Transcript t) {
        return t.entries().stream().filter(e -> e instanceof TranscriptEntry.Note).map(TranscriptEntry::text)
                .toList();
    }
}
