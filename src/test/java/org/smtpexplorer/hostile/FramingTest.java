package org.smtpexplorer.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.MessageTraits;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.TlsSettings;

/**
 * Framing (RFC 5321 §4.5.2, §2.3.8; RFC 3030): no message content can end DATA early or slip a command to the
 * server. SMTP smuggling (SEC Consult, December 2023; CVE-2023-51764 Postfix, CVE-2023-51765 Sendmail,
 * CVE-2023-51766 Exim) relies on a client passing "\n.\n" or a kin of it to a server that takes it as the end of
 * data; this client turns every bare CR and LF into CRLF and doubles every leading dot, so the only end of data on
 * the wire is its own. The scripted server reads the body up to the first dot line, as a lenient server would, and
 * then must see QUIT, not a smuggled MAIL.
 */
class FramingTest {
    private static final int IO_BUFFER = 64 * 1024;
    private static final String SMUGGLED = "MAIL FROM:<evil@attacker.example>\r\nRCPT TO:<victim@example.com>\r\n"
            + "DATA\r\nFrom: ceo@example.com\r\n\r\nsmuggled\r\n.\r\n";

    /** End-of-data look-alikes: the variants of the SMTP smuggling research, and a few more. */
    static Stream<String> endOfDataVariants() {
        return Stream.of("\n.\n", "\n.\r\n", "\r.\r", "\r.\n", "\r\n.\n", "\r\n.\r", "\n.\r", "\r\n.\r\r\n",
                "\r\r\n.\r\r\n", "\r\n.\r\n", "\n\n.\n\n", "\r\n\u0000.\r\n", "\r\n.\u0000\r\n");
    }

    @TempDir
    Path tmp;

