package org.smtpexplorer.bench;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.TlsSettings;

/**
 * One timed send, for bench/bench.py. Prints one line: {@code elapsed_micros bytes status send_only_micros}.
 * <ul>
 *   <li>{@code SendOnce smtpx PORT FILE data|bdat RCPTS}: in-process, through {@link Session}: elapsed covers
 *   {@code MessageSource.of} (which reads the whole file once to scan its traits) and {@code send()} (connect to
 *   QUIT); send_only covers {@code send()} alone.</li>
 *   <li>{@code SendOnce raw PORT FILE data|bdat}: the raw limit: the same bytes written to the same sink with
 *   sendfile (FileChannel.transferTo), the commands pipelined, no parsing; connect to the 221.</li>
 * </ul>
 */
public final class SendOnce {
    private SendOnce() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int port = Integer.parseInt(args[1]);
        Path file = Path.of(args[2]);
        String transfer = args[3];
        int rcpts = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        long size = Files.size(file);
        long t0 = System.nanoTime();
        long sendStart = t0;
        String status;
        if (kind.equals("smtpx")) {
            SendRequest.Builder r = SendRequest.builder();
            r.connection(ConnectOptions.of("127.0.0.1", port, SecurityMode.NONE, TlsSettings.verified()));
            r.from("a@x.test");
            List<String> to = new ArrayList<>();
            for (int i = 0; i < rcpts; i++) {
                to.add("b" + i + "@y.test");
            }
            r.to(to);
            r.transfer(transfer.equals("bdat") ? SendRequest.Transfer.BDAT : SendRequest.Transfer.DATA);
            t0 = System.nanoTime();
            r.message(MessageSource.of(file));
            sendStart = System.nanoTime();
            SendResult result = new Session(r.build(), new Transcript()).send();
            status = result.status().name();
        } else if (kind.equals("raw")) {
            status = raw(port, file, size, transfer.equals("bdat"));
        } else {
            throw new IllegalArgumentException(kind);
        }
        long end = System.nanoTime();
        System.out.println((end - t0) / 1000 + " " + size + " " + status + " " + (end - sendStart) / 1000);
    }

    private static String raw(int port, Path file, long size, boolean bdat) throws Exception {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
             FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.socket().setTcpNoDelay(true);
            Socket s = ch.socket();
            String head = "EHLO raw\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<b@y.test>\r\n"
                    + (bdat ? "BDAT " + size + " LAST\r\n" : "DATA\r\n");
            write(ch, head);
            long done = 0;
            while (done < size) {
                done += fc.transferTo(done, size - done, ch);
            }
            write(ch, (bdat ? "" : ".\r\n") + "QUIT\r\n");
            InputStream in = s.getInputStream();
            StringBuilder replies = new StringBuilder();
            byte[] b = new byte[8192];
            int n;
            while ((n = in.read(b)) > 0) {
                replies.append(new String(b, 0, n, StandardCharsets.US_ASCII));
                if (replies.indexOf("221 ") >= 0) {
                    break;
                }
            }
            return replies.indexOf("250 2.0.0") >= 0 ? "SENT" : "FAILED:" + replies;
        }
    }

    private static void write(SocketChannel ch, String s) throws Exception {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
        while (bb.hasRemaining()) {
            ch.write(bb);
        }
    }

}
