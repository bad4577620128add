package org.smtpexplorer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Commands are typed values; a line typed by hand is read as the command it spells, and sent as typed. */
class TypedCommandTest {

    @Test
    void theEngineReadsFieldsNotText() {
        SmtpCommand mail = SmtpCommand.mail("a@example.com", MailParameters.builder().size(42).smtpUtf8().build());
        assertThat(mail).isInstanceOfSatisfying(SmtpCommand.Mail.class, m -> {
            assertThat(m.reversePath()).isEqualTo("a@example.com");
            assertThat(m.parameters().get("SIZE")).isEqualTo("42");
        });
        assertThat(mail.line()).isEqualTo("MAIL FROM:<a@example.com> SIZE=42 SMTPUTF8");
        assertThat(SmtpCommand.bdat(7, true)).isEqualTo(new SmtpCommand.Bdat(7, true));
        assertThat(SmtpCommand.quit().toBytes()).isEqualTo("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(SmtpCommand.help("").line()).isEqualTo("HELP");
    }

    @Test
    void aTypedLineReadsAsItsCommandAndGoesOutAsTyped() {
        SmtpCommand raw = SmtpCommand.raw("mail from: <a@example.com>  size=10 BODY=8BITMIME");
        assertThat(raw.line()).isEqualTo("mail from: <a@example.com>  size=10 BODY=8BITMIME");
        assertThat(raw.verb()).isEqualTo(Verb.MAIL);
        assertThat(((SmtpCommand.Raw) raw).meaning()).isInstanceOfSatisfying(SmtpCommand.Mail.class, m -> {
            assertThat(m.reversePath()).isEqualTo("a@example.com");
            assertThat(m.parameters().asMap()).containsEntry("SIZE", "10").containsEntry("BODY", "8BITMIME");
        });
        assertThat(((SmtpCommand.Raw) SmtpCommand.raw("bdat 5 last")).meaning())
                .isEqualTo(new SmtpCommand.Bdat(5, true));
        assertThat(SmtpCommand.raw("bdat 5 last").bdatSize()).isEqualTo(5);
        assertThat(SmtpCommand.raw("BDAT five").verb()).isEqualTo(Verb.RAW);
        assertThat(SmtpCommand.raw("XYZZY").verb()).isEqualTo(Verb.RAW);
        assertThat(((SmtpCommand.Raw) SmtpCommand.raw("DATA now")).meaning()).isNull();
        assertThat(((SmtpCommand.Raw) SmtpCommand.raw("  noop  ")).meaning()).isEqualTo(SmtpCommand.noop());
    }

    @Test
    void aMalformedEnvelopeLineIsAProblemNotASurprise() {
        ClientProtocol p = new ClientProtocol();
        p.connectionOpened(false);
        p.receive("220 mx\r\n".getBytes(StandardCharsets.US_ASCII));
        p.send(SmtpCommand.ehlo("c.example"));
        p.receive("250 mx\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(p.problems(SmtpCommand.raw("MAIL garbage"))).singleElement().asString()
                .contains("not a well-formed MAIL command");
        assertThat(p.problems(SmtpCommand.raw("MAIL FROM:<a@example.com> SIZE=5"))).singleElement().asString()
                .contains("SIZE needs the SIZE extension");
        assertThat(p.problems(SmtpCommand.raw("MAIL FROM:<>"))).isEmpty();
    }

    @Test
    void secretsNeverShowInText() {
        SmtpCommand auth = SmtpCommand.auth("plain", "c2VjcmV0");
        assertThat(auth.line()).isEqualTo("AUTH PLAIN c2VjcmV0");
        assertThat(auth).hasToString("AUTH PLAIN <redacted>");
        assertThat(SmtpCommand.auth("PLAIN", "").line()).isEqualTo("AUTH PLAIN =");
        assertThat(SmtpCommand.auth("PLAIN", null).hasSecret()).isFalse();
        SmtpCommand response = SmtpCommand.authResponse("c2VjcmV0");
        assertThat(response.secretFrom()).isZero();
        assertThat(response).hasToString("<redacted>");
        assertThat(SmtpCommand.authResponse("*").hasSecret()).isFalse();
        assertThat(SmtpCommand.raw("AUTH PLAIN c2VjcmV0")).hasToString("AUTH PLAIN <redacted>");
    }

    @Test
    void argumentsCannotBreakTheLine() {
        assertThatThrownBy(() -> SmtpCommand.ehlo("a b")).hasMessageContaining("one word");
        assertThatThrownBy(() -> SmtpCommand.vrfy("x\ny")).hasMessageContaining("LF at position 1");
        assertThatThrownBy(() -> SmtpCommand.auth("PLAIN", "a\rb")).hasMessageContaining("CR");
        assertThatThrownBy(() -> SmtpCommand.bdat(-1, true)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new SmtpCommand.Word(Verb.MAIL)).hasMessageContaining("not a command of one word");
    }
}
