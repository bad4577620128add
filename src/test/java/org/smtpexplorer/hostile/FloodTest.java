package org.smtpexplorer.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;

/**
 * Floods, run in the small-heap execution (-Xmx64m): a reply line of 10 MB without a line end and an EHLO reply
 * of 100,000 keywords end the session as protocol violations within the parser's bounds (4 KiB a line, 64 KiB
 * and 1,000 lines a reply), quickly and without reading the rest. The server generates both as it writes them.
 */
@Tag("smallheap")
class FloodTest {
    private static final long TEN_MB = 10L * 1024 * 1024;

    @TempDir
    Path tmp;

    private Smtpx.Run run(ScriptedServer server) throws Exception {
        return Smtpx.send(server.port(), "--security", "none", "--timeout", "10", "--from", "a@example.com", "--to",
                "b@example.com", "--eml", Messages.small(tmp).toString());
    }

    @Test
    void tenMegabyteReplyLineWithoutLineEnd() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                !flood-line 10485760
                """), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = run(server);
            assertThat(run.exit()).as(run.describe()).isEqualTo(7);
            assertThat(run.err()).isEqualTo("smtpx send: protocol violation by the server: reply line longer than"
                    + " 4096 bytes without a line end\n");
            assertThat(run.out()).doesNotContain("C: MAIL").doesNotContain("C: QUIT");
            assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(3));
            assertThat(server.await()).isEmpty();
            assertThat(server.bytesWritten()).as("the client hung up long before the end").isLessThan(TEN_MB);
        }
    }

    @Test
    void hundredThousandEhloKeywords() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                !flood-ehlo 100000
                """), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = run(server);
            assertThat(run.exit()).as(run.describe()).isEqualTo(7);
            assertThat(run.err()).isEqualTo("smtpx send: protocol violation by the server: reply with more than 1000"
                    + " lines\n");
            assertThat(run.out()).doesNotContain("C: MAIL");
            assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(3));
            assertThat(server.await()).isEmpty();
        }
    }

    /** Just within the bounds: 999 keyword lines are parsed and kept, and the session goes on. */
    @Test
    void nineHundredNinetyNineKeywordsAreKept() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                !flood-ehlo 999
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--quit-after", "ehlo");
            assertThat(run.exit()).as(run.describe()).isZero();
            assertThat(run.out()).contains("S: 250 X-KEYWORD-998");
            assertThat(server.await()).isEmpty();
        }
    }
}
