package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.cli.SmtpxCommand;
import picocli.CommandLine;

/**
 * `smtpx send` streams a 100 MiB message through DATA and through BDAT. Runs in the small-heap execution
 * (-Xmx64m), so any copy of the whole message in memory fails the test. A minimal sink server un-stuffs DATA,
 * counts BDAT octets, and hashes what it received so the bytes are checked, not just counted.
 */
@Tag("smallheap")
class BigMessageTest {
    private static final long SIZE = 100L * 1024 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"data", "bdat"})
    void hundredMebibytesStreamThroughASmallHeap(String transfer, @TempDir Path tmp) throws Exception {
        Path eml = tmp.resolve("big.eml");
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(eml)) {
            byte[] header = "Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            out.write(header);
            expected.update(header);
            Random r = new Random(1);
            byte[] line = new byte[78];
            long written = header.length;
            while (written < SIZE) {
                for (int i = 0; i < 76; i++) {
                    line[i] = (byte) (r.nextInt(10) == 0 ? '.' : 'A' + r.nextInt(26));
                }
                line[76] = '\r';
                line[77] = '\n';
                out.write(line);
                expected.update(line);
                written += line.length;
            }
        }
        AtomicReference<String> digest = new AtomicReference<>();
        AtomicLong received = new AtomicLong();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread sink = new Thread(() -> serve(server, digest, received));
            sink.start();
            StringWriter out = new StringWriter();
            CommandLine cl = SmtpxCommand.commandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(out));
            int code = cl.execute("send", "--server", "127.0.0.1:" + server.getLocalPort(), "--security", "none",
                    "--from", "a@example.com", "--to", "b@example.com", "--eml", eml.toString(), "--transfer",
                    transfer, "--chunk-size", "8388608", "--timeout", "60");
            sink.join(60_000);
            assertThat(code).as(out.toString()).isZero();
            assertThat(received.get()).isEqualTo(Files.size(eml));
            assertThat(digest.get()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
            assertThat(out.toString()).contains("* Sent: 250 ok").doesNotContain("OutOfMemory");
        }
    }

    /** A sink just smart enough for one message: EHLO with CHUNKING, MAIL, RCPT, DATA or BDAT, QUIT. */
    private static void serve(ServerSocket server, AtomicReference<String> digest, AtomicLong received) {
        try (Socket s = server.accept()) {
            InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 65536);
            OutputStream out = s.getOutputStream();
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            out.write("220 sink\r\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String verb = line.split(" ")[0].toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sink\r\n250-CHUNKING\r\n250 8BITMIME");
                    case "DATA" -> {
                        reply(out, "354 go");
                        while (true) {
                            String l = readLine(in);
                            if (l.equals(".")) {
                                break;
                            }
                            byte[] b = ((l.startsWith(".") ? l.substring(1) : l) + "\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1);
                            md.update(b);
                            received.addAndGet(b.length);
                        }
                        digest.set(HexFormat.of().formatHex(md.digest()));
                        reply(out, "250 ok");
                    }
                    case "BDAT" -> {
                        String[] p = line.split(" ");
                        long n = Long.parseLong(p[1]);
                        byte[] buf = new byte[65536];
                        while (n > 0) {
                            int k = in.read(buf, 0, (int) Math.min(buf.length, n));
                            md.update(buf, 0, k);
                            received.addAndGet(k);
                            n -= k;
                        }
                        if (p.length > 2) {
                            digest.set(HexFormat.of().formatHex(md.digest()));
                        }
                        reply(out, "250 ok");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (Exception e) {
            digest.set("sink failed: " + e);
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] a = b.toByteArray();
                return new String(a, 0, a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length,
                        StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return null;
    }
}
