package org.smtpexplorer.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

/**
 * A loopback server that plays a dialogue script: "S: text" lines are sent (CRLF added), "C: text" lines must be
 * received exactly, so the client's bytes are asserted line by line. Directives:
 * <ul>
 * <li>{@code S~ text} send text with escapes (\r \n \xHH) and no CRLF added</li>
 * <li>{@code CX: text} receive exactly these bytes (escapes as above), no line semantics (BDAT chunks)</li>
 * <li>{@code !starttls} TLS handshake as server; {@code !close} close the connection; {@code !sleep MS}</li>
 * <li>{@code !expect-eof} the client must close the connection next</li>
 * <li>{@code !read-until-dot} consume a DATA body up to its final dot line</li>
 * </ul>
 * Directives for hostile servers:
 * <ul>
 * <li>{@code C^ text} receive one client line that starts with text (for lines with a random nonce)</li>
 * <li>{@code !trickle MS} write the following server bytes one at a time, MS ms apart ({@code !trickle 0} ends it)</li>
 * <li>{@code !under-tls} write the following server bytes to the TCP socket beneath TLS (forged TLS records)</li>
 * <li>{@code !reset} abort the connection with a TCP RST (SO_LINGER 0, then close)</li>
 * <li>{@code !read-bytes N} read and discard N bytes; {@code !read-tls-record} read one TLS record (a ClientHello)</li>
 * <li>{@code !capture-until-dot} read a DATA body up to its final dot line and keep it for {@link #bodies()}</li>
 * <li>{@code !tls12-alert-after-certificate} a TLS 1.2 handshake as server up to its ServerHelloDone, so the client
 * has seen and checked the certificate; the client's key exchange is then answered with a fatal internal_error alert,
 * as OpenSMTPD on OpenSSL 3 does</li>
 * <li>{@code !scram-server-first SALT COUNT} answer the client's last line, an AUTH SCRAM-* with its client-first
 * message, with a 334 server-first message that extends the client's nonce, so the client goes on to derive its
 * key: SALT (base64) and COUNT are sent as given</li>
 * <li>{@code !flood-line N} "250 " and N bytes without a line end; {@code !flood-ehlo N} an EHLO reply with N
 * keyword lines. Both are generated as they are written, never held in memory whole, and end quietly when the
 * client hangs up.</li>
 * </ul>
 * The mode decides how consecutive S: lines are written: all at once, a write per line, or a write per byte.
 */
public final class ScriptedServer implements AutoCloseable {
    public enum Mode { WHOLE, LINE, BYTE }

    private final ServerSocket server;
    private final List<String> script;
    private final Mode mode;
    private final SSLContext tls;
    private final Thread thread;
    private final List<String> failures = new ArrayList<>();
    private volatile boolean finished;
    private final int readTimeoutMs;
    private final List<byte[]> bodies = new ArrayList<>();
    private final AtomicLong bytesWritten = new AtomicLong();
    private int trickleMs;
    private String lastClientLine = "";

    public ScriptedServer(List<String> script, Mode mode, SSLContext tls) throws IOException {
        this(script, mode, tls, 5000);
    }

