package org.smtpexplorer.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.engine.ClientProtocol;
import org.smtpexplorer.engine.Exchange;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.testing.FuzzTries;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.TranscriptExport;

/**
 * Fuzzing with a fixed seed and a bounded number of tries (-Dsmtpx.fuzz.tries=N for longer runs, see
 * SECURITY.md): SMTP-looking bytes, split anywhere, through the whole receive path of a session in mid-flight;
 * random command and reply sequences through the state table; EHLO keyword lines through the capability parser;
 * parsed replies through the transcript. Nothing escapes but the engine's own SmtpException, the session is
 * unusable after one, and no server text ever prints as anything but "S: " lines of visible characters.
 */
@AddLifecycleHook(FuzzTries.class)
class ProtocolFuzzTest {
    private static final byte[][] TOKENS = {
        ascii("250"), ascii("220"), ascii("354"), ascii("421"), ascii("550"), ascii("334"), ascii("235"), ascii("-"),
        ascii(" "), ascii("\r\n"), ascii("\n"), ascii("\r"), ascii("\t"), ascii("5.1.1 "), ascii("2.0.0 "),
        ascii("PIPELINING"), ascii("AUTH PLAIN LOGIN"), ascii("AUTH=LOGIN"), ascii("SIZE "), ascii("CHUNKING"),
        ascii("STARTTLS"), ascii("99999999999999999999"), ascii("-1"), ascii("="), ascii("ok"), ascii("C: QUIT"),
        ascii("* TLS"), {0}, {0x1b, '['}, {(byte) 0x9b}, {(byte) 0xfc}, {(byte) 0xc0, (byte) 0x9b},
        {(byte) 0xe2, (byte) 0x80, (byte) 0xae}, {(byte) 0xe2, (byte) 0x80, (byte) 0xa8}, {(byte) 0xff}};

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Provide
    Arbitrary<byte[]> smtpish() {
        Arbitrary<byte[]> token = Arbitraries.oneOf(Arbitraries.of(TOKENS),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(3));
        return token.list().ofMaxSize(60).map(parts -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    /** A session that has greeted, said EHLO, and pipelined MAIL, two RCPT and DATA: four replies expected. */
    private static ClientProtocol midFlight() {
        ClientProtocol p = new ClientProtocol();
        p.connectionOpened(false);
        p.receive(ascii("220 mx ESMTP\r\n"));
        p.send(SmtpCommand.ehlo("client.example"));
        p.receive(ascii("250-mx\r\n250-PIPELINING\r\n250-CHUNKING\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n"));
        p.sendFlight(List.of(SmtpCommand.mail("a@x.example"), SmtpCommand.rcpt("b@x.example"),
                SmtpCommand.rcpt("c@x.example"), SmtpCommand.data()), false);
        return p;
    }

    @Property(tries = 2000, seed = "5321")
    void theReceivePathOnlyEverRaisesProtocolErrors(@ForAll("smtpish") byte[] data, @ForAll List<Integer> cuts) {
        ClientProtocol p = midFlight();
        List<Exchange> got = new ArrayList<>();
        int from = 0;
        try {
            for (int c : cuts) {
                int at = Math.max(from, Math.floorMod(c, data.length + 1));
                got.addAll(p.receive(data, from, at - from));
                from = at;
            }
            got.addAll(p.receive(data, from, data.length - from));
        } catch (SmtpException e) {
            assertThat(e.failureClass()).isEqualTo(FailureClass.PROTOCOL);
            assertThat(p.state()).isEqualTo(SessionState.ERROR);
            assertThatThrownBy(() -> p.receive(ascii("250 ok\r\n"))).isInstanceOf(SmtpException.class);
            return;
        }
        assertThat(got.stream().filter(x -> x.command() != null)).hasSizeLessThanOrEqualTo(4);
        if (p.state() != SessionState.CLOSED) {
            assertThat(p.pendingReplies()).isEqualTo(4 - got.size());
        }
        for (Exchange x : got) {
            assertThat(x.reply().code()).isBetween(200, 599);
        }
    }

    @Provide
    Arbitrary<List<Integer>> steps() {
        return Arbitraries.integers().between(0, 1000).list().ofMaxSize(40);
    }

    private static final SmtpCommand[] COMMANDS = {SmtpCommand.ehlo("c"), SmtpCommand.helo("c"),
        SmtpCommand.mail("a@x.example"), SmtpCommand.rcpt("b@x.example"), SmtpCommand.data(), SmtpCommand.rset(),
        SmtpCommand.noop(), SmtpCommand.starttls(), SmtpCommand.auth("PLAIN", "AGEAYg=="), SmtpCommand.bdat(3, false),
        SmtpCommand.bdat(0, true), SmtpCommand.quit(), SmtpCommand.authResponse("eA=="), SmtpCommand.raw("XYZZY")};
    private static final String[] REPLIES = {"220 go\r\n", "221 bye\r\n", "235 ok\r\n", "250 ok\r\n",
        "250-mx\r\n250-PIPELINING\r\n250-CHUNKING\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n", "334 \r\n", "354 go\r\n",
        "421 closing\r\n", "454 no\r\n", "500 what\r\n", "503 order\r\n", "550 no\r\n"};

    /** A local refusal, a protocol violation, or, once the server closed with a 421, that 421 as the reason. */
    private static void assertExpected(ClientProtocol p, SmtpException e) {
        if (e.failureClass() == FailureClass.REJECTED) {
            assertThat(p.closingReply()).as(e.getMessage()).isNotNull();
            assertThat(e.reply()).isSameAs(p.closingReply());
        } else {
            assertThat(e.failureClass()).isIn(FailureClass.PROTOCOL, FailureClass.REFUSED_LOCALLY);
        }
    }

    /** Any order of commands (forced or not) and replies: the state table never throws anything unexpected. */
    @Property(tries = 2000, seed = "2920")
    void theStateTableSurvivesAnySequence(@ForAll("steps") List<Integer> steps) {
        ClientProtocol p = new ClientProtocol();
        p.connectionOpened(false);
        try {
            p.receive(ascii("220 mx\r\n"));
            for (int step : steps) {
                int kind = step % 4;
                try {
                    if (kind == 0) {
                        p.receive(ascii(REPLIES[step / 4 % REPLIES.length]));
                    } else if (kind == 3 && p.state() == SessionState.TLS_HANDSHAKE) {
                        p.tlsEstablished();
                    } else if (kind == 3 && p.state() == SessionState.DATA_BODY) {
                        p.endData(p.beginData());
                    } else {
                        p.send(COMMANDS[step / 4 % COMMANDS.length], kind == 2);
                    }
                } catch (SmtpException e) {
                    assertExpected(p, e);
                }
                assertThat(p.state()).isNotNull();
                assertThat(p.pendingReplies()).isNotNegative();
            }
        } catch (SmtpException e) {
            assertExpected(p, e);
        }
    }

    @Provide
    Arbitrary<List<String>> ehloLines() {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of("AUTH", "AUTH=", "SIZE", "LIMITS", "DELIVERBY",
                "PIPELINING", "STARTTLS", "RCPTMAX=", "MAILMAX=", "0", "00000000000000000000001", "-5", "=", "  ",
                "\t", "PLAIN", "login", "ü", "例", "99999999999999999999999"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(12));
        return word.list().ofMaxSize(6).map(w -> String.join(" ", w)).list().ofMaxSize(30);
    }

    @Property(tries = 2000, seed = "1869")
    void theEhloParserAcceptsAnyKeywordLines(@ForAll("ehloLines") List<String> lines) {
        StringBuilder sb = new StringBuilder("250").append(lines.isEmpty() ? ' ' : '-').append("mx.example\r\n");
        for (int i = 0; i < lines.size(); i++) {
            sb.append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
        }
        SmtpReply reply = new ReplyParser().feed(sb.toString().getBytes(StandardCharsets.UTF_8)).get(0);
        Capabilities c = Capabilities.parse(reply);
        c.sizeLimit().ifPresent(n -> assertThat(n).isPositive());
        assertThat(c.authMechanisms()).allSatisfy(m -> assertThat(m).isNotEmpty()
                .isEqualTo(m.toUpperCase(Locale.ROOT)));
        assertThat(c.keywords().keySet()).allSatisfy(k -> assertThat(k).isNotEmpty()
                .isEqualTo(k.toUpperCase(Locale.ROOT)));
        assertThat(c.keywords().keySet()).containsAll(c.unknownKeywords());
        c.limits();
        c.deliverBy();
        assertThat(c.serverDomain()).isEqualTo("mx.example");
    }

    /** Whatever the server sends, each reply prints as lines that start "S: " and hold only visible characters. */
    @Property(tries = 2000, seed = "3207")
    void parsedRepliesPrintOnlyAsServerLines(@ForAll("smtpish") byte[] data) {
        List<SmtpReply> replies;
        try {
            replies = new ReplyParser().feed(data);
        } catch (SmtpException e) {
            assertThat(e.failureClass()).isEqualTo(FailureClass.PROTOCOL);
            return;
        }
        Transcript t = new Transcript();
        for (SmtpReply r : replies) {
            t.server(r, "NOOP", 1, 1L);
        }
        for (TranscriptEntry e : t.entries()) {
            for (String line : TranscriptExport.textLine(e).split("\n", -1)) {
                assertThat(line).startsWith("S: ");
                assertThat(line.chars().allMatch(ProtocolFuzzTest::visible)).as(line).isTrue();
            }
        }
    }

    private static boolean visible(int c) {
        return c >= 0x20 && (c < 0x7f || c > 0x9f) && !(c >= 0x200b && c <= 0x200f) && !(c >= 0x2028 && c <= 0x202e)
                && !(c >= 0x2060 && c <= 0x2069) && c != 0xfeff && c != 0x061c && c != 0x00ad;
    }
}
