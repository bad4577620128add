package org.smtpexplorer.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.smtpexplorer.engine.SmtpException;

/**
 * One HTTPS GET, as strict as a policy fetch must be (MTA-STS, RFC 8461 §3.3): the certificate is verified against
 * the host name (system roots plus the PEMs of {@link TlsSettings}; never insecure), redirects are not followed, the
 * body has a size limit and the whole exchange a deadline. It connects to the addresses given, found by the caller's
 * own DNS lookup, which is why it is not {@code java.net.http.HttpClient}: that one resolves names only through the
 * system.
 */
public final class HttpsGet {
    /** Longest status line plus headers accepted. */
    private static final int MAX_HEAD = 16 * 1024;

    private HttpsGet() {
    }

    /**
     * What the server answered.
     *
     * @param status      the HTTP status code
     * @param headers     header names in lower case, the last value of each
     * @param body        the body, decoded from chunked transfer coding when it was so sent
     * @param tls         the TLS session, certificate chain and verdict
     */
    public record Response(int status, Map<String, String> headers, byte[] body, TlsInfo tls) {
        public Response {
            headers = Map.copyOf(headers);
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        /** A header's value, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Why the fetch failed, in words for people. */
    public static final class HttpsException extends IOException {
        private static final long serialVersionUID = 1L;

        public HttpsException(String message) {
            super(message);
        }

        public HttpsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * GETs {@code https://host:port/path}.
     *
     * @param addresses IP literals to try in turn
     * @param maxBody   the most body bytes accepted; a longer body is an error
     * @param timeout   for everything: connecting, the handshake and reading the whole response
     */
    public static Response get(String host, List<String> addresses, int port, String path, TlsSettings trust,
                               Duration timeout, int maxBody) throws HttpsException {
        if (trust.insecure()) {
            throw new IllegalArgumentException("a policy fetch always verifies the certificate");
        }
        if (addresses.isEmpty()) {
            throw new HttpsException(host + " has no address");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Socket plain = null;
        IOException last = null;
        for (String a : addresses) {
            int left = remainingMillis(deadline);
            if (left <= 0) {
                break;
            }
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getByName(a), port), left);
                plain = s;
                break;
            } catch (IOException e) {
                last = e;
                closeQuietly(s);
            }
        }
        if (plain == null) {
            throw new HttpsException("cannot connect to " + host + " port " + port + " (" + String.join(", ",
                    addresses) + "): " + (last == null ? "timed out" : TrustFactory.reason(last)), last);
        }
        TrustFactory.RecordingTrustManager tm;
        try {
            tm = TrustFactory.trustManager(trust);
        } catch (SmtpException e) {
            closeQuietly(plain);
            throw new HttpsException(e.getMessage(), e);
        }
        try (SSLSocket ssl = (SSLSocket) TrustFactory.context(tm).getSocketFactory().createSocket(plain, host, port,
                true)) {
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setServerNames(List.of(new SNIHostName(host)));
            ssl.setSSLParameters(params);
            ssl.setSoTimeout(Math.max(1, remainingMillis(deadline)));
            try {
                ssl.startHandshake();
            } catch (IOException e) {
                if (e instanceof SocketTimeoutException) {
                    throw new HttpsException("the TLS handshake with " + host + " did not finish in time", e);
                }
                throw new HttpsException("TLS handshake with " + host + " failed: " + (tm.failure != null
                        ? "certificate not trusted: " + tm.failure : TrustFactory.reason(e)), e);
            }
            var session = ssl.getSession();
            TlsInfo tls = new TlsInfo(session.getProtocol(), session.getCipherSuite(), List.of(tm.chain), true,
                    "trusted chain, and the certificate names " + host, false, host);
            OutputStream out = ssl.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + (port == 443 ? "" : ":" + port)
                    + "\r\nUser-Agent: smtp-explorer\r\nAccept: text/plain\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(new DeadlineInput(ssl, deadline), tls, maxBody, host);
        } catch (SocketTimeoutException e) {
            throw new HttpsException("no complete answer from " + host + " within " + (timeout.toMillis() % 1000 == 0
                    ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms"), e);
        } catch (HttpsException e) {
            throw e;
        } catch (IOException e) {
            throw new HttpsException("reading from " + host + " failed: " + TrustFactory.reason(e), e);
        }
    }

    private static Response read(DeadlineInput in, TlsInfo tls, int maxBody, String host) throws IOException {
        String statusLine = in.line(MAX_HEAD);
        if (statusLine == null) {
            throw new HttpsException(host + " closed the connection without answering");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
            throw new HttpsException(host + " did not answer in HTTP/1.x: \"" + printable(statusLine) + "\"");
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        int headBytes = statusLine.length();
        while (true) {
            String line = in.line(MAX_HEAD - headBytes);
            if (line == null) {
                throw new HttpsException(host + " closed the connection in the middle of the headers");
            }
            headBytes += line.length() + 2;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HttpsException(host + " sent a malformed header line: \"" + printable(line) + "\"");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        byte[] body;
        String te = headers.get("transfer-encoding");
        String length = headers.get("content-length");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in, maxBody, host);
        } else if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new HttpsException(host + " sent a Content-Length that is not a number: \"" + printable(length)
                        + "\"");
            }
            if (n > maxBody) {
                throw new HttpsException("the body is " + n + " bytes, over the limit of " + maxBody);
            }
            body = in.exactly((int) n, host);
        } else {
            body = in.toEnd(maxBody);
        }
        return new Response(status, headers, body, tls);
    }

    private static byte[] chunked(DeadlineInput in, int maxBody, String host) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = in.line(1024);
            if (sizeLine == null) {
                throw new HttpsException(host + " closed the connection in the middle of a chunked body");
            }
            String hex = sizeLine.split(";", 2)[0].strip();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new HttpsException(host + " sent a bad chunk size: \"" + printable(sizeLine) + "\"");
            }
            if (size < 0 || body.size() + (long) size > maxBody) {
                throw new HttpsException("the body is over the limit of " + maxBody + " bytes");
            }
            if (size == 0) {
                // Trailer fields, up to the empty line.
                String trailer;
                do {
                    trailer = in.line(MAX_HEAD);
                } while (trailer != null && !trailer.isEmpty());
                return body.toByteArray();
            }
            body.write(in.exactly(size, host));
            String end = in.line(2);
            if (end == null || !end.isEmpty()) {
                throw new HttpsException(host + " sent a chunk longer than its size said");
            }
        }
    }

    /** Reads with the whole exchange's deadline: each read waits only for what is left of it. */
    private static final class DeadlineInput {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;

        DeadlineInput(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.deadline = deadline;
        }

        int read() throws IOException {
            int left = remainingMillis(deadline);
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout(left);
            return in.read();
        }

        /** A line without its CRLF (or bare LF); null at the end of the stream before any byte. */
        String line(int max) throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int b = read();
                if (b < 0) {
                    return sb.length() == 0 ? null : sb.toString();
                }
                if (b == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                if (sb.length() >= max) {
                    throw new HttpsException("a header line is longer than " + max + " bytes");
                }
                sb.append((char) b);
            }
        }

        byte[] exactly(int n, String host) throws IOException {
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                int b = read();
                if (b < 0) {
                    throw new HttpsException(host + " closed the connection after " + i + " of " + n
                            + " body bytes");
                }
                out[i] = (byte) b;
            }
            return out;
        }

        byte[] toEnd(int max) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int b;
            while ((b = read()) >= 0) {
                if (out.size() >= max) {
                    throw new HttpsException("the body is over the limit of " + max + " bytes");
                }
                out.write(b);
            }
            return out.toByteArray();
        }
    }

    private static int remainingMillis(long deadline) {
        return (int) Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime()) / 1_000_000);
    }

    private static String printable(String s) {
        String t = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Nothing was sent on it.
        }
    }
}
