package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.engine.Verb;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.transcript.EntryKind;
import org.smtpexplorer.transcript.Transcript;

/** The session's front door, a step at a time: what each step sends, and what is allowed next. */
class SessionStepsTest {

    private static SendRequest request(int port, SecurityMode mode) {
        SendRequest.Builder r = SendRequest.builder();
        r.connection(ConnectOptions.of("127.0.0.1", port, mode, TlsSettings.verified()));
        r.from("a@example.com");
        r.to(List.of("b@example.com", "c@example.com"));
        r.message(MessageSource.of("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), "test"));
        return r.build();
    }

    @Test
    void stepByStepWithAllowedStepsAfterEach() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250-PIPELINING
                S: 250 CHUNKING
                C: MAIL FROM:<a@example.com>
                S: 250 2.1.0 Ok
                C: RCPT TO:<b@example.com>
                C: RCPT TO:<c@example.com>
                S: 550 5.1.1 No such user
                S: 250 2.1.5 Ok
                C: BDAT 20 LAST
                CX: Subject: x\\r\\n\\r\\nbody\\r\\n
                S: 250 2.0.0 Queued
                C: QUIT
                S: 221 Bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Session s = new Session(request(server.port(), SecurityMode.NONE), new Transcript());
            assertThat(s.allowedNext()).containsExactly(Step.CONNECT);
            assertThat(s.perform(Step.CONNECT).code()).isEqualTo(220);
            assertThat(s.state()).isEqualTo(SessionState.GREETED);
            assertThat(s.allowedNext()).contains(Step.EHLO, Step.HELO, Step.QUIT).doesNotContain(Step.MAIL,
                    Step.CONNECT);
            assertThat(s.perform(Step.EHLO).code()).isEqualTo(250);
            assertThat(s.state()).isEqualTo(SessionState.READY);
            // No STARTTLS offered, no AUTH configured: neither is a step now.
            assertThat(s.allowedNext()).contains(Step.MAIL).doesNotContain(Step.STARTTLS, Step.AUTH, Step.RCPT);
            s.perform(Step.MAIL);
            assertThat(s.allowedNext()).contains(Step.RCPT, Step.RSET).doesNotContain(Step.MAIL, Step.BDAT);
            SmtpReply last = s.perform(Step.RCPT);
            assertThat(last.code()).isEqualTo(250);
            assertThat(s.allowedNext()).contains(Step.DATA, Step.BDAT, Step.RCPT);
            assertThat(s.perform(Step.BDAT).code()).isEqualTo(250);
            assertThat(s.perform(Step.QUIT).code()).isEqualTo(221);
            assertThat(s.allowedNext()).containsExactly(Step.CONNECT);
            assertThat(server.await()).isEmpty();
        }
    }

