package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.transcript.Transcript;

/** Cancel from another thread ends a blocked read at once, with a "cancelled" failure and no hang. */
class CancelTest {
    @Test
    void cancelEndsABlockedReadAtOnce() throws Exception {
        List<String> script = List.of("S: 220 hello", "C: EHLO me", "!sleep 20000");
        try (ScriptedServer server = new ScriptedServer(script, ScriptedServer.Mode.WHOLE, null, 30_000)) {
            SmtpConnection c = SmtpConnection.open(ConnectOptions.of("127.0.0.1", server.port(), SecurityMode.NONE,
                    TlsSettings.verified()).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)),
                    new Transcript());
            c.readGreeting();
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                c.cancel();
            });
            long start = System.nanoTime();
            canceller.start();
            SmtpException e = null;
            try {
                c.execute(SmtpCommand.ehlo("me"));
            } catch (SmtpException x) {
                e = x;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(e).isNotNull();
            assertThat(e.failureClass()).isEqualTo(FailureClass.IO);
            assertThat(e.getMessage()).isEqualTo("cancelled");
            assertThat(millis).isBetween(250L, 3000L);
            assertThat(c.isCancelled()).isTrue();
        }
    }
}
