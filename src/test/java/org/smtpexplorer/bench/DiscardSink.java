package org.smtpexplorer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A minimal ESMTP sink for benchmarks: offers PIPELINING and CHUNKING, reads DATA and BDAT and throws the bytes away
 * as fast as it can. Loopback only. With {@code --settle-ms N > 0} it also counts the client's waits: replies are held
 * while more input is arriving and sent only once the client has gone quiet for N ms; every such flush between MAIL and
 * the end-of-message reply is one round trip the client had to wait for. One JSON line per transaction on stdout, and
 * one at QUIT with the session time, from accept to QUIT, and where it went: when EHLO and MAIL were read, when the
 * first body byte was due and the last one read (micros since accept), and the accept's own {@link System#nanoTime()}
 * in micros, which a client's trace on the same machine can be lined up with.
 * <p>Usage: {@code DiscardSink --port-file F [--settle-ms 0] [--max-seconds 3600]}. Stops by itself after max-seconds.
 */
public final class DiscardSink {
    private static final byte[] EHLO = ("250-sink.test\r\n250-PIPELINING\r\n250-CHUNKING\r\n250-8BITMIME\r\n"
            + "250 ENHANCEDSTATUSCODES\r\n").getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int settleMillis;
    private final byte[] buf = new byte[1 << 20];
    private int pos;
    private int lim;
    private final byte[] pending = new byte[1 << 16];
    private int pendingLen;
    // Per transaction
    private boolean inTx;
    private boolean endQueued;
    private int waits;
    private int rcpts;
    private long bytes;
    private long txStart;
    private String mode = "";
    private final long accepted = System.nanoTime();
    // Phases of the session, micros since accept (-1 until seen): where a client's session time goes.
    private long ehloAt = -1;
    private long mailAt = -1;
    private long bodyAt = -1;
    private long bodyEndAt = -1;

