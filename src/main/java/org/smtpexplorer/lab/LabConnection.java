package org.smtpexplorer.lab;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The byte side of one session: a buffered reader that never loses bytes the client sent ahead (pipelined
 * commands, commands after the final dot), a reply writer that holds replies until the server is about to wait for
 * input so a pipelined group is answered in one segment, the STARTTLS switch, and the slow and trickle pacing.
 */
final class LabConnection implements Closeable {
    /** How replies are put on the wire. */
    enum Pacing {
        /** Replies are held and written together when the server next waits for input. */
        BATCHED,
        /** Each reply is written at once, after a pause. */
        SLOW,
        /** Each byte is written on its own, followed by a pause. */
        TRICKLE
    }

    /**
     * One line from the client.
     *
     * @param bytes   the line without its terminator (and without the CR of a CRLF)
     * @param crlf    true when it ended in CRLF, false for a bare LF (and for a line too long)
     * @param tooLong true when it was longer than the limit; then {@code bytes} holds only its start
     * @param length  the full length including the terminator
     */
    record Line(byte[] bytes, boolean crlf, boolean tooLong, long length) {
    }

    private final Socket plain;
    private final Pacing pacing;
    private final Duration delay;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int lim;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private String tlsProtocol;
    private String tlsCipher;

    LabConnection(Socket plain, Pacing pacing, Duration delay, Duration idleTimeout) throws IOException {
        this.plain = plain;
        this.pacing = pacing;
        this.delay = delay;
        this.socket = plain;
        // Small writes must leave at once: trickled bytes one by one, the injected STARTTLS lines as one segment.
        plain.setTcpNoDelay(true);
        plain.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
        this.in = plain.getInputStream();
        this.out = plain.getOutputStream();
    }

    /** True when the client has sent bytes that have not been read yet: it did not wait for our reply. */
    boolean inputWaiting() throws IOException {
        return pos < lim || in.available() > 0;
    }

    /**
     * Makes sure some input is buffered, blocking if needed; false at the end of the stream. Replies still held
     * are written first, since the client may be waiting for them before it sends more.
     */
    private boolean fill() throws IOException {
        if (pos < lim) {
            return true;
        }
        flush();
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    /**
     * Reads one line ended by LF. Bytes beyond {@code max} (terminator included) are read and dropped, so an
     * over-long line is consumed whole and the next line starts cleanly. Returns null at the end of the stream; an
     * unfinished last line is dropped then.
     */
    Line readLine(int max) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        long length = 0;
        while (true) {
            if (!fill()) {
                return null;
            }
            int lf = -1;
            for (int i = pos; i < lim; i++) {
                if (buf[i] == '\n') {
                    lf = i;
                    break;
                }
            }
            int end = lf >= 0 ? lf + 1 : lim;
            int take = (int) Math.max(0, Math.min(end - pos, max - length));
            line.write(buf, pos, take);
            length += end - pos;
            pos = end;
            if (lf >= 0) {
                byte[] b = line.toByteArray();
                if (length > max) {
                    return new Line(b, false, true, length);
                }
                int n = b.length - 1;
                boolean crlf = n > 0 && b[n - 1] == '\r';
                return new Line(Arrays.copyOf(b, crlf ? n - 1 : n), crlf, false, length);
            }
        }
    }

    /**
     * Feeds input to {@code reader} until it has found the end of the data, the stream ends, or {@code wireLimit}
     * bytes were taken. Bytes after the end of the data stay buffered for the next command.
     *
     * @return false when the stream ended first
     */
    boolean pump(DataReader reader, long wireLimit) throws IOException {
        while (!reader.done() && reader.consumed() < wireLimit) {
            if (!fill()) {
                return false;
            }
            int allowed = (int) Math.min(lim - pos, wireLimit - reader.consumed());
            pos += reader.feed(buf, pos, allowed);
        }
        return true;
    }

    /** Reads exactly {@code n} bytes into {@code sink} (fewer only when the stream ends); returns the count. */
    long transfer(long n, BoundedSink sink) throws IOException {
        long done = 0;
        while (done < n) {
            if (!fill()) {
                return done;
            }
            int take = (int) Math.min(lim - pos, n - done);
            sink.write(buf, pos, take);
            pos += take;
            done += take;
        }
        return done;
    }

    /** Drops whatever the client sent that has not been read yet; returns how many bytes that was. */
    int discardBuffered() throws IOException {
        int dropped = lim - pos;
        pos = lim;
        int available = in.available();
        while (available > 0) {
            int n = in.read(buf, 0, Math.min(buf.length, available));
            if (n <= 0) {
                break;
            }
            dropped += n;
            available = in.available();
        }
        pos = 0;
        lim = 0;
        return dropped;
    }

    /** Queues a reply, or writes it at once with its pause in the slow and trickle modes. */
    void send(byte[] bytes) throws IOException {
        if (pacing == Pacing.BATCHED) {
            pending.write(bytes);
            return;
        }
        flush();
        if (pacing == Pacing.SLOW) {
            pause();
            out.write(bytes);
            out.flush();
            return;
        }
        for (byte b : bytes) {
            out.write(b);
            out.flush();
            pause();
        }
    }

    /** Writes {@code bytes} in one write call, whatever the pacing: they must travel in one segment. */
    void sendAtOnce(byte[] bytes) throws IOException {
        flush();
        out.write(bytes);
        out.flush();
    }

    /** Writes the held replies. */
    void flush() throws IOException {
        if (pending.size() > 0) {
            byte[] bytes = pending.toByteArray();
            pending.reset();
            out.write(bytes);
            out.flush();
        }
    }

    private void pause() throws IOException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: the lab server is closing", e);
        }
    }

    /**
     * Replaces the plain streams with TLS (RFC 3207): flushes the 220 and runs the handshake as the server. The
     * caller has dropped the plain input received before the 220 with {@link #discardBuffered()}.
     */
    void startTls(SSLContext context) throws IOException {
        flush();
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain,
                plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        ssl.setUseClientMode(false);
        List<String> wanted = List.of("TLSv1.3", "TLSv1.2");
        ssl.setEnabledProtocols(Arrays.stream(ssl.getSupportedProtocols()).filter(wanted::contains)
                .toArray(String[]::new));
        ssl.startHandshake();
        socket = ssl;
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
        pos = 0;
        lim = 0;
        tlsProtocol = ssl.getSession().getProtocol();
        tlsCipher = ssl.getSession().getCipherSuite();
    }

    boolean isTls() {
        return tlsProtocol != null;
    }

    String tlsProtocol() {
        return tlsProtocol;
    }

    String tlsCipher() {
        return tlsCipher;
    }

    /**
     * Ends the input side so that a session waiting for a command sees the end of the stream and can say goodbye;
     * used when the server shuts down.
     */
    void shutdownInput() {
        try {
            plain.shutdownInput();
        } catch (IOException e) {
            // Already closed: the session is ending anyway.
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        plain.close();
    }
}
