package org.smtpexplorer.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' loopback SMTP sink for one session: writes the message to a file as it arrives (DATA un-stuffed, BDAT
 * chunks concatenated), so a large message never sits in the test's small heap (the lab server keeps messages in
 * memory, which a 64 MiB heap cannot hold twice), and keeps the command lines it received.
 */
public final class StreamingSink implements AutoCloseable {
    private final ServerSocket server;
    private final Path target;
    private final Thread thread;
    private final List<String> commands = new ArrayList<>();
    private volatile Exception failure;

    public StreamingSink(Path target) throws IOException {
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.target = target;
        this.thread = new Thread(this::serve, "streaming-sink");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Waits for the session to end; the command lines received, MAIL and RCPT included. */
    public List<String> await() throws Exception {
        thread.join(30_000);
        if (failure != null) {
            throw failure;
        }
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    private void serve() {
        try (Socket s = server.accept(); OutputStream file = new BufferedOutputStream(Files.newOutputStream(target))) {
            InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
            OutputStream out = s.getOutputStream();
            reply(out, "220 sink");
            String line;
            while ((line = readLine(in)) != null) {
                synchronized (commands) {
                    commands.add(line);
                }
                String verb = line.split(" ")[0].toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n"
                            + "250-CHUNKING\r\n250 SIZE 1073741824");
                    case "DATA" -> {
                        reply(out, "354 go");
                        for (String l = readLine(in); !l.equals("."); l = readLine(in)) {
                            file.write(((l.startsWith(".") ? l.substring(1) : l) + "\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
                        }
                        reply(out, "250 stored");
                    }
                    case "BDAT" -> {
                        long n = Long.parseLong(line.split(" ")[1]);
                        byte[] buf = new byte[65536];
                        while (n > 0) {
                            int k = in.read(buf, 0, (int) Math.min(buf.length, n));
                            file.write(buf, 0, k);
                            n -= k;
                        }
                        reply(out, "250 chunk stored");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Writes one reply line with its CRLF, and flushes. */
    public static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One line without its CRLF, bytes kept as ISO-8859-1 characters; null at the end of the stream. */
    public static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] a = b.toByteArray();
                int len = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                return new String(a, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
