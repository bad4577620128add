package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptExport;

/**
 * The smuggling probe's raw path: {@link Session#runToStop()} leaves the session open after RCPT, and
 * {@link Session#sendUnframedDataThenQuit} sends the body byte for byte (no dot-stuffing, no CRLF normalisation,
 * no end of data of its own), QUIT behind it, and reads every reply, unmatched, until 221, a close or a timeout.
 */
class UnframedDataTest {
    /** A bare LF, a line-start dot that must not be doubled, and the real end of data written by the caller. */
    private static final byte[] BODY = "Subject: t\r\n\r\nline\n.\n.dot\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String BODY_ESCAPED = "Subject: t\\r\\n\\r\\nline\\n.\\n.dot\\r\\n.\\r\\n";

    private static List<String> setup() {
        return List.of(
                "S: 220 scripted ESMTP",
                "C: EHLO localhost",
                "S: 250-scripted",
                "S: 250 PIPELINING",
                "C: MAIL FROM:<a@x.test>",
                "C: RCPT TO:<b@y.test>",
                "S: 250 2.1.0 Ok",
                "S: 250 2.1.5 Ok",
                "C: DATA",
                "S: 354 End data with <CR><LF>.<CR><LF>");
    }

    private static List<String> script(String... rest) {
        List<String> all = new ArrayList<>(setup());
        all.addAll(List.of(rest));
        return all;
    }

    private static Session session(ScriptedServer server, Transcript transcript, int replyTimeoutSeconds) {
        SendRequest r = SendRequest.of(ConnectOptions.of("127.0.0.1", server.port(), SecurityMode.NONE,
                        TlsSettings.verified()).withTimeouts(Duration.ofSeconds(5),
                        Duration.ofSeconds(replyTimeoutSeconds)))
                .with(b -> b.from("a@x.test").to(List.of("b@y.test")).quitAfter(SendRequest.Stop.RCPT));
        return new Session(r, transcript);
    }

    private static List<Integer> codes(UnframedReplies r) {
        return r.replies().stream().map(SmtpReply::code).toList();
    }

    @Test
    void theBodyGoesOutExactlyAndEveryReplyIsReadUntilQuitIsAnswered() throws Exception {
        List<String> script = script("CX: " + BODY_ESCAPED + "QUIT\\r\\n",
                "S: 250 2.0.0 first",
                "S: 250 2.1.0 Ok",
                "S: 250 2.1.5 Ok",
                "S: 354 go on",
                "S: 250 2.0.0 second",
                "S: 221 2.0.0 Bye",
                "!expect-eof");
        for (ScriptedServer.Mode mode : ScriptedServer.Mode.values()) {
            Transcript transcript = new Transcript();
            try (ScriptedServer server = new ScriptedServer(script, mode, null)) {
                Session s = session(server, transcript, 10);
                SendResult setup = s.runToStop();
                assertThat(setup.status()).isEqualTo(SendResult.Status.STOPPED);
                assertThat(s.state()).isEqualTo(SessionState.RCPT);
                UnframedReplies r = s.sendUnframedDataThenQuit(BODY);
                assertThat(server.await()).as(mode.name()).isEmpty();
                assertThat(r.end()).isEqualTo(UnframedReplies.End.QUIT_ANSWERED);
                assertThat(codes(r)).containsExactly(250, 250, 250, 354, 250, 221);
                assertThat(r.detail()).isNull();
                assertThat(s.isOpen()).isFalse();
                String text = TranscriptExport.toText(transcript.entries(), false);
                assertThat(text).contains("Framing given up on purpose").contains("C: QUIT")
                        .contains("S: 354 go on");
            }
        }
    }

    @Test
    void aServerThatClosesAfterOneReplyEndsTheReadingWithClosed() throws Exception {
        try (ScriptedServer server = new ScriptedServer(script("CX: " + BODY_ESCAPED + "QUIT\\r\\n",
                "S: 550 5.5.2 Error: bare <LF> received", "!close"), ScriptedServer.Mode.WHOLE, null)) {
            Session s = session(server, new Transcript(), 10);
            s.runToStop();
            UnframedReplies r = s.sendUnframedDataThenQuit(BODY);
            assertThat(codes(r)).containsExactly(550);
            assertThat(r.end()).isEqualTo(UnframedReplies.End.CLOSED);
            assertThat(r.detail()).isEqualTo("the server closed the connection");
        }
    }