    public ScriptedServer(List<String> script, Mode mode, SSLContext tls, int readTimeoutMs) throws IOException {
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.script = List.copyOf(script);
        this.mode = mode;
        this.tls = tls;
        this.readTimeoutMs = readTimeoutMs;
        this.thread = new Thread(this::run, "scripted-server");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Waits for the script to end; returns what went wrong, empty when the client said exactly what it should. */
    public List<String> await() throws InterruptedException {
        thread.join(30_000);
        synchronized (failures) {
            List<String> out = new ArrayList<>(failures);
            if (!finished && out.isEmpty()) {
                out.add("script did not finish");
            }
            return out;
        }
    }

    /** The DATA bodies read by {@code !capture-until-dot}, exactly as received (dot-stuffed, final dot line excluded). */
    public List<byte[]> bodies() {
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }

    /** Server bytes that went out so far (S: lines and floods). */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /**
     * Connections made after the scripted one, e.g. a client that silently reconnects to resend. Call after the
     * client finished; waits at most {@code waitMs} for each.
     */
    public int laterConnections(int waitMs) throws IOException {
        server.setSoTimeout(waitMs);
        int n = 0;
        while (true) {
            try {
                server.accept().close();
                n++;
            } catch (SocketTimeoutException e) {
                return n;
            }
        }
    }

    private void fail(String s) {
        synchronized (failures) {
            failures.add(s);
        }
    }

    private void run() {
        try (Socket accepted = server.accept()) {
            Socket s = accepted;
            s.setTcpNoDelay(true);
            s.setSoTimeout(readTimeoutMs);
            PushbackInputStream in = new PushbackInputStream(s.getInputStream(), 1);
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            for (int i = 0; i < script.size(); i++) {
                String line = script.get(i);
                if (line.startsWith("S: ") || line.startsWith("S~ ") || line.equals("S:")) {
                    pending.writeBytes(line.startsWith("S~ ") ? unescape(line.substring(3))
                            : (line.length() > 3 ? line.substring(3) + "\r\n" : "\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                    boolean nextIsServer = i + 1 < script.size() && (script.get(i + 1).startsWith("S: ")
                            || script.get(i + 1).startsWith("S~ "));
                    if (mode != Mode.WHOLE || !nextIsServer) {
                        try {
                            if (!write(s, in, out, pending.toByteArray())) {
                                finished = true;
                                return;
                            }
                        } catch (IOException e) {
                            if (onlyDrainFollows(i)) {
                                // The client was meant to abort here; it hung up while the bytes were going out.
                                finished = true;
                                return;
                            }
                            throw e;
                        }
                        pending.reset();
                    }
                    continue;
                }
                if (line.startsWith("C: ") || line.equals("C:")) {
                    String expected = line.length() > 3 ? line.substring(3) : "";
                    String got = readLine(in);
                    lastClientLine = got == null ? "" : got;
                    if (got == null) {
                        fail("line " + (i + 1) + ": expected \"" + expected + "\" but the client closed");
                        return;
                    }
                    if (!got.equals(expected + "\r\n")) {
                        fail("line " + (i + 1) + ": expected \"" + expected + "\\r\\n\" but got \""
                                + got.replace("\r", "\\r").replace("\n", "\\n") + "\"");
                        return;
                    }
                } else if (line.startsWith("C^ ")) {
                    String got = readLine(in);
                    lastClientLine = got == null ? "" : got;
                    if (got == null || !got.startsWith(line.substring(3)) || !got.endsWith("\r\n")) {
                        fail("line " + (i + 1) + ": expected a line starting \"" + line.substring(3) + "\" but got "
                                + (got == null ? "the end" : "\"" + got.replace("\r", "\\r").replace("\n", "\\n")
                                + "\""));
                        return;
                    }
                } else if (line.startsWith("CX: ")) {
                    byte[] expected = unescape(line.substring(4));
                    byte[] got = in.readNBytes(expected.length);
                    if (!java.util.Arrays.equals(expected, got)) {
                        fail("line " + (i + 1) + ": raw bytes differ: expected \"" + line.substring(4) + "\" got \""
                                + new String(got, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n")
                                + "\"");
                        return;
                    }
                } else if (line.equals("!starttls")) {
                    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), false);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    s = ssl;
                    in = new PushbackInputStream(ssl.getInputStream(), 1);
                    out = ssl.getOutputStream();
                } else if (line.equals("!tls-accept")) {
                    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), false);
                    ssl.setUseClientMode(false);
                    try {
                        ssl.startHandshake();
                    } catch (IOException e) {
                        // The client is expected to refuse this certificate.
                        finished = true;
                        return;
                    }
                    s = ssl;
                    in = new PushbackInputStream(ssl.getInputStream(), 1);
                    out = ssl.getOutputStream();
                } else if (line.equals("!read-until-dot")) {
                    // Consume a DATA body whatever its content, up to the terminating dot line.
                    String l;
                    while ((l = readLine(in)) != null && !l.equals(".\r\n")) {
                        continue;
                    }
                } else if (line.equals("!close")) {
                    s.close();
                    finished = true;
                    return;
                } else if (line.startsWith("!sleep ")) {
                    Thread.sleep(Long.parseLong(line.substring(7).strip()));
                } else if (line.equals("!expect-eof")) {
                    int b;
                    try {
                        b = in.read();
                    } catch (IOException e) {
                        b = -1;
                    }
                    if (b != -1) {
                        fail("line " + (i + 1) + ": expected the client to close, but it sent more");
                        return;
                    }
                } else if (line.startsWith("!drain")) {
                    // Read whatever the client still sends until it closes; used after injected faults.
                    try {
                        in.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException ignored) {
                        // The client closing hard is fine here.
                    }
                } else if (line.startsWith("!trickle ")) {
                    trickleMs = Integer.parseInt(line.substring(9).strip());
                } else if (line.equals("!under-tls")) {
                    out = accepted.getOutputStream();
                } else if (line.equals("!reset")) {
                    // SO_LINGER 0: closing sends a RST instead of a FIN; the try-with-resources does the close.
                    accepted.setSoLinger(true, 0);
                    finished = true;
                    return;
                } else if (line.startsWith("!read-bytes ")) {
                    int n = Integer.parseInt(line.substring(12).strip());
                    if (in.readNBytes(n).length < n) {
                        fail("line " + (i + 1) + ": the client closed before sending " + n + " bytes");
                        return;
                    }
                } else if (line.equals("!read-tls-record")) {
                    byte[] header = in.readNBytes(5);
                    if (header.length < 5 || header[0] != 0x16) {
                        fail("line " + (i + 1) + ": expected a TLS handshake record from the client");
                        return;
                    }
                    in.readNBytes(((header[3] & 0xff) << 8) | (header[4] & 0xff));
                } else if (line.equals("!tls12-alert-after-certificate")) {
                    if (!serverFlightThenAlert(in, out)) {
                        fail("line " + (i + 1) + ": the client closed during the TLS 1.2 handshake");
                        return;
                    }
                } else if (line.startsWith("!scram-server-first ")) {
                    String[] saltAndCount = line.substring(20).strip().split(" ");
                    String initial = lastClientLine.strip().substring(lastClientLine.strip().lastIndexOf(' ') + 1);
                    String clientFirst = new String(Base64.getDecoder().decode(initial), StandardCharsets.UTF_8);
                    String serverFirst = "r=" + clientFirst.substring(clientFirst.indexOf(",r=") + 3) + "server"
                            + ",s=" + saltAndCount[0] + ",i=" + saltAndCount[1];
                    String reply = "334 " + Base64.getEncoder().encodeToString(
                            serverFirst.getBytes(StandardCharsets.UTF_8)) + "\r\n";
                    if (!write(s, in, out, reply.getBytes(StandardCharsets.US_ASCII))) {
                        finished = true;
                        return;
                    }
                } else if (line.equals("!capture-until-dot")) {
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    String l;
                    while ((l = readLine(in)) != null && !l.equals(".\r\n")) {
                        body.writeBytes(l.getBytes(StandardCharsets.ISO_8859_1));
                    }
                    synchronized (bodies) {
                        bodies.add(body.toByteArray());
                    }
                } else if (line.startsWith("!flood-line ") || line.startsWith("!flood-ehlo ")) {
                    long n = Long.parseLong(line.substring(12).strip());
                    if (!flood(out, line.startsWith("!flood-line "), n)) {
                        finished = true;
                        return;
                    }
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    fail("unknown script line " + (i + 1) + ": " + line);
                    return;
                }
            }
            finished = true;
        } catch (SocketTimeoutException e) {
            fail("the client went silent (waited " + readTimeoutMs + " ms): " + e.getMessage());
        } catch (IOException | InterruptedException e) {
            fail("server error: " + e);
        }
    }

    /**
     * Plays a TLS 1.2 server up to its first flight (ServerHello to ServerHelloDone, the certificate included), reads
     * the client's answer up to its Finished, and sends a fatal internal_error alert in place of the server's own.
     * Returns false when the client closed first.
     */
    private boolean serverFlightThenAlert(InputStream in, OutputStream out) throws IOException {
        SSLEngine engine = tls.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(new String[] {"TLSv1.2"});
        engine.beginHandshake();
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        boolean helloRead = false;
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                        task.run();
                    }
                }
                case NEED_WRAP -> {
                    net.clear();
                    engine.wrap(ByteBuffer.allocate(0), net);
                    out.write(net.array(), 0, net.position());
                    out.flush();
                }
                case NEED_UNWRAP -> {
                    if (helloRead) {
                        // The client's key exchange, ChangeCipherSpec and Finished: read them all, so that closing
                        // later sends a FIN rather than a reset that could overtake the alert.
                        boolean changeCipherSpecSeen = false;
                        while (true) {
                            byte[] record = readTlsRecord(in);
                            if (record == null) {
                                return false;
                            }
                            if (changeCipherSpecSeen) {
                                break;
                            }
                            changeCipherSpecSeen = record[0] == 0x14;
                        }
                        out.write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50});
                        out.flush();
                        return true;
                    }
                    byte[] hello = readTlsRecord(in);
                    if (hello == null) {
                        return false;
                    }
                    engine.unwrap(ByteBuffer.wrap(hello), app);
                    helloRead = true;
                }
                default -> throw new IOException("unexpected TLS handshake status " + engine.getHandshakeStatus());
            }
        }
    }

    /** One whole TLS record, header included, or null at the end of the stream. */
    private static byte[] readTlsRecord(InputStream in) throws IOException {
        byte[] header = in.readNBytes(5);
        if (header.length < 5) {
            return null;
        }
        int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            return null;
        }
        byte[] record = java.util.Arrays.copyOf(header, 5 + length);
        System.arraycopy(body, 0, record, 5, length);
        return record;
    }

    /** True when the script has nothing after line {@code i} but draining what the client still sends. */
    private boolean onlyDrainFollows(int i) {
        return script.subList(i + 1, script.size()).stream()
                .allMatch(l -> l.isBlank() || l.startsWith("#") || l.startsWith("!drain"));
    }

    /** Writes as the mode and {@code !trickle} say; false when the client hung up during a trickle. */
    private boolean write(Socket s, PushbackInputStream in, OutputStream out, byte[] bytes)
            throws IOException {
        if (trickleMs > 0) {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                bytesWritten.incrementAndGet();
                if (clientHungUp(s, in, trickleMs)) {
                    return false;
                }
            }
        } else if (mode == Mode.BYTE) {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                bytesWritten.incrementAndGet();
            }
        } else {
            out.write(bytes);
            out.flush();
            bytesWritten.addAndGet(bytes.length);
        }
        return true;
    }

    /** Waits {@code ms} between trickled bytes, watching for the client to close; a byte it sends is kept. */
    private boolean clientHungUp(Socket s, PushbackInputStream in, int ms) throws IOException {
        long until = System.nanoTime() + ms * 1_000_000L;
        int timeout = s.getSoTimeout();
        try {
            long left;
            while ((left = (until - System.nanoTime()) / 1_000_000) > 0) {
                s.setSoTimeout((int) left);
                try {
                    int b = in.read();
                    if (b < 0) {
                        return true;
                    }
                    in.unread(b);
                    Thread.sleep(left);
                } catch (SocketTimeoutException e) {
                    // Nothing from the client: the pause is over.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            if (!s.isClosed()) {
                s.setSoTimeout(timeout);
            }
        }
    }

    /**
     * Streams a 10 MB-class reply line or a 100,000-keyword EHLO reply, generated piece by piece. Returns false
     * when the client hung up before the end, as a careful client does.
     */
    private boolean flood(OutputStream out, boolean line, long n) {
        byte[] chunk = new byte[64 * 1024];
        int used = 0;
        try {
            byte[] head = (line ? "250 " : "250-flood.example\r\n").getBytes(StandardCharsets.US_ASCII);
            out.write(head);
            bytesWritten.addAndGet(head.length);
            for (long k = 0; k < n; k++) {
                byte[] piece = line ? null : ("250" + (k == n - 1 ? ' ' : '-') + "X-KEYWORD-" + k + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                int len = line ? 1 : piece.length;
                if (used + len > chunk.length) {
                    out.write(chunk, 0, used);
                    bytesWritten.addAndGet(used);
                    used = 0;
                }
                if (line) {
                    chunk[used++] = 'a';
                } else {
                    System.arraycopy(piece, 0, chunk, used, len);
                    used += len;
                }
            }
            out.write(chunk, 0, used);
            bytesWritten.addAndGet(used);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            if (c == '\n') {
                return b.toString(StandardCharsets.UTF_8);
            }
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    /** Text with \r, \n, \t, \\ and \xHH escapes to bytes (UTF-8 for the rest). */
    public static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'r' -> out.write('\r');
                    case 'n' -> out.write('\n');
                    case 't' -> out.write('\t');
                    case '\\' -> out.write('\\');
                    case 'x' -> {
                        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    default -> throw new IllegalArgumentException("bad escape \\" + n);
                }
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