    /** The message view shows what went out: the session keeps the message from its first byte on the wire. */
    @Test
    void theLastMessageIsKeptWithHowItWentOut() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 8BITMIME
                C: MAIL FROM:<a@example.com>
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                C: RCPT TO:<c@example.com>
                S: 250 ok
                C: DATA
                S: 354 go
                !capture-until-dot
                S: 250 ok
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            MessageSource message = MessageSource.of("Subject: x\n\nbody\n".getBytes(StandardCharsets.US_ASCII),
                    "bare LF");
            Session s = new Session(request(server.port(), SecurityMode.NONE).with(b -> b.message(message)),
                    new Transcript());
            s.perform(Step.CONNECT);
            s.perform(Step.EHLO);
            s.perform(Step.MAIL);
            s.perform(Step.RCPT);
            assertThat(s.lastMessage()).isEmpty();
            s.perform(Step.DATA);
            assertThat(s.lastMessage()).hasValueSatisfying(m -> {
                assertThat(m.source()).isSameAs(message);
                assertThat(m.transfer()).isEqualTo("DATA");
                assertThat(m.bareLineEndsSentAsCrlf()).isEqualTo(3);
                assertThat(m.wireSize()).isEqualTo(20);
            });
            s.perform(Step.QUIT);
            assertThat(server.await()).isEmpty();
        }
    }

    @Test
    void afterStartTlsAndAuthNeitherIsOfferedAgainAndAuthWaitsForTlsWhenRequired() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250-STARTTLS
                S: 250 AUTH PLAIN
                C: QUIT
                S: 221 Bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            SendRequest r = request(server.port(), SecurityMode.STARTTLS);
            r = r.with(b -> b.authMechanism("PLAIN"));
            r = r.with(b -> b.credentials(new Credentials("u", "p".toCharArray())));
            Session s = new Session(r, new Transcript());
            s.perform(Step.CONNECT);
            s.perform(Step.EHLO);
            // TLS required: nothing of AUTH or a transaction before STARTTLS, though READY allows both.
            assertThat(s.allowedNext()).contains(Step.STARTTLS).doesNotContain(Step.AUTH, Step.MAIL);
            assertThat(s.allowedCommands()).contains(Verb.STARTTLS, Verb.VRFY).doesNotContain(Verb.AUTH, Verb.MAIL);
            assertThatThrownBy(() -> s.perform(Step.MAIL)).isInstanceOf(SmtpException.class)
                    .hasMessageContaining("STARTTLS is required");
            s.perform(Step.QUIT);
            assertThat(server.await()).isEmpty();
        }
    }

    @Test
    void aTypedLineGoesThroughTheSessionsChecks() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250 mx.example
                C: RCPT TO:<x@example.com>
                S: 503 5.5.1 Error: need MAIL command
                C: QUIT
                S: 221 Bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Session s = new Session(request(server.port(), SecurityMode.NONE), new Transcript());
            assertThat(s.problemsWith("NOOP")).containsExactly("not connected");
            s.perform(Step.CONNECT);
            s.perform(Step.EHLO);
            assertThat(s.problemsWith("RCPT TO:<x@example.com>")).singleElement().asString()
                    .contains("RCPT is not legal now");
            assertThatThrownBy(() -> s.raw("RCPT TO:<x@example.com>", false)).isInstanceOf(SmtpException.class);
            assertThat(s.raw("RCPT TO:<x@example.com>", true).code()).isEqualTo(503);
            assertThat(s.problemsWith("AUTH")).singleElement().asString().contains("server offers no AUTH");
            s.perform(Step.QUIT);
            assertThat(server.await()).isEmpty();
        }
    }

    @Test
    void aRefusalBeforeMailIsInTheTranscriptAndTheSessionStaysOpen() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 SIZE 10
                C: QUIT
                S: 221 Bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Transcript transcript = new Transcript();
            Session s = new Session(request(server.port(), SecurityMode.NONE), transcript);
            s.perform(Step.CONNECT);
            s.perform(Step.EHLO);
            assertThatThrownBy(() -> s.perform(Step.MAIL)).isInstanceOf(SmtpException.class)
                    .hasMessageContaining("SIZE limit is 10 bytes");
            assertThat(transcript.entries()).filteredOn(e -> e.kind() == EntryKind.ERROR).singleElement()
                    .satisfies(e -> assertThat(e.text()).contains("SIZE limit is 10 bytes"));
            assertThat(s.isOpen()).as("stepping by hand: the user decides what comes next").isTrue();
            assertThat(s.allowedNext()).contains(Step.QUIT, Step.MAIL);
            s.perform(Step.QUIT);
            assertThat(server.await()).isEmpty();
        }
    }

    @Test
    void theNextStepIsWhatRunToEndWouldDoNext() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 CHUNKING
                C: MAIL FROM:<a@example.com>
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                C: RCPT TO:<c@example.com>
                S: 250 ok
                C: BDAT 20 LAST
                CX: Subject: x\\r\\n\\r\\nbody\\r\\n
                S: 250 queued
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Session s = new Session(request(server.port(), SecurityMode.STARTTLS_IF_AVAILABLE), new Transcript());
            List<Step> taken = new java.util.ArrayList<>();
            for (int i = 0; i < 10 && s.nextStep().isPresent(); i++) {
                Step next = s.nextStep().orElseThrow();
                taken.add(next);
                s.perform(next);
                if (next == Step.QUIT) {
                    break;
                }
            }
            assertThat(taken).containsExactly(Step.CONNECT, Step.EHLO, Step.MAIL, Step.RCPT, Step.BDAT, Step.QUIT);
            assertThat(server.await()).isEmpty();
        }
    }
}