    @Test
    void silenceAfterTheLastReplyEndsTheReadingAtTheReplyTimeout() throws Exception {
        try (ScriptedServer server = new ScriptedServer(script("CX: " + BODY_ESCAPED + "QUIT\\r\\n",
                "S: 250 2.0.0 Ok", "!sleep 5000"), ScriptedServer.Mode.WHOLE, null, 10_000)) {
            Session s = session(server, new Transcript(), 1);
            s.runToStop();
            long start = System.nanoTime();
            UnframedReplies r = s.sendUnframedDataThenQuit(BODY);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(codes(r)).containsExactly(250);
            assertThat(r.end()).isEqualTo(UnframedReplies.End.TIMED_OUT);
            assertThat(r.detail()).isEqualTo("no further reply within 1 s");
            assertThat(millis).isBetween(900L, 4000L);
        }
    }

    @Test
    void aMalformedReplyEndsTheReadingWithTheRepliesBeforeItAndItsBytesInTheTranscript() throws Exception {
        Transcript transcript = new Transcript();
        try (ScriptedServer server = new ScriptedServer(script("CX: " + BODY_ESCAPED + "QUIT\\r\\n",
                "S~ 250 2.0.0 Ok\\r\\n25O oops\\r\\n"), ScriptedServer.Mode.WHOLE, null)) {
            Session s = session(server, transcript, 10);
            s.runToStop();
            UnframedReplies r = s.sendUnframedDataThenQuit(BODY);
            assertThat(codes(r)).containsExactly(250);
            assertThat(r.end()).isEqualTo(UnframedReplies.End.MALFORMED);
            assertThat(TranscriptExport.toText(transcript.entries(), false)).contains("25O oops");
        }
    }

    @Test
    void aRefusedDataIsAFailureAndTheSessionEndsWithRsetAndQuit() throws Exception {
        List<String> script = List.of(
                "S: 220 scripted ESMTP",
                "C: EHLO localhost",
                "S: 250-scripted",
                "S: 250 PIPELINING",
                "C: MAIL FROM:<a@x.test>",
                "C: RCPT TO:<b@y.test>",
                "S: 250 2.1.0 Ok",
                "S: 250 2.1.5 Ok",
                "C: DATA",
                "S: 554 5.5.1 no",
                "C: RSET",
                "S: 250 2.0.0 Ok",
                "C: QUIT",
                "S: 221 2.0.0 Bye");
        try (ScriptedServer server = new ScriptedServer(script, ScriptedServer.Mode.WHOLE, null)) {
            Session s = session(server, new Transcript(), 10);
            s.runToStop();
            SmtpException e = catchThrowableOfType(SmtpException.class, () -> s.sendUnframedDataThenQuit(BODY));
            assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
            assertThat(e.getMessage()).contains("the server refused DATA: 554 5.5.1 no");
            assertThat(server.await()).isEmpty();
        }
    }

    @Test
    void withoutAnAcceptedRecipientNothingIsSent() throws Exception {
        List<String> script = List.of(
                "S: 220 scripted ESMTP",
                "C: EHLO localhost",
                "S: 250-scripted",
                "S: 250 PIPELINING",
                "C: MAIL FROM:<a@x.test>",
                "C: RCPT TO:<b@y.test>",
                "S: 250 2.1.0 Ok",
                "S: 550 5.1.1 unknown",
                "C: QUIT",
                "S: 221 2.0.0 Bye");
        try (ScriptedServer server = new ScriptedServer(script, ScriptedServer.Mode.WHOLE, null)) {
            Session s = session(server, new Transcript(), 10);
            SendResult setup = s.runToStop();
            assertThat(setup.acceptedCount()).isZero();
            SmtpException e = catchThrowableOfType(SmtpException.class, () -> s.sendUnframedDataThenQuit(BODY));
            assertThat(e.failureClass()).isEqualTo(FailureClass.REFUSED_LOCALLY);
            assertThat(server.await()).isEmpty();
        }
    }
}
