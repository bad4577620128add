package org.smtpexplorer.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A deliberately dumb scripted SMTP client for the tests: it writes exactly the bytes it is given and reads
 * replies one byte at a time from the socket, so it never consumes more than one reply and a test can look at
 * what the next single read returns.
 */
final class LabClient implements AutoCloseable {
    private final Socket plain;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private LabClient(Socket socket) throws IOException {
        this.plain = socket;
        this.socket = socket;
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static LabClient connect(LabServer server) throws IOException {
        return new LabClient(new Socket(InetAddress.getLoopbackAddress(), server.port()));
    }

    /**
     * Connects to the implicit-TLS port at {@code address} and runs the handshake at once, checking that the
     * certificate names {@code host}; the greeting is not read.
     */
    static LabClient implicitTls(LabServer server, InetAddress address, String host) throws IOException {
        LabClient c = new LabClient(new Socket(address, server.tlsPort()));
        c.handshake(server, host);
        return c;
    }

    /** Connects and reads the greeting. */
    static LabClient greeted(LabServer server) throws IOException {
        LabClient c = connect(server);
        String greeting = c.reply();
        if (!greeting.startsWith("220 ")) {
            throw new IOException("unexpected greeting: " + greeting);
        }
        return c;
    }

    /** Connects, reads the greeting and says EHLO. */
    static LabClient ehlo(LabServer server) throws IOException {
        LabClient c = greeted(server);
        String reply = c.cmd("EHLO client.example");
        if (!reply.startsWith("250")) {
            throw new IOException("EHLO refused: " + reply);
        }
        return c;
    }

    void send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one command line and returns its whole reply. */
    String cmd(String line) throws IOException {
        send(line);
        return reply();
    }

    /** Reads one complete reply, every line with its CRLF; a multi-line reply ends at "NNN " or "NNN\r\n". */
    String reply() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                throw new IOException("connection closed after " + sb.length() + " chars: " + sb);
            }
            sb.append(line);
            if (line.length() < 5 || line.charAt(3) != '-') {
                return sb.toString();
            }
        }
    }

    /** Reads {@code n} replies. */
    List<String> replies(int n) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(reply());
        }
        return out;
    }

    /** One line with its terminator, or null at the end of the stream. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            if (c == '\n') {
                break;
            }
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    /** One read() call of up to 8 KiB: what arrived together. Empty at the end of the stream. */
    byte[] readOnce() throws IOException {
        byte[] buf = new byte[8192];
        int n = in.read(buf);
        return n < 0 ? new byte[0] : Arrays.copyOf(buf, n);
    }

    /** True when the server closed the connection (the next read sees the end of the stream). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    /** Sends STARTTLS, expects 220 and runs the handshake trusting only the lab CA, with host name checks. */
    String startTls(LabServer server) throws IOException {
        String reply = cmd("STARTTLS");
        if (!reply.startsWith("220 ")) {
            throw new IOException("STARTTLS refused: " + reply);
        }
        handshake(server);
        return reply;
    }

    void handshake(LabServer server) throws IOException {
        handshake(server, "127.0.0.1");
    }

    /** The handshake checking that the certificate names {@code host}. */
    void handshake(LabServer server, String host) throws IOException {
        SSLSocket ssl = (SSLSocket) trusting(server).getSocketFactory().createSocket(plain, host,
                plain.getPort(), true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        socket = ssl;
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
    }

    SSLSocket sslSocket() {
        return (SSLSocket) socket;
    }

    static SSLContext trusting(LabServer server) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("lab-ca", server.caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        plain.close();
    }
}
