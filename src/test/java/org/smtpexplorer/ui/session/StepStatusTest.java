package org.smtpexplorer.ui.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpReply;

/** The status bar says what the server answered a step, and whether a failure is temporary or permanent. */
class StepStatusTest {
    private static SmtpReply reply(String text) {
        return new ReplyParser().feed(text.getBytes(StandardCharsets.US_ASCII)).get(0);
    }

    @Test
    void aStepsStatusIsTheReplysFirstLineAndItsKind() {
        assertThat(SessionViewModel.describe("EHLO", reply("250-mx.example Hello\r\n250-PIPELINING\r\n250 SIZE\r\n")))
                .isEqualTo("EHLO: 250 mx.example Hello (+2 lines)");
        assertThat(SessionViewModel.describe("RCPT TO", reply("451 4.7.1 Greylisted\r\n")))
                .isEqualTo("RCPT TO: 451 4.7.1 Greylisted (a temporary failure (4xx): the same may succeed if tried"
                        + " again later)");
        assertThat(SessionViewModel.describe("MAIL FROM", reply("503 5.5.1 Error: nested MAIL command\r\n")))
                .startsWith("MAIL FROM: 503 5.5.1 Error: nested MAIL command (a permanent failure");
        assertThat(SessionViewModel.describe("QUIT", null)).isEqualTo("QUIT: done");
    }
}
