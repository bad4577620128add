package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.testing.TestCerts;

/** The policy fetch against a TLS server on loopback that answers as the test scripts it, well or badly. */
class HttpsGetTest {
    private static final TestCerts.Issued CA = TestCerts.ca("HttpsGet test CA");
    private static final TestCerts.Issued SERVER = TestCerts.server(CA, "mta-sts.example.test");
    @TempDir
    Path dir;
    private SSLServerSocket server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** Serves one connection: reads the request head, then lets {@code answer} write to the socket. */
    private int serve(TestCerts.Issued cert, Consumer<OutputStream> answer) throws IOException {
        server = (SSLServerSocket) cert.serverContext().getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                byte[] head = new byte[4096];
                int n = 0;
                while (n < 4 || !new String(head, 0, n, StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    int r = s.getInputStream().read(head, n, head.length - n);
                    if (r < 0) {
                        return;
                    }
                    n += r;
                }
                answer.accept(s.getOutputStream());
                s.getOutputStream().flush();
            } catch (IOException e) {
                // The client gave up (a test of a timeout or a refused certificate): nothing to serve.
            }
        }, "https-test");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private static void write(OutputStream out, String s) {
        try {
            out.write(s.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpsGet.Response get(int port, Duration timeout, int max) throws IOException {
        return HttpsGet.get("mta-sts.example.test", List.of("127.0.0.1"), port, "/.well-known/mta-sts.txt",
                TlsSettings.trusting(CA.writePem(dir, "ca.pem")), timeout, max);
    }

    @Test
    void aChunkedBodyIsDecodedAndTheHeadersKept() throws Exception {
        int port = serve(SERVER, out -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n8\r\nversion:\r\n7; x=y\r\n STSv1\n\r\n0\r\n\r\n"));
        HttpsGet.Response r = get(port, Duration.ofSeconds(5), 1000);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/plain");
        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("version: STSv1\n");
        assertThat(r.tls().chain().get(0).getSubjectX500Principal().getName()).contains("mta-sts.example.test");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhateverItsFraming() throws Exception {
        int port = serve(SERVER, out -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 70000\r\n\r\n"));
        assertThatThrownBy(() -> get(port, Duration.ofSeconds(5), 65536))
                .hasMessage("the body is 70000 bytes, over the limit of 65536");
        int port2 = serve(SERVER, out -> write(out, "HTTP/1.0 200 OK\r\n\r\n" + "x".repeat(2000)));
        assertThatThrownBy(() -> get(port2, Duration.ofSeconds(5), 1000))
                .hasMessage("the body is over the limit of 1000 bytes");
    }

    @Test
    void aServerThatStallsIsGivenUpOnAtTheDeadline() throws Exception {
        int port = serve(SERVER, out -> {
            write(out, "HTTP/1.1 200 OK\r\n");
            try {
                out.flush();
                Thread.sleep(5000);
            } catch (IOException | InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> get(port, Duration.ofMillis(700), 1000))
                .hasMessage("no complete answer from mta-sts.example.test within 700 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aCertificateForAnotherNameOrFromAnUnknownCaIsRefused() throws Exception {
        int port = serve(TestCerts.server(CA, "www.example.test"), out -> write(out, "HTTP/1.1 200 OK\r\n\r\n"));
        assertThatThrownBy(() -> get(port, Duration.ofSeconds(5), 1000))
                .hasMessageStartingWith("TLS handshake with mta-sts.example.test failed: certificate not trusted:")
                .hasMessageContaining("does not name this host");
        int port2 = serve(TestCerts.selfSigned("mta-sts.example.test"), out -> write(out, "HTTP/1.1 200 OK\r\n\r\n"));
        assertThatThrownBy(() -> get(port2, Duration.ofSeconds(5), 1000))
                .hasMessageContaining("certificate not trusted: the certificate is self-signed");
    }

    @Test
    void somethingOtherThanHttpIsNamed() throws Exception {
        int port = serve(SERVER, out -> write(out, "220 mx.example.test ESMTP\r\n"));
        assertThatThrownBy(() -> get(port, Duration.ofSeconds(5), 1000))
                .hasMessage("mta-sts.example.test did not answer in HTTP/1.x: \"220 mx.example.test ESMTP\"");
    }

    @Test
    void nothingListeningIsAConnectFailure() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        int closed = port;
        assertThatThrownBy(() -> get(closed, Duration.ofSeconds(5), 1000))
                .hasMessageStartingWith("cannot connect to mta-sts.example.test port " + closed + " (127.0.0.1): ");
    }
}
