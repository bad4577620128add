package org.smtpexplorer.ui.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.lab.LogLine;
import org.smtpexplorer.lab.LogLine.Direction;
import org.smtpexplorer.lab.ServerLog;
import org.smtpexplorer.transcript.Transcript;

/** The client's events and the lab's log lines, aligned row by row. */
class ServerSideTest {
    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    private static LogLine line(Direction d, String text) {
        return new LogLine(7, T, d, text);
    }

    private static Transcript session() {
        Transcript t = new Transcript();
        t.note("an older session");
        t.connect("127.0.0.1", "127.0.0.1", 2525);
        t.note("Connected to /127.0.0.1:2525 from /127.0.0.1:40001");
        t.server(new ReplyParser().feed("220 lab ESMTP\r\n".getBytes(StandardCharsets.US_ASCII)).get(0), "CONNECT",
                0, null);
        t.client(SmtpCommand.ehlo("client.example"), 1);
        t.server(new ReplyParser().feed("250-lab\r\n250 SIZE 10240\r\n".getBytes(StandardCharsets.US_ASCII))
                .get(0), "EHLO", 1, 900L);
        t.client(SmtpCommand.auth("PLAIN", "AGFsaWNlAHNlY3JldA=="), 2);
        t.server(new ReplyParser().feed("535 5.7.8 no\r\n".getBytes(StandardCharsets.US_ASCII)).get(0), "AUTH", 2,
                500L);
        return t;
    }

    @Test
    void commandsAndRepliesPairWithTheLinesTheLabReadAndSentAndItsRemarksStandAlone() {
        List<LogLine> lab = List.of(
                line(Direction.NOTE, "connection from 127.0.0.1:40001; scenario modern"),
                line(Direction.SENT, "220 lab ESMTP"),
                line(Direction.RECEIVED, "EHLO client.example"),
                line(Direction.SENT, "250-lab"),
                line(Direction.SENT, "250 SIZE 10240"),
                line(Direction.RECEIVED, "AUTH PLAIN <secret>"),
                line(Direction.NOTE, "AUTH PLAIN for alice: wrong password"),
                line(Direction.SENT, "535 5.7.8 no"),
                line(Direction.NOTE, "session ended\u001b[2J"));
        List<ServerSide.Row> rows = ServerSide.align(session().entries(), lab);
        assertThat(rows).extracting(r -> r.kind() + " | " + r.client() + " | " + r.server()).containsExactly(
                "CLIENT_ONLY | * Connecting to 127.0.0.1 [127.0.0.1]:2525 | ",
                "CLIENT_ONLY | * Connected to /127.0.0.1:2525 from /127.0.0.1:40001 | ",
                "SERVER_ONLY |  | -- connection from 127.0.0.1:40001; scenario modern",
                "BOTH | S: 220 lab ESMTP | S: 220 lab ESMTP",
                "BOTH | C: EHLO client.example | C: EHLO client.example",
                "BOTH | S: 250-lab\nS: 250 SIZE 10240 | S: 250-lab\nS: 250 SIZE 10240",
                "BOTH | C: AUTH PLAIN <redacted> | C: AUTH PLAIN <secret>",
                "SERVER_ONLY |  | -- AUTH PLAIN for alice: wrong password",
                "BOTH | S: 535 5.7.8 no | S: 535 5.7.8 no",
                "SERVER_ONLY |  | -- session ended\\x1b[2J");
        assertThat(rows.get(4).seq()).isEqualTo(4);
        assertThat(rows.get(2).seq()).isEqualTo(-1);
    }

    @Test
    void aPipelinedFlightPairsEachCommandAndReplyWithItsOwnLineOnce() {
        Transcript t = new Transcript();
        t.connect("127.0.0.1", "127.0.0.1", 2525);
        t.client(SmtpCommand.mail("a@example.com"), 3);
        t.client(SmtpCommand.rcpt("b@example.com"), 3);
        t.server(new ReplyParser().feed("250 sender ok\r\n".getBytes(StandardCharsets.US_ASCII)).get(0), "MAIL", 3,
                1L);
        t.server(new ReplyParser().feed("250 rcpt ok\r\n".getBytes(StandardCharsets.US_ASCII)).get(0), "RCPT", 3,
                1L);
        List<LogLine> lab = List.of(line(Direction.RECEIVED, "MAIL FROM:<a@example.com>"),
                line(Direction.SENT, "250 sender ok"), line(Direction.RECEIVED, "RCPT TO:<b@example.com>"),
                line(Direction.NOTE, "recipient known"), line(Direction.SENT, "250 rcpt ok"));
        assertThat(ServerSide.align(t.entries(), lab)).extracting(r -> r.client() + " | " + r.server())
                .containsExactly("* Connecting to 127.0.0.1 [127.0.0.1]:2525 | ",
                        "C: MAIL FROM:<a@example.com> | C: MAIL FROM:<a@example.com>",
                        "C: RCPT TO:<b@example.com> | C: RCPT TO:<b@example.com>",
                        "S: 250 sender ok | S: 250 sender ok",
                        " | -- recipient known",
                        "S: 250 rcpt ok | S: 250 rcpt ok");
    }

    @Test
    void aReplyTheLabNeverLoggedStaysOnTheClientsSide() {
        List<ServerSide.Row> rows = ServerSide.align(session().entries(), List.of(line(Direction.SENT, "220 lab")));
        assertThat(rows).filteredOn(r -> r.kind() == ServerSide.Kind.BOTH).singleElement()
                .satisfies(r -> assertThat(r.server()).isEqualTo("S: 220 lab"));
        assertThat(rows).filteredOn(r -> r.client().startsWith("C: EHLO")).singleElement()
                .satisfies(r -> assertThat(r.kind()).isEqualTo(ServerSide.Kind.CLIENT_ONLY));
    }

    @Test
    void theLabSessionIsTheOneOpenedFromTheClientsOwnAddress() {
        List<ServerLog.SessionLog> sessions = List.of(
                new ServerLog.SessionLog(6, "127.0.0.1:40001", T, List.of()),
                new ServerLog.SessionLog(7, "127.0.0.1:40002", T, List.of()),
                new ServerLog.SessionLog(8, "127.0.0.1:40001", T, List.of()));
        assertThat(ServerSide.sessionOf(session().entries(), sessions)).get()
                .extracting(ServerLog.SessionLog::session).isEqualTo(8);
        assertThat(ServerSide.sessionOf(session().entries(), sessions.subList(1, 2))).isEmpty();
        assertThat(ServerSide.sessionOf(new Transcript().entries(), sessions)).isEmpty();
    }
}
