package org.smtpexplorer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smtpexplorer.engine.Protocols.receive;
import static org.smtpexplorer.engine.Protocols.ready;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientProtocolTest {

    @Test
    void walksAWholeSession() {
        ClientProtocol p = ready("PIPELINING", "CHUNKING");
        assertThat(p.state()).isEqualTo(SessionState.READY);
        p.sendFlight(List.of(SmtpCommand.mail("a@x.example"), SmtpCommand.rcpt("b@x.example"),
                SmtpCommand.bdat(3, true)), false);
        assertThat(p.projectedState()).isEqualTo(SessionState.READY);
        List<Exchange> x = receive(p, "250 ok\r\n250 ok\r\n250 done\r\n");
        assertThat(x).extracting(e -> e.command().verb()).containsExactly(Verb.MAIL, Verb.RCPT, Verb.BDAT);
        assertThat(x).extracting(Exchange::flight).containsOnly(x.get(0).flight());
        assertThat(x.get(1).after()).isEqualTo(SessionState.RCPT);
        assertThat(p.state()).isEqualTo(SessionState.READY);
        p.send(SmtpCommand.quit());
        receive(p, "221 bye\r\n");
        assertThat(p.state()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void illegalCommandsAreRefusedWithTheReasonButCanBeForced() {
        ClientProtocol p = ready();
        assertThatThrownBy(() -> p.send(SmtpCommand.rcpt("b@x.example")))
                .hasMessageContaining("RCPT is not legal now").hasMessageContaining("ready for a mail transaction");
        assertThatThrownBy(() -> p.send(SmtpCommand.data())).hasMessageContaining("DATA is not legal now");
        assertThatThrownBy(() -> p.send(SmtpCommand.starttls())).hasMessageContaining("did not advertise STARTTLS");
        assertThatThrownBy(() -> p.send(SmtpCommand.bdat(1, true))).hasMessageContaining("not legal now");
        byte[] forced = p.send(SmtpCommand.rcpt("b@x.example"), true);
        assertThat(new String(forced, StandardCharsets.US_ASCII)).isEqualTo("RCPT TO:<b@x.example>\r\n");
        receive(p, "503 5.5.1 Error: need MAIL command\r\n");
        assertThat(p.state()).isEqualTo(SessionState.READY);
    }

    @Test
    void parametersNeedTheirExtension() {
        ClientProtocol p = ready("SIZE 100");
        assertThatThrownBy(() -> p.send(SmtpCommand.mail("a@x.example", MailParameters.builder()
                .body(BodyType.EIGHT_BIT_MIME).build()))).hasMessageContaining("8BITMIME");
        assertThatThrownBy(() -> p.send(SmtpCommand.mail("a@x.example", MailParameters.builder().size(101)
                .build()))).hasMessageContaining("larger than the server's SIZE limit");
        assertThatThrownBy(() -> p.send(SmtpCommand.mail("a@x.example", MailParameters.builder().ret("HDRS")
                .build()))).hasMessageContaining("DSN");
        assertThatThrownBy(() -> p.send(SmtpCommand.mail("用户@例子.中国"))).hasMessageContaining("SMTPUTF8");
    }

    @Test
    void pipelineRulesFollowRfc2920() {
        ClientProtocol noPipe = ready();
        assertThatThrownBy(() -> noPipe.sendFlight(List.of(SmtpCommand.mail("a@x.example"),
                SmtpCommand.rcpt("b@x.example")), false)).hasMessageContaining("did not advertise PIPELINING");
        ClientProtocol p = ready("PIPELINING");
        assertThatThrownBy(() -> p.sendFlight(List.of(SmtpCommand.mail("a@x.example"), SmtpCommand.data(),
                SmtpCommand.rcpt("b@x.example")), false)).hasMessageContaining("DATA must be the last command");
    }

    @Test
    void unsolicitedRepliesAreProtocolErrorsExcept421() {
        ClientProtocol p = ready();
        assertThatThrownBy(() -> receive(p, "250 surprise\r\n")).hasMessageContaining("nobody asked for");
        assertThat(p.state()).isEqualTo(SessionState.ERROR);
        ClientProtocol q = ready();
        List<Exchange> x = receive(q, "421 4.3.2 shutting down\r\n");
        assertThat(x.get(0).command()).isNull();
        assertThat(q.state()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void starttlsThrowsAwayCapabilitiesAndDetectsInjectedBytes() {
        ClientProtocol p = ready("STARTTLS", "AUTH PLAIN");
        p.send(SmtpCommand.starttls());
        receive(p, "220 go ahead\r\n");
        assertThat(p.state()).isEqualTo(SessionState.TLS_HANDSHAKE);
        p.tlsEstablished();
        assertThat(p.capabilities().keywords()).isEmpty();
        assertThat(p.state()).isEqualTo(SessionState.GREETED);
        assertThat(p.isTls()).isTrue();
        assertThat(p.capabilityHistory()).extracting(CapabilitySnapshot::phase)
                .containsExactly("before TLS");

        ClientProtocol q = ready("STARTTLS");
        q.send(SmtpCommand.starttls());
        receive(q, "220 go ahead\r\n250-PIPE");
        assertThatThrownBy(q::tlsEstablished).hasMessageContaining("after the 220 to STARTTLS");
    }

    @Test
    void heloFallbackAndGreetingRefusal() {
        ClientProtocol p = new ClientProtocol();
        p.connectionOpened(false);
        receive(p, "220 old\r\n");
        p.send(SmtpCommand.ehlo("c"));
        receive(p, "502 no\r\n");
        assertThat(p.state()).isEqualTo(SessionState.GREETED);
        p.send(SmtpCommand.helo("c"));
        receive(p, "250 old\r\n");
        assertThat(p.state()).isEqualTo(SessionState.READY);
        assertThat(p.capabilities().ehlo()).isFalse();

        ClientProtocol q = new ClientProtocol();
        q.connectionOpened(false);
        receive(q, "554 go away\r\n");
        assertThat(q.state()).isEqualTo(SessionState.REFUSED);
        assertThat(q.problems(SmtpCommand.ehlo("c"))).isNotEmpty();
        assertThat(q.problems(SmtpCommand.quit())).isEmpty();
    }

    @Test
    void crLfAndNulAreRefusedInEveryArgument() {
        assertThatThrownBy(() -> SmtpCommand.mail("a@x\r\nRCPT TO:<b@y>")).hasMessageContaining("CR");
        assertThatThrownBy(() -> SmtpCommand.rcpt("b@y\n")).hasMessageContaining("LF");
        assertThatThrownBy(() -> SmtpCommand.ehlo("x\0y")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> SmtpCommand.raw("NOOP\r\nQUIT")).hasMessageContaining("CR");
        assertThatThrownBy(() -> MailParameters.builder().envid("a\rb")).hasMessageContaining("CR");
        assertThatThrownBy(() -> SmtpCommand.rcpt("<b@y>")).hasMessageContaining("'<'");
    }

    @Test
    void xtextAndDsnParameters() {
        assertThat(Xtext.encode("a+b=c d")).isEqualTo("a+2Bb+3Dc+20d");
        assertThat(Xtext.decode("a+2Bb+3Dc+20d")).isEqualTo("a+b=c d");
        MailParameters p = MailParameters.builder().notify("success, failure").orcpt("x+y@z").build();
        assertThat(SmtpCommand.rcpt("x+y@z", p).line())
                .isEqualTo("RCPT TO:<x+y@z> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x+2By@z");
        assertThatThrownBy(() -> MailParameters.builder().notify("NEVER,SUCCESS")).hasMessageContaining("NEVER");
    }
}