    private DiscardSink(Socket socket, int settleMillis) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.settleMillis = settleMillis;
    }

    public static void main(String[] args) throws Exception {
        Path portFile = null;
        int settle = 0;
        long maxSeconds = 3600;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port-file" -> portFile = Path.of(args[++i]);
                case "--settle-ms" -> settle = Integer.parseInt(args[++i]);
                case "--max-seconds" -> maxSeconds = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        long stopAt = maxSeconds;
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(stopAt * 1000);
            } catch (InterruptedException ignored) {
                return;
            }
            System.exit(0);
        });
        killer.setDaemon(true);
        killer.start();
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        if (portFile != null) {
            Path tmp = Path.of(portFile + ".tmp");
            Files.writeString(tmp, Integer.toString(server.getLocalPort()));
            Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        PrintStream log = System.out;
        int settleMs = settle;
        while (true) {
            Socket s = server.accept();
            Thread t = new Thread(() -> {
                try (s) {
                    s.setSoTimeout(120_000);
                    s.setTcpNoDelay(true);
                    s.setReceiveBufferSize(4 << 20);
                    new DiscardSink(s, settleMs).session(log);
                } catch (IOException | RuntimeException e) {
                    synchronized (log) {
                        log.println("{\"error\":\"" + e.toString().replace('"', '\'') + "\"}");
                        log.flush();
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }
    }

    private void session(PrintStream log) throws IOException {
        reply("220 sink.test ESMTP discard sink\r\n");
        flush();
        while (true) {
            String line = readLine();
            if (line == null) {
                return;
            }
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("EHLO")) {
                ehloAt = sinceAccept();
                queue(EHLO, EHLO.length);
            } else if (upper.startsWith("HELO") || upper.startsWith("RSET") || upper.startsWith("NOOP")) {
                reply("250 2.0.0 OK\r\n");
            } else if (upper.startsWith("MAIL")) {
                inTx = true;
                endQueued = false;
                waits = 0;
                rcpts = 0;
                bytes = 0;
                txStart = System.nanoTime();
                mailAt = sinceAccept();
                reply("250 2.1.0 OK\r\n");
            } else if (upper.startsWith("RCPT")) {
                rcpts++;
                reply("250 2.1.5 OK\r\n");
            } else if (upper.startsWith("DATA")) {
                mode = "data";
                reply("354 go ahead\r\n");
                maybeFlush();
                bodyAt = sinceAccept();
                readDotTerminated();
                bodyEndAt = sinceAccept();
                reply("250 2.0.0 discarded\r\n");
                endQueued = true;
            } else if (upper.startsWith("BDAT")) {
                mode = "bdat";
                String[] parts = line.trim().split(" +");
                long n = Long.parseLong(parts[1]);
                if (bytes == 0) {
                    bodyAt = sinceAccept();
                }
                skip(n);
                bodyEndAt = sinceAccept();
                bytes += n;
                boolean last = parts.length > 2 && parts[2].equalsIgnoreCase("LAST");
                reply("250 2.0.0 " + n + " octets\r\n");
                endQueued |= last;
            } else if (upper.startsWith("QUIT")) {
                // The session time as the issue 14 figures count it: from the sink's accept to QUIT.
                long micros = sinceAccept();
                reply("221 2.0.0 bye\r\n");
                flush();
                System.out.println("{\"quit\":true,\"mode\":\"" + mode + "\",\"bytes\":" + bytes
                        + ",\"session_micros\":" + micros + ",\"accepted_abs\":" + accepted / 1000 + ",\"ehlo_at\":" + ehloAt + ",\"mail_at\":" + mailAt
                        + ",\"body_at\":" + bodyAt + ",\"body_end_at\":" + bodyEndAt + "}");
                System.out.flush();
                return;
            } else {
                reply("500 5.5.2 not understood\r\n");
            }
            if (endQueued && inTx) {
                maybeFlush();
            }
        }
    }

    private long sinceAccept() {
        return (System.nanoTime() - accepted) / 1000;
    }

    private void reply(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        queue(b, b.length);
    }

    private void queue(byte[] b, int len) throws IOException {
        if (pendingLen + len > pending.length) {
            flushNow();
        }
        System.arraycopy(b, 0, pending, pendingLen, len);
        pendingLen += len;
    }

    /** Sends the queued replies if the client has nothing more in flight (after settling, when counting). */
    private void maybeFlush() throws IOException {
        if (pendingLen == 0 || pos < lim) {
            return;
        }
        long deadline = System.nanoTime() + settleMillis * 1_000_000L;
        while (in.available() == 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (in.available() == 0) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (pendingLen == 0) {
            return;
        }
        if (inTx) {
            waits++;
        }
        flushNow();
        if (inTx && endQueued) {
            long micros = (System.nanoTime() - txStart) / 1000;
            System.out.println("{\"mode\":\"" + mode + "\",\"rcpts\":" + rcpts + ",\"bytes\":" + bytes
                    + ",\"waits\":" + waits + ",\"tx_micros\":" + micros + "}");
            System.out.flush();
            inTx = false;
            endQueued = false;
        }
    }

    private void flushNow() throws IOException {
        if (pendingLen > 0) {
            out.write(pending, 0, pendingLen);
            out.flush();
            pendingLen = 0;
        }
    }

    private boolean fill() throws IOException {
        if (pos < lim) {
            return true;
        }
        maybeFlush();
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (!fill()) {
                return null;
            }
            while (pos < lim) {
                byte b = buf[pos++];
                if (b == '\n') {
                    int len = sb.length();
                    return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
                }
                if (sb.length() > 4096) {
                    throw new IOException("command line too long");
                }
                sb.append((char) (b & 0xff));
            }
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == lim) {
                int r = in.read(buf, 0, buf.length);
                if (r <= 0) {
                    throw new IOException("EOF in BDAT chunk");
                }
                pos = 0;
                lim = r;
            }
            int take = (int) Math.min(n, lim - pos);
            pos += take;
            n -= take;
        }
    }

    /** Reads up to and including CRLF.CRLF; the state counts how much of it has been matched (starts after CRLF). */
    private void readDotTerminated() throws IOException {
        int state = 2;
        while (true) {
            if (pos == lim) {
                int r = in.read(buf, 0, buf.length);
                if (r <= 0) {
                    throw new IOException("EOF in DATA");
                }
                pos = 0;
                lim = r;
            }
            byte[] b = buf;
            int p = pos;
            int l = lim;
            while (p < l) {
                if (state == 0) {
                    // Fast path: most bytes are not CR.
                    while (p < l && b[p] != '\r') {
                        p++;
                    }
                    if (p == l) {
                        break;
                    }
                }
                byte c = b[p++];
                switch (state) {
                    case 0 -> state = c == '\r' ? 1 : 0;
                    case 1 -> state = c == '\n' ? 2 : c == '\r' ? 1 : 0;
                    case 2 -> state = c == '.' ? 3 : c == '\r' ? 1 : 0;
                    case 3 -> state = c == '\r' ? 4 : 0;
                    case 4 -> {
                        if (c == '\n') {
                            bytes += p - pos;
                            pos = p;
                            return;
                        }
                        state = c == '\r' ? 1 : 0;
                    }
                    default -> throw new IllegalStateException();
                }
            }
            bytes += p - pos;
            pos = p;
        }
    }
}
