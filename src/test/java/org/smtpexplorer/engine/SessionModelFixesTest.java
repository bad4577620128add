package org.smtpexplorer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smtpexplorer.engine.Protocols.receive;
import static org.smtpexplorer.engine.Protocols.ready;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Engine points of issue 13: typed hand-typed AUTH, bytes that break a reply, 421, joined reply text. */
class SessionModelFixesTest {

    @Test
    void typedAuthWithoutMechanismIsAProblemNotACrash() {
        ClientProtocol p = ready("AUTH PLAIN LOGIN");
        assertThat(p.problems(SmtpCommand.raw("AUTH"))).singleElement().asString()
                .contains("not a well-formed AUTH command").contains("offers PLAIN LOGIN");
        assertThat(p.problems(SmtpCommand.raw("AUTH   "))).singleElement().asString()
                .contains("not a well-formed AUTH command");
    }

    @Test
    void typedAuthWithExtraSpacesNamesTheMechanism() {
        ClientProtocol p = ready("AUTH LOGIN");
        assertThat(p.problems(SmtpCommand.raw("AUTH  PLAIN"))).singleElement().asString()
                .contains("did not advertise AUTH PLAIN (it offers LOGIN)");
        assertThat(p.problems(SmtpCommand.raw("auth   login"))).isEmpty();
    }

    @Test
    void typedAuthSecretStartsAfterTheMechanismWhateverTheSpacing() {
        assertThat(SmtpCommand.raw("AUTH  PLAIN  c2VjcmV0").redactedLine()).isEqualTo("AUTH  PLAIN  <redacted>");
        assertThat(SmtpCommand.raw("AUTH PLAIN").hasSecret()).isFalse();
        assertThat(SmtpCommand.raw("AUTH  PLAIN").hasSecret()).isFalse();
        assertThat(SmtpCommand.raw("AUTH").hasSecret()).isFalse();
    }

    @Test
    void aMalformedReplyKeepsItsBytesAndTheRepliesBeforeIt() {
        ClientProtocol p = ready("PIPELINING");
        p.sendFlight(List.of(SmtpCommand.mail("a@x.example"), SmtpCommand.rcpt("b@x.example")), false);
        assertThatThrownBy(() -> receive(p, "250 ok\r\n250-first\r\n25O oops\r\n"))
                .isInstanceOfSatisfying(MalformedReplyException.class, e -> {
                    assertThat(new String(e.bytes(), StandardCharsets.UTF_8)).isEqualTo("250-first\r\n25O oops\r\n");
                    assertThat(e.exchanges()).singleElement().satisfies(x -> {
                        assertThat(x.command().verb()).isEqualTo(Verb.MAIL);
                        assertThat(x.reply().code()).isEqualTo(250);
                    });
                    assertThat(e.failureClass()).isEqualTo(FailureClass.PROTOCOL);
                });
        assertThat(p.state()).isEqualTo(SessionState.ERROR);
    }

    @Test
    void aLineTooLongIsKeptWhole() {
        ClientProtocol p = ready();
        p.send(SmtpCommand.noop());
        byte[] flood = ("250 " + "x".repeat(ReplyParser.MAX_LINE_BYTES)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> p.receive(flood)).isInstanceOfSatisfying(MalformedReplyException.class,
                e -> assertThat(e.bytes()).hasSize(ReplyParser.MAX_LINE_BYTES));
    }

    @Test
    void afterA421EverythingNamesThe421() {
        ClientProtocol p = ready();
        p.send(SmtpCommand.mail("a@x.example"));
        receive(p, "250 ok\r\n");
        p.send(SmtpCommand.rcpt("b@x.example"));
        receive(p, "421 4.3.2 Shutting down\r\n");
        assertThat(p.state()).isEqualTo(SessionState.CLOSED);
        assertThatThrownBy(() -> p.send(SmtpCommand.rset())).isInstanceOfSatisfying(SmtpException.class, e -> {
            assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
            assertThat(e.getMessage()).isEqualTo("the server closed the session: 421 4.3.2 Shutting down (a"
                    + " temporary failure (4xx): the same may succeed if tried again later)");
            assertThat(e.reply().code()).isEqualTo(421);
        });
    }

    @Test
    void multiLineTextIsJoinedWithOneSpace() {
        SmtpReply r = new ReplyParser().feed("550-5.7.1 first \r\n550-5.7.1\r\n550-5.7.1  \r\n550 5.7.1 second\r\n"
                .getBytes(StandardCharsets.US_ASCII)).get(0);
        assertThat(r.text()).isEqualTo("first second");
        assertThat(r.summary()).isEqualTo("550 5.7.1 first second");
        assertThat(r.failureKind()).startsWith("a permanent failure (5xx)");
        SmtpReply ok = new ReplyParser().feed("250 ok\r\n".getBytes(StandardCharsets.US_ASCII)).get(0);
        assertThat(ok.failureKind()).isNull();
    }
}
