package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.testing.StreamingSink;
import org.smtpexplorer.transcript.Transcript;

/**
 * A message sent by BDAT with no chunk size goes in one chunk, except when the envelope rides in the same flight
 * (PIPELINING): then chunks start at 1 MiB and double, and the replies already back are read between them. A server
 * that refused every recipient is not sent the rest of a 40 MiB message, whatever it answers to the chunks, and the
 * session says so and resets the transaction.
 */
class PipelinedBdatRefusalTest {
    private static final int SIZE = 40 << 20;

    @TempDir
    Path tmp;

    /**
     * The server answers MAIL and RCPT before it reads any of the first chunk, and its small receive buffer lets the
     * client get only a few megabytes (its own send buffer) ahead of what it has read: the replies are back before the
     * third chunk (1 + 2 + 4 MiB) has gone, so at most three chunks go, none of them the last.
     */
    @ParameterizedTest
    @ValueSource(strings = {"554 5.5.1 no valid recipients", "250 2.0.0 chunk taken (wrongly)"})
    void everyRecipientRefusedStopsTheTransferEarly(String bdatReply) throws Exception {
        StringBuilder text = new StringBuilder("Subject: forty mebibytes\r\n\r\n");
        while (text.length() < SIZE) {
            text.append("a line of a message that should not all be sent\r\n");
        }
        Path eml = Files.writeString(tmp.resolve("m.eml"), text, StandardCharsets.US_ASCII);
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(32 * 1024);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(() -> serve(server, bdatReply, lines));
            t.setDaemon(true);
            t.start();
            SendRequest.Builder r = SendRequest.builder();
            r.connection(ConnectOptions.of("127.0.0.1", server.getLocalPort(), SecurityMode.NONE,
                    TlsSettings.verified()).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)));
            r.from("a@example.com");
            r.to(List.of("nobody@example.com"));
            r.transfer(SendRequest.Transfer.BDAT);
            r.message(MessageSource.of(eml));
            SendResult result = new Session(r.build(), new Transcript()).send();
            t.join(10_000);

            List<String> bdats = lines.stream().filter(l -> l.startsWith("BDAT")).toList();
            assertThat(bdats).as("%s", lines).isNotEmpty().hasSizeLessThanOrEqualTo(3)
                    .allSatisfy(l -> assertThat(l).doesNotContain("LAST"));
            assertThat(bdats.get(0)).isEqualTo("BDAT 1048576");
            assertThat(lines.subList(lines.size() - 2, lines.size())).containsExactly("RSET", "QUIT");
            assertThat(result.status()).isEqualTo(SendResult.Status.FAILED);
            assertThat(result.failure().getMessage()).contains("accepted none of the recipients", "550 5.1.1");
        }
    }

    /** EHLO, then MAIL and RCPT answered at once (RCPT refused); then chunks read and answered, RSET, QUIT. */
    private static void serve(ServerSocket server, String bdatReply, List<String> lines) {
        try (Socket s = server.accept()) {
            s.setSoTimeout(20_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            StreamingSink.reply(out, "220 t ESMTP");
            lines.add(line(in));
            StreamingSink.reply(out, "250-t\r\n250-PIPELINING\r\n250 CHUNKING");
            lines.add(line(in));
            lines.add(line(in));
            StreamingSink.reply(out, "250 2.1.0 ok\r\n550 5.1.1 no such user");
            while (true) {
                String next = line(in);
                lines.add(next);
                if (next.startsWith("BDAT ")) {
                    in.readNBytes(Integer.parseInt(next.split(" ")[1]));
                    StreamingSink.reply(out, bdatReply);
                } else if (next.equals("QUIT")) {
                    StreamingSink.reply(out, "221 bye");
                    return;
                } else {
                    StreamingSink.reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            lines.add("server: " + e);
        }
    }

    private static String line(InputStream in) throws IOException {
        String line = StreamingSink.readLine(in);
        if (line == null) {
            throw new IOException("closed");
        }
        return line;
    }
}
