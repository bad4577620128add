package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.testing.TestCerts;
import org.smtpexplorer.transcript.Transcript;

/**
 * A message file on a plain connection goes out with sendfile ({@link SmtpConnection#sendFile}): the bytes arrive
 * exactly, progress is reported as they go, a file that ends early says so, and neither a server that stops reading
 * nor a cancel can hold the sender, although closing a socket does not end a sendfile blocked on it.
 */
class SendFileTest {
    /** Far more than loopback socket buffers hold when nobody reads. */
    private static final int BIG = 40 << 20;

    @TempDir
    Path tmp;

    private Path file(int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(14).nextBytes(bytes);
        return Files.write(tmp.resolve("m-" + size + ".bin"), bytes);
    }

    /** A server that greets, then reads (or not) what comes; {@code read} completes with the SHA-256 of it. */
    private static final class Receiver implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        final CompletableFuture<byte[]> read = new CompletableFuture<>();
        final CountDownLatch release = new CountDownLatch(1);

        Receiver(boolean reads, long expected) throws IOException {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("220 hi\r\n".getBytes(StandardCharsets.US_ASCII));
                    if (!reads) {
                        release.await(30, TimeUnit.SECONDS);
                        return;
                    }
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[1 << 16];
                    long total = 0;
                    int n;
                    while (total < expected && (n = in.read(buf)) > 0) {
                        md.update(buf, 0, n);
                        total += n;
                    }
                    read.complete(md.digest());
                } catch (Exception e) {
                    read.completeExceptionally(e);
                }
            });
            t.setDaemon(true);
            t.start();
        }

        SmtpConnection connect(Duration timeout) {
            SmtpConnection c = SmtpConnection.open(ConnectOptions.of("127.0.0.1", server.getLocalPort(),
                    SecurityMode.NONE, TlsSettings.verified()).withTimeouts(timeout, timeout), new Transcript());
            c.readGreeting();
            return c;
        }

        @Override
        public void close() throws IOException {
            release.countDown();
            server.close();
        }
    }

    @Test
    void theFileArrivesExactlyAndProgressIsToldAsItGoes() throws Exception {
        Path f = file(5_000_000);
        try (Receiver r = new Receiver(true, 4_000_000); FileChannel fc = FileChannel.open(f)) {
            SmtpConnection c = r.connect(Duration.ofSeconds(5));
            assertThat(c.canSendFile()).isTrue();
            List<Long> told = new ArrayList<>();
            long sent = c.sendFile(fc, 1_000_000, 4_000_000, told::add);
            assertThat(sent).isEqualTo(4_000_000);
            assertThat(told.stream().mapToLong(Long::longValue).sum()).isEqualTo(4_000_000);
            assertThat(told).as("told slice by slice").hasSizeGreaterThan(1);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(f), 1_000_000, 4_000_000);
            assertThat(r.read.get(10, TimeUnit.SECONDS)).isEqualTo(md.digest());
            c.close();
        }
    }

    /**
     * Slices grow while they go fast, up to 1 MiB, so that a fast link is not held back by a wake-up every 256 KiB;
     * one that took a sizeable part of the reply timeout sends the next back to 256 KiB, so that no slice can
     * outlast the timeout on a link that slowed down.
     */
    @Test
    void slicesGrowWhileTheyGoFastAndShrinkWhenTheyDoNot() {
        Duration timeout = Duration.ofSeconds(64);
        long fast = Duration.ofMillis(999).toNanos();
        long slow = Duration.ofMillis(4001).toNanos();
        long slice = SmtpConnection.FIRST_FILE_SLICE;
        List<Long> grown = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            slice = SmtpConnection.nextFileSlice(slice, fast, timeout);
            grown.add(slice);
        }
        assertThat(grown).containsExactly(512L << 10, 1L << 20, 1L << 20, 1L << 20);
        assertThat(SmtpConnection.nextFileSlice(1 << 20, Duration.ofMillis(2000).toNanos(), timeout))
                .as("between 1/64 and 1/16 of the timeout: kept").isEqualTo(1L << 20);
        assertThat(SmtpConnection.nextFileSlice(1 << 20, slow, timeout)).isEqualTo(256L << 10);
        assertThat(SmtpConnection.nextFileSlice(256 << 10, Duration.ofMillis(20).toNanos(), Duration.ofSeconds(1)))
                .as("a short timeout asks for faster slices before growing").isEqualTo(256L << 10);
    }

    @Test
    void aFileThatEndsEarlyGivesFewerBytes() throws Exception {
        Path f = file(300_000);
        try (Receiver r = new Receiver(true, 100_000); FileChannel fc = FileChannel.open(f)) {
            SmtpConnection c = r.connect(Duration.ofSeconds(5));
            assertThat(c.sendFile(fc, 200_000, 1_000_000, n -> { })).isEqualTo(100_000);
            c.close();
        }
    }

    @Test
    void aServerThatStopsReadingEndsTheTransferAtTheDeadline() throws Exception {
        Path f = file(BIG);
        try (Receiver r = new Receiver(false, 0); FileChannel fc = FileChannel.open(f)) {
            SmtpConnection c = r.connect(Duration.ofSeconds(1));
            long start = System.nanoTime();
            SmtpException e = catchThrowableOfType(SmtpException.class, () -> c.sendFile(fc, 0, BIG, n -> { }));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.failureClass()).isEqualTo(FailureClass.TIMEOUT);
            assertThat(e.getMessage()).startsWith("sending did not progress within 1 s");
            assertThat(millis).isBetween(900L, 3000L);
        }
    }

    @Test
    void cancelEndsABlockedTransferAtOnce() throws Exception {
        Path f = file(BIG);
        try (Receiver r = new Receiver(false, 0); FileChannel fc = FileChannel.open(f)) {
            SmtpConnection c = r.connect(Duration.ofSeconds(30));
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
            SmtpException e = catchThrowableOfType(SmtpException.class, () -> c.sendFile(fc, 0, BIG, n -> { }));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.failureClass()).isEqualTo(FailureClass.IO);
            assertThat(e.getMessage()).isEqualTo("cancelled");
            assertThat(millis).isBetween(250L, 3000L);
        }
    }

    /** Over TLS the file passes through one buffer into the TLS stream: chunk counts and bytes stay exact. */
    @Test
    void overTlsTheChunksCarryTheFileExactly() throws Exception {
        TestCerts.Issued ca = TestCerts.ca("Send File CA");
        TestCerts.Issued cert = TestCerts.server(ca, "localhost", "127.0.0.1");
        StringBuilder text = new StringBuilder("Subject: over TLS\r\n\r\n");
        Random r = new Random(14);
        while (text.length() < 600_000) {
            text.append(r.nextInt(50) == 0 ? "." : "").append("line ").append(r.nextLong()).append("\r\n");
        }
        byte[] message = text.toString().getBytes(StandardCharsets.US_ASCII);
        int chunk = 250_000;
        List<String> script = new ArrayList<>(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250-STARTTLS
                S: 250 CHUNKING
                C: STARTTLS
                S: 220 go ahead
                !starttls
                C: EHLO localhost
                S: 250-mx.example
                S: 250 CHUNKING
                C: MAIL FROM:<a@example.com>
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                """));
        for (int from = 0; from < message.length; from += chunk) {
            int len = Math.min(chunk, message.length - from);
            script.add("C: BDAT " + len + (from + len == message.length ? " LAST" : ""));
            script.add("CX: " + new String(message, from, len, StandardCharsets.US_ASCII).replace("\\", "\\x5c")
                    .replace("\r", "\\x0d").replace("\n", "\\x0a"));
            script.add("S: 250 ok");
        }
        script.addAll(List.of("C: QUIT", "S: 221 bye"));
        try (ScriptedServer server = new ScriptedServer(script, ScriptedServer.Mode.WHOLE, cert.serverContext())) {
            Smtpx.Run run = Smtpx.send(server.port(), "--security", "starttls", "--trust-cert",
                    ca.writePem(tmp, "ca.pem").toString(), "--from", "a@example.com", "--to", "b@example.com",
                    "--eml", Files.write(tmp.resolve("tls.eml"), message).toString(), "--transfer", "bdat",
                    "--chunk-size", Integer.toString(chunk), "--timeout", "10");
            assertThat(server.await()).as(run.describe()).isEmpty();
            assertThat(run.exit()).as(run.describe()).isZero();
        }
    }

    /**
     * The file shrank between choosing it and sending it: the announced chunk cannot be completed. A large file goes
     * by sendfile, which sends what is left of it; a small one through the body buffer, which may send less (the
     * connection is ended either way, with no command inside the chunk).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 14_000})
    void aMessageFileThatShrankEndsTheConnectionWithNoCommandInsideTheChunk(int lines) throws Exception {
        byte[] content = ("Subject: short\r\n\r\n" + ("x".repeat(76) + "\r\n").repeat(lines))
                .getBytes(StandardCharsets.US_ASCII);
        boolean bySendFile = content.length >= Session.SENDFILE_FROM;
        Path f = Files.write(tmp.resolve("shrinks.eml"), content);
        MessageSource message = MessageSource.of(f);
        assertThat(message.traits().bareLineEnds()).isZero();
        try (FileChannel truncate = FileChannel.open(f, StandardOpenOption.WRITE)) {
            truncate.truncate(40);
        }
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250-mx.example
                S: 250 CHUNKING
                C: MAIL FROM:<a@example.com>
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                C: BDAT %d LAST
                !capture-until-dot
                """.formatted(content.length)), ScriptedServer.Mode.WHOLE, null)) {
            SendRequest.Builder r = SendRequest.builder();
            r.connection(ConnectOptions.of("127.0.0.1", server.port(), SecurityMode.NONE, TlsSettings.verified())
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1)));
            r.from("a@example.com");
            r.to(List.of("b@example.com"));
            r.message(message);
            SendResult result = new Session(r.build(), new Transcript()).send();
            assertThat(server.await()).isEmpty();
            assertThat(result.failure().failureClass()).isEqualTo(FailureClass.IO);
            assertThat(result.failure().getMessage()).isEqualTo("the message became shorter while it was sent");
            byte[] first40 = java.util.Arrays.copyOf(content, 40);
            if (bySendFile) {
                assertThat(server.bodies().get(0)).isEqualTo(first40);
            } else {
                byte[] body = server.bodies().get(0);
                assertThat(body.length).isLessThanOrEqualTo(40);
                assertThat(java.util.Arrays.copyOf(first40, body.length)).isEqualTo(body);
            }
        }
    }
}