    /**
     * The DATA body the server must receive for {@code message}, computed independently of the DotStuffer: every
     * line end CRLF, a final line end added, every line that starts with a dot gets one more.
     */
    private static byte[] expectedBody(byte[] message) {
        String s = new String(message, StandardCharsets.ISO_8859_1).replaceAll("\r\n|\r|\n", "\r\n");
        if (!s.isEmpty() && !s.endsWith("\r\n")) {
            s += "\r\n";
        }
        return ("\r\n" + s).replace("\r\n.", "\r\n..").substring(2).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Sends {@code args} through DATA and returns the body the server read before the first dot line. */
    private byte[] sendThroughData(String... args) throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 8BITMIME
                C^ MAIL FROM:<a@example.com>
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                C: DATA
                S: 354 go
                !capture-until-dot
                S: 250 ok
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            List<String> all = new ArrayList<>(List.of("--security", "none", "--transfer", "data", "--from",
                    "a@example.com", "--to", "b@example.com", "--timeout", "5"));
            all.addAll(List.of(args));
            Smtpx.Run run = Smtpx.send(server.port(), all.toArray(String[]::new));
            assertThat(server.await()).as(run.describe()).isEmpty();
            assertThat(run.exit()).as(run.describe()).isZero();
            return server.bodies().get(0);
        }
    }

    private static void assertCleanFraming(byte[] body) {
        String wire = new String(body, StandardCharsets.ISO_8859_1);
        assertThat(wire.replace("\r\n", "")).as("no bare CR or LF").doesNotContain("\r").doesNotContain("\n");
        assertThat(("\r\n" + wire).replace("\r\n..", "")).as("every dot line stuffed").doesNotContain("\r\n.\r\n");
    }

    @ParameterizedTest
    @MethodSource("endOfDataVariants")
    void smugglingVariantsInAMessageFileStayInsideTheMessage(String variant) throws Exception {
        byte[] message = ("Subject: smuggling\r\n\r\nbefore" + variant + SMUGGLED + "after\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Path eml = Files.write(tmp.resolve("m.eml"), message);
        byte[] body = sendThroughData("--eml", eml.toString(), "--body-type", "8bitmime");
        assertThat(body).isEqualTo(expectedBody(message));
        assertCleanFraming(body);
    }

    @ParameterizedTest
    @MethodSource("endOfDataVariants")
    void smugglingVariantsInAComposedBodyStayInsideTheMessage(String variant) throws Exception {
        byte[] body = sendThroughData("--subject", "smuggling", "--body", "before" + variant + SMUGGLED + "after");
        assertCleanFraming(body);
        String unstuffed = ("\r\n" + new String(body, StandardCharsets.ISO_8859_1)).replace("\r\n..", "\r\n.");
        assertThat(unstuffed).contains("MAIL FROM:<evil@attacker.example>").contains("after");
    }

    /**
     * The sender reads the message 64 KiB at a time; the DotStuffer keeps its state across reads. Line ends and
     * dots placed exactly at each boundary: LF|dot, bare CR|dot, CR|LF dot, a lone dot line|its CRLF, CR|CR LF.
     */
    @Test
    void dotStuffingHoldsAtEveryReadBufferBoundary() throws Exception {
        Random random = new Random(5321);
        byte[] message = new byte[5 * IO_BUFFER + 1000];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) (i % 70 == 69 ? '\n' : random.nextInt(8) == 0 ? '.' : 'a' + random.nextInt(26));
        }
        byte[][] atBoundary = {{'\n'}, {'.'}, {'\r'}, {'.'}, {'\r'}, {'\n', '.'}, {'\r', '\n', '.'}, {'\r', '\n'},
            {'\r'}, {'\r', '\n', '.'}};
        for (int b = 1; b <= 5; b++) {
            byte[] before = atBoundary[2 * (b - 1)];
            byte[] after = atBoundary[2 * (b - 1) + 1];
            System.arraycopy(before, 0, message, b * IO_BUFFER - before.length, before.length);
            System.arraycopy(after, 0, message, b * IO_BUFFER, after.length);
        }
        message[message.length - 2] = '\n';
        message[message.length - 1] = '.';
        Path eml = Files.write(tmp.resolve("boundaries.eml"), message);
        byte[] body = sendThroughData("--eml", eml.toString());
        assertThat(body).isEqualTo(expectedBody(message));
        assertCleanFraming(body);
    }

    /** BDAT needs no stuffing but exact counts: chunks cut inside the look-alikes, each count and byte exact. */
    @Test
    void bdatChunksCarryExactCountsAndBytes() throws Exception {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes("Subject: chunks\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        endOfDataVariants().forEach(v -> m.writeBytes(("x" + v + SMUGGLED).getBytes(StandardCharsets.ISO_8859_1)));
        byte[] message = m.toByteArray();
        int chunk = 7;
        List<String> script = new ArrayList<>(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250-BINARYMIME
                S: 250 CHUNKING
                C: MAIL FROM:<a@example.com> BODY=BINARYMIME
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                """));
        for (int from = 0; from < message.length; from += chunk) {
            int len = Math.min(chunk, message.length - from);
            script.add("C: BDAT " + len + (from + len == message.length ? " LAST" : ""));
            script.add("CX: " + escape(Arrays.copyOfRange(message, from, from + len)));
            script.add("S: 250 ok");
        }
        script.addAll(List.of("C: QUIT", "S: 221 bye"));
        try (ScriptedServer server = new ScriptedServer(script, ScriptedServer.Mode.WHOLE, null)) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "none", "--from", "a@example.com", "--to",
                    "b@example.com", "--eml", Files.write(tmp.resolve("c.eml"), message).toString(), "--chunk-size",
                    Integer.toString(chunk), "--timeout", "5");
            assertThat(server.await()).as(run.describe()).isEmpty();
            assertThat(run.exit()).as(run.describe()).isZero();
        }
    }

    /**
     * A message that turns out shorter than the BDAT count already sent: the chunk cannot be completed, so the
     * connection is dropped; a QUIT now would be counted as message bytes by the server.
     */
    @Test
    void aMessageShorterThanItsBdatCountEndsTheConnectionWithNoCommandInsideTheChunk() throws Exception {
        byte[] content = "Subject: short\r\n\r\nshorter than announced\r\n".getBytes(StandardCharsets.US_ASCII);
        MessageSource shrinking = new MessageSource() {
            @Override
            public long size() {
                return 100;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(content);
            }

            @Override
            public MessageTraits traits() {
                return new MessageTraits(false, false, false, 25, 0, 0);
            }

            @Override
            public String description() {
                return "a file that shrank";
            }
        };
        try (ScriptedServer server = new ScriptedServer(List.of("S: 220 mx.example ESMTP", "C: EHLO localhost",
                "S: 250-mx.example", "S: 250 CHUNKING", "C: MAIL FROM:<a@example.com>", "S: 250 ok",
                "C: RCPT TO:<b@example.com>", "S: 250 ok", "C: BDAT 100 LAST", "!capture-until-dot"),
                ScriptedServer.Mode.WHOLE, null)) {
            SendRequest.Builder r = SendRequest.builder();
            r.connection(ConnectOptions.of("127.0.0.1", server.port(), SecurityMode.NONE, TlsSettings.verified())
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1)));
            r.from("a@example.com");
            r.to(List.of("b@example.com"));
            r.message(shrinking);
            SendResult result = new Session(r.build(), new Transcript()).send();
            assertThat(server.await()).isEmpty();
            assertThat(result.status()).isEqualTo(SendResult.Status.FAILED);
            assertThat(result.failure().failureClass()).isEqualTo(FailureClass.IO);
            assertThat(result.failure().getMessage()).isEqualTo("the message became shorter while it was sent");
            byte[] afterBdat = server.bodies().get(0);
            assertThat(Arrays.copyOf(content, afterBdat.length))
                    .as("what followed BDAT is part of the message, then the connection closed").isEqualTo(afterBdat);
        }
    }

    /** Bytes as ScriptedServer escapes: printable ASCII as is, everything else \xHH. */
    private static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            sb.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }
}
