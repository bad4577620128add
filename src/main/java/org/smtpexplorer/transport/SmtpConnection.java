package org.smtpexplorer.transport;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.smtpexplorer.engine.ClientProtocol;
import org.smtpexplorer.engine.DotStuffer;
import org.smtpexplorer.engine.Exchange;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.MalformedReplyException;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.engine.Verb;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * One SMTP connection: the socket loop around a {@link ClientProtocol}. Blocking; meant to run on one worker
 * thread, while {@link #cancel()} may be called from any thread. Every byte written or read is tapped into the
 * transcript above TLS. Every reply has a total deadline, however slowly its bytes trickle in, and so has every
 * write and the TLS handshake: a {@link Watchdog} closes the socket when one overruns.
 */
public final class SmtpConnection implements Closeable {
    /**
     * Gathers commands (a pipelined flight goes out in one segment). Payload writes this long or longer pass
     * straight to the socket: the dot-stuffer and the BDAT loop hand over whole buffers, which need no second copy.
     */
    private static final int COMMAND_BUFFER = 8 * 1024;
    /**
     * What one sendfile call is first asked to move, and the least: a slice is one write, which must end within the
     * reply timeout (a blocked sendfile shows no progress until it returns), and progress is reported between
     * slices. This much goes in a fraction of a second even at a few megabits per second.
     */
    static final long FIRST_FILE_SLICE = 256 * 1024;
    /**
     * The most one sendfile call is asked to move, once slices go fast. A slice is a wait for the socket to drain
     * and a wake-up: on loopback, 256 KiB slices made a 134 MiB chunk take a third longer than one sendfile call for
     * all of it; 1 MiB slices were as fast as that (README, "Benchmarks").
     */
    static final long MAX_FILE_SLICE = 1024 * 1024;
    private final ConnectOptions options;
    private final Transcript transcript;
    private final ClientProtocol protocol = new ClientProtocol();
    private final Deque<Exchange> received = new ArrayDeque<>();
    private final Map<Integer, Long> flightSentNanos = new HashMap<>();
    private final byte[] buffer = new byte[16 * 1024];
    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;
    private TlsInfo tlsInfo;
    private volatile boolean cancelled;
    /** The socket a TCP connect is under way on, for {@link #cancel()}; null once connected. */
    private volatile Socket connecting;
    private volatile boolean overran;
    /** When the write under way must have ended ({@link System#nanoTime()}), or 0 when none is under way. */
    private volatile long writeDeadline;
    /** A watchdog check of {@link #writeDeadline} is scheduled. */
    private final AtomicBoolean writeGuardArmed = new AtomicBoolean();
    /** The socket is to be a channel's when the connection may stay plain ({@link #mayStayPlain()}). */
    private boolean forSendFile = true;
    /** What the next sendfile call is asked to move ({@link #nextFileSlice}). */
    private long fileSlice = FIRST_FILE_SLICE;

    private final TlsCheck tlsCheck;

    private SmtpConnection(ConnectOptions options, Transcript transcript, TlsCheck tlsCheck) {
        this.options = options;
        this.transcript = transcript;
        this.tlsCheck = tlsCheck;
    }

    /** Opens the TCP connection (and, for implicit TLS, the TLS session). The greeting is read by the caller. */
    public static SmtpConnection open(ConnectOptions options, Transcript transcript) {
        return open(options, transcript, null);
    }

    /** As {@link #open(ConnectOptions, Transcript)}, with {@code tlsCheck} (may be null) run after each handshake. */
    public static SmtpConnection open(ConnectOptions options, Transcript transcript, TlsCheck tlsCheck) {
        SmtpConnection c = unopened(options, transcript, tlsCheck, true);
        c.connect();
        return c;
    }

    /**
     * A connection not opened yet: the caller keeps it, then calls {@link #connect()}, so that {@link #cancel()} from
     * another thread can end a TCP connect or an implicit TLS handshake under way rather than wait for its timeout.
     * With {@code forSendFile} false the socket is a plain one even where a message could go in clear, and
     * {@link #canSendFile()} says no: for a message known to be small.
     */
    static SmtpConnection unopened(ConnectOptions options, Transcript transcript, TlsCheck tlsCheck,
                                   boolean forSendFile) {
        SmtpConnection c = new SmtpConnection(options, transcript, tlsCheck);
        c.forSendFile = forSendFile;
        return c;
    }

    public ClientProtocol protocol() {
        return protocol;
    }

    public Transcript transcript() {
        return transcript;
    }

    public ConnectOptions options() {
        return options;
    }

    /** The TLS result, or null while the connection is plain. */
    public TlsInfo tlsInfo() {
        return tlsInfo;
    }

    /** Opens the TCP connection (and, for implicit TLS, the TLS session), once. */
    void connect() {
        long lookupStarted = System.nanoTime();
        List<InetAddress> addresses = resolve();
        Long lookupMicros = (System.nanoTime() - lookupStarted) / 1000;
        long deadline = System.nanoTime() + options.connectTimeout().toNanos();
        IOException last = null;
        for (InetAddress address : addresses) {
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0 || cancelled) {
                break;
            }
            transcript.connect(options.host(), address.getHostAddress(), options.port(), lookupMicros);
            lookupMicros = null;
            Socket s = null;
            try {
                s = forSendFile && mayStayPlain() ? SocketChannel.open().socket() : new Socket();
                s.setTcpNoDelay(true);
                connecting = s;
                if (cancelled) {
                    throw new SocketException("cancelled");
                }
                s.connect(new InetSocketAddress(address, options.port()), (int) Math.max(1, remainingMs));
                socket = s;
                connecting = null;
                in = s.getInputStream();
                out = new BufferedOutputStream(s.getOutputStream(), COMMAND_BUFFER);
                break;
            } catch (IOException e) {
                last = e;
                closeQuietly(s);
                transcript.note("Could not connect to [" + address.getHostAddress() + "]:" + options.port() + ": "
                        + describe(e));
                if (cancelled) {
                    break;
                }
            }
        }
        if (socket == null) {
            String why = cancelled ? "cancelled" : last == null ? "timed out" : describe(last);
            throw fail(new SmtpException(last instanceof SocketTimeoutException ? FailureClass.TIMEOUT
                    : FailureClass.CONNECT, "cannot connect to " + options.host() + ":" + options.port() + ": " + why,
                    null, last));
        }
        transcript.note("Connected to " + socket.getRemoteSocketAddress() + " from " + socket.getLocalSocketAddress());
        if (options.port() == 465 && options.security() != SecurityMode.IMPLICIT) {
            transcript.note("Warning: port 465 is the submission port with implicit TLS (RFC 8314 §3.3): such a"
                    + " server waits for a TLS handshake and sends no greeting in plain text; use implicit TLS");
        }
        if (options.security() == SecurityMode.IMPLICIT) {
            handshake(deadline);
        }
        protocol.connectionOpened(options.security() == SecurityMode.IMPLICIT);
    }

    /**
     * Whether the connection may carry a message in clear, and so send a file with sendfile: then its socket is a
     * channel's, used as a Socket otherwise. A connection that is to be TLS gets a plain Socket, which costs less
     * to open (a channel looks up its provider with a ServiceLoader, slow on a long class path).
     */
    private boolean mayStayPlain() {
        return options.security() == SecurityMode.NONE || options.security() == SecurityMode.STARTTLS_IF_AVAILABLE;
    }

    private List<InetAddress> resolve() {
        try {
            List<InetAddress> all = new ArrayList<>();
            if (options.addresses().isEmpty()) {
                all.addAll(Arrays.asList(InetAddress.getAllByName(options.host())));
            } else {
                // IP literals: getByName parses them, it looks nothing up.
                for (String a : options.addresses()) {
                    all.add(InetAddress.getByName(a));
                }
            }
            String family = options.ipFamily() == null ? "any" : options.ipFamily();
            if (family.equals("ipv4")) {
                all.removeIf(a -> !(a instanceof Inet4Address));
            } else if (family.equals("ipv6")) {
                all.removeIf(a -> !(a instanceof Inet6Address));
            }
            if (all.isEmpty()) {
                throw fail(new SmtpException(FailureClass.CONNECT, options.host() + " has no " + family
                        + " address"));
            }
            return all;
        } catch (UnknownHostException e) {
            throw fail(new SmtpException(FailureClass.CONNECT, "cannot resolve host name \"" + options.host()
                    + "\"", null, e));
        }
    }

    /** Reads the greeting (the reply to connecting). */
    public Exchange readGreeting() {
        return readReply();
    }

    /** Sends one command and waits for its reply. */
    public Exchange execute(SmtpCommand command) {
        return execute(command, false);
    }

    public Exchange execute(SmtpCommand command, boolean force) {
        send(List.of(command), force);
        return readReply();
    }

    /** Sends without waiting: the replies are read later with {@link #readReply()}. Returns the flight number. */
    public int send(List<SmtpCommand> commands, boolean force) {
        ClientProtocol.Flight flight;
        try {
            flight = protocol.sendFlight(commands, force);
        } catch (SmtpException e) {
            transcript.error(e.getMessage(), e.failureClass().name());
            throw e;
        }
        for (SmtpCommand c : flight.commands()) {
            transcript.client(c, flight.number());
        }
        flightSentNanos.put(flight.number(), System.nanoTime());
        write(flight.bytes(), 0, flight.bytes().length);
        flush();
        return flight.number();
    }

    /** The output stream for streaming payloads; callers flush through {@link #flush()}. */
    public OutputStream payloadStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                SmtpConnection.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                SmtpConnection.this.write(b, off, len);
            }
        };
    }

    /** Ends the DATA body: writes the terminator and expects the final reply. */
    public void endData(DotStuffer stuffer) {
        byte[] end = protocol.endData(stuffer);
        flightSentNanos.put(-1, System.nanoTime());
        write(end, 0, end.length);
        flush();
    }

    public void flush() {
        startWrite();
        try {
            out.flush();
        } catch (IOException e) {
            throw fail(overran ? sendOverdue(e) : ioFailure("sending", e));
        } finally {
            writeDeadline = 0;
        }
    }

    private void write(byte[] bytes, int off, int len) {
        if (cancelled) {
            throw fail(new SmtpException(FailureClass.IO, "cancelled"));
        }
        startWrite();
        try {
            out.write(bytes, off, len);
        } catch (IOException e) {
            throw fail(overran ? sendOverdue(e) : ioFailure("sending", e));
        } finally {
            writeDeadline = 0;
        }
    }

    /**
     * Gives the write about to start its deadline. Writes come by the thousand in a large message, so they do not
     * each schedule and cancel a guard: one watchdog check at a time looks at the deadline of the write under way,
     * if any, when the earliest could be due (see {@link #checkWrite()}).
     */
    private void startWrite() {
        long deadline = System.nanoTime() + options.replyTimeout().toNanos();
        writeDeadline = deadline == 0 ? 1 : deadline;
        if (writeGuardArmed.compareAndSet(false, true)) {
            Watchdog.at(deadline, this::checkWrite);
        }
    }

    /** On the watchdog's thread: closes the socket under a write that is overdue, or looks again when it may be. */
    private void checkWrite() {
        long deadline = writeDeadline;
        if (deadline == 0) {
            writeGuardArmed.set(false);
            // A write that started between the two lines above saw the check still armed: arm it for that write.
            long started = writeDeadline;
            if (started != 0 && writeGuardArmed.compareAndSet(false, true)) {
                Watchdog.at(started, this::checkWrite);
            }
        } else if (System.nanoTime() - deadline >= 0) {
            overran = true;
            abort();
        } else {
            Watchdog.at(deadline, this::checkWrite);
        }
    }

    /** True on a plain TCP connection, where a file can go to the socket with {@link #sendFile}. */
    public boolean canSendFile() {
        return tlsInfo == null && socket.getChannel() != null;
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code position} as they are, with sendfile: from the page
     * cache to the socket, never through the JVM. It goes in slices, each a write with its deadline like any other;
     * closing a socket does not end a sendfile blocked on it, so the watchdog and {@link #cancel()} shut its output
     * down first ({@link #abort()}). Returns the bytes sent, fewer than {@code count} if the file ended first;
     * {@code sent} is told each amount as it goes out.
     */
    public long sendFile(FileChannel file, long position, long count, LongConsumer sent) {
        if (cancelled) {
            throw fail(new SmtpException(FailureClass.IO, "cancelled"));
        }
        flush();
        SocketChannel channel = socket.getChannel();
        long done = 0;
        try {
            while (done < count) {
                long n;
                long slice = Math.min(count - done, fileSlice);
                long started = System.nanoTime();
                startWrite();
                try {
                    n = file.transferTo(position + done, slice, channel);
                } finally {
                    writeDeadline = 0;
                }
                if (n == slice) {
                    fileSlice = nextFileSlice(fileSlice, System.nanoTime() - started, options.replyTimeout());
                }
                if (n > 0) {
                    done += n;
                    sent.accept(n);
                } else if (position + done >= file.size()) {
                    break;
                } else {
                    throw new IOException("sendfile moved nothing");
                }
            }
        } catch (IOException e) {
            throw fail(overran ? sendOverdue(e) : ioFailure("sending", e));
        }
        return done;
    }

    /**
     * The slice after one of {@code slice} bytes that took {@code tookNanos}: twice as large (up to
     * {@link #MAX_FILE_SLICE}) when it went in under 1/64 of the reply timeout, so that a doubled one still ends well
     * within it at the same rate; back to {@link #FIRST_FILE_SLICE} when it took over 1/16; else the same.
     */
    static long nextFileSlice(long slice, long tookNanos, Duration replyTimeout) {
        long timeout = replyTimeout.toNanos();
        if (tookNanos < timeout / 64) {
            return Math.min(MAX_FILE_SLICE, slice * 2);
        }
        return tookNanos > timeout / 16 ? FIRST_FILE_SLICE : slice;
    }

    /** Closes the socket at {@code deadline} unless the guard is cancelled first. */
    private ScheduledFuture<?> guard(long deadline) {
        return Watchdog.at(deadline, () -> {
            overran = true;
            closeQuietly(socket);
        });
    }

    private SmtpException sendOverdue(IOException e) {
        return new SmtpException(FailureClass.TIMEOUT, "sending did not progress within "
                + options.replyTimeout().toSeconds() + " s: the server stopped reading", null, e);
    }

    private SmtpException replyOverdue() {
        String hint = protocol.hasPartialInput() ? " (part of a reply arrived, but not its end)"
                : protocol.state() == SessionState.CONNECTED && options.security() != SecurityMode.IMPLICIT
                ? " (no greeting at all: if this port expects TLS from the first byte, as 465 usually does, use"
                + " implicit TLS: --security implicit)" : "";
        return new SmtpException(FailureClass.TIMEOUT, "no complete reply within "
                + options.replyTimeout().toSeconds() + " s" + hint);
    }

    /** Reads the next reply, within the reply deadline. */
    public Exchange readReply() {
        long deadline = System.nanoTime() + options.replyTimeout().toNanos();
        readUntilReply(deadline, false);
        return received.poll();
    }

    /** Reads until a reply is complete; the guard ends a TLS read that trickles past the deadline. */
    private void readUntilReply(long deadline, boolean exact) {
        if (!received.isEmpty()) {
            return;
        }
        ScheduledFuture<?> guard = guard(deadline);
        try {
            while (received.isEmpty()) {
                readSome(deadline, exact);
            }
        } finally {
            guard.cancel(false);
        }
    }

    /**
     * The raw path of the SMTP smuggling probe, and of nothing else: the engine's framing is given up on purpose.
     * The protocol object is marked broken first, since nothing framed can follow (where the server stands after
     * these bytes is exactly what the caller wants to find out); then {@code bytes} go out exactly as given; then
     * every reply is read with a fresh strict, bounded {@link ReplyParser}, matched to no command, until a 221
     * (the answer to QUIT, which nothing else in a session gives), the server closes the connection, no reply
     * comes within the reply timeout, or {@code maxReplies} came. Each reply goes into the transcript answering
     * nothing, with its latency from the write. The connection is closed at the end.
     */
    UnframedReplies sendUnframed(byte[] bytes, int maxReplies) {
        protocol.fail();
        long sent = System.nanoTime();
        write(bytes, 0, bytes.length);
        flush();
        ReplyParser parser = new ReplyParser();
        List<SmtpReply> replies = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + options.replyTimeout().toNanos();
            while (true) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || overran) {
                    return unframedOverdue(replies, parser);
                }
                int n;
                ScheduledFuture<?> guard = guard(deadline);
                try {
                    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining / 1_000_000)));
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    continue;
                } finally {
                    guard.cancel(false);
                }
                if (n < 0) {
                    return overran ? unframedOverdue(replies, parser) : unframedEnd(replies,
                            UnframedReplies.End.CLOSED, "the server closed the connection", parser);
                }
                List<SmtpReply> arrived;
                try {
                    arrived = parser.feed(buffer, 0, n);
                } catch (MalformedReplyException e) {
                    long latency = (System.nanoTime() - sent) / 1000;
                    for (SmtpReply r : e.completed()) {
                        transcript.server(r, null, 0, latency);
                        replies.add(r);
                    }
                    transcript.error(e.getMessage(), FailureClass.PROTOCOL.name(), e.bytes());
                    return new UnframedReplies(replies, UnframedReplies.End.MALFORMED, e.getMessage());
                }
                long latency = (System.nanoTime() - sent) / 1000;
                for (SmtpReply r : arrived) {
                    transcript.server(r, null, 0, latency);
                    replies.add(r);
                    if (r.code() == 221) {
                        return new UnframedReplies(replies, UnframedReplies.End.QUIT_ANSWERED, null);
                    }
                    if (replies.size() >= maxReplies) {
                        return unframedEnd(replies, UnframedReplies.End.TOO_MANY, "more than " + maxReplies
                                + " replies; the rest were not read", parser);
                    }
                }
                if (!arrived.isEmpty()) {
                    deadline = System.nanoTime() + options.replyTimeout().toNanos();
                }
            }
        } catch (IOException e) {
            // The guard closes the socket under a read that trickles past the deadline: that is a timeout too.
            return overran ? unframedOverdue(replies, parser)
                    : unframedEnd(replies, UnframedReplies.End.FAILED, ioFailure("reading", e).getMessage(), parser);
        } finally {
            closeQuietly(socket);
        }
    }

    private UnframedReplies unframedOverdue(List<SmtpReply> replies, ReplyParser parser) {
        return unframedEnd(replies, UnframedReplies.End.TIMED_OUT, "no " + (replies.isEmpty() ? "reply"
                : "further reply") + " within " + options.replyTimeout().toSeconds() + " s", parser);
    }

    /** Ends an unframed read: what happened goes into the transcript, with the bytes of any reply cut short. */
    private UnframedReplies unframedEnd(List<SmtpReply> replies, UnframedReplies.End end, String detail,
                                        ReplyParser parser) {
        byte[] partial = parser.partialReply();
        if (partial.length > 0) {
            transcript.error(detail + ", in the middle of a reply", end.name(), partial);
        } else {
            transcript.note(Character.toUpperCase(detail.charAt(0)) + detail.substring(1));
        }
        return new UnframedReplies(replies, end, detail + (partial.length > 0 ? ", in the middle of a reply" : ""));
    }

    /** Replies that have already arrived, without waiting for more. */
    public List<Exchange> pollReplies() {
        try {
            while (in.available() > 0) {
                readSome(System.nanoTime() + options.replyTimeout().toNanos(), false);
            }
        } catch (IOException e) {
            throw fail(ioFailure("reading", e));
        }
        List<Exchange> out = new ArrayList<>(received);
        received.clear();
        return out;
    }

    private void readSome(long deadline, boolean exact) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw failWithPartialReply(replyOverdue());
        }
        int n;
        try {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining / 1_000_000)));
            n = in.read(buffer, 0, exact ? 1 : buffer.length);
        } catch (SocketTimeoutException e) {
            return;
        } catch (IOException e) {
            throw failWithPartialReply(overran ? replyOverdue() : ioFailure("reading", e));
        }
        if (n < 0) {
            if (overran) {
                // An SSL socket closed by the watchdog reads as the end of the stream rather than failing.
                throw failWithPartialReply(replyOverdue());
            }
            if (cancelled) {
                // So does one closed by cancel(): the server did not close it.
                throw failWithPartialReply(new SmtpException(FailureClass.IO, "cancelled"));
            }
            SmtpException closed = protocol.closedByServer();
            if (closed != null) {
                throw fail(closed);
            }
            String pending = protocol.pendingReplies() > 0 ? " while " + protocol.pendingReplies()
                    + " repl" + (protocol.pendingReplies() == 1 ? "y was" : "ies were") + " still expected" : "";
            throw failWithPartialReply(new SmtpException(FailureClass.IO, "the server closed the connection"
                    + pending + (protocol.hasPartialInput() ? ", in the middle of a reply" : "")));
        }
        deliver(buffer, 0, n);
    }

    private void deliver(byte[] bytes, int off, int len) {
        List<Exchange> exchanges;
        try {
            exchanges = protocol.receive(bytes, off, len);
        } catch (MalformedReplyException e) {
            record(e.exchanges());
            throw fail(e, e.bytes());
        } catch (SmtpException e) {
            throw fail(e, e.reply() == null ? null : e.reply().raw());
        }
        record(exchanges);
    }

    /** Puts replies in the transcript with their latency and makes them available to readers. */
    private void record(List<Exchange> exchanges) {
        long now = System.nanoTime();
        for (Exchange x : exchanges) {
            Long sent = x.command() != null && x.command().verb() == Verb.END_OF_DATA ? flightSentNanos.get(-1)
                    : flightSentNanos.get(x.flight());
            Long latency = sent == null ? null : (now - sent) / 1000;
            transcript.server(x.reply(), x.command() == null ? null : x.command().verb().name(), x.flight(), latency);
            received.add(x);
        }
    }

    /**
     * STARTTLS (RFC 3207). Sends the command, reads the reply byte by byte so that nothing after the 220 is
     * consumed, refuses any byte that arrived before the handshake (response injection), then performs the
     * handshake. Returns the exchange; on a reply other than 220 the connection stays plain.
     */
    public Exchange startTls() {
        send(List.of(SmtpCommand.starttls()), false);
        readUntilReply(System.nanoTime() + options.replyTimeout().toNanos(), true);
        Exchange x = received.poll();
        if (x.reply().code() != 220) {
            return x;
        }
        int extra;
        try {
            extra = in.available();
        } catch (IOException e) {
            throw fail(ioFailure("reading", e));
        }
        if (extra > 0) {
            byte[] injected = new byte[Math.min(extra, 200)];
            int n;
            try {
                n = in.read(injected);
            } catch (IOException e) {
                n = 0;
            }
            byte[] cause = Arrays.copyOf(injected, Math.max(0, n));
            transcript.append((seq, time) -> new TranscriptEntry.Failure(seq, time, "Response injection: " + extra
                    + " byte(s) arrived after the 220 to STARTTLS and before the TLS handshake; they are discarded"
                    + " unread and the session is aborted (CVE-2011-0411 class)", cause, (long) extra,
                    FailureClass.TLS.name(), null));
            protocol.fail();
            closeQuietly(socket);
            throw new SmtpException(FailureClass.TLS, "STARTTLS response injection: the server (or something on"
                    + " the path) sent " + extra + " byte(s) after its 220 reply and before the TLS handshake;"
                    + " session aborted before trusting anything", x.reply());
        }
        handshake(System.nanoTime() + options.replyTimeout().toNanos());
        protocol.tlsEstablished();
        return x;
    }

    private void handshake(long deadline) {
        TrustFactory.RecordingTrustManager tm;
        try {
            tm = TrustFactory.trustManager(options.tls());
        } catch (SmtpException e) {
            throw fail(e);
        }
        SSLSocket ssl;
        ScheduledFuture<?> guard = guard(deadline);
        try {
            ssl = (SSLSocket) TrustFactory.context(tm).getSocketFactory()
                    .createSocket(socket, options.host(), options.port(), true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(options.host())) {
                params.setServerNames(List.of(new SNIHostName(options.host())));
            }
            if (!options.tls().protocols().isEmpty()) {
                params.setProtocols(options.tls().protocols().toArray(String[]::new));
            }
            ssl.setSSLParameters(params);
            ssl.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            ssl.startHandshake();
        } catch (IOException e) {
            if (cancelled) {
                throw fail(ioFailure("the TLS handshake", e));
            }
            if (e instanceof SocketTimeoutException || overran) {
                throw fail(new SmtpException(FailureClass.TIMEOUT, "the TLS handshake did not finish in time", null,
                        e));
            }
            // The certificate is to blame only when this client refused it; a server's alert may come after a
            // certificate that --insecure accepted, or that was fine.
            String alert = receivedAlert(e);
            String why = alert != null ? "the server sent a fatal TLS alert: " + alert
                    : tm.failure != null && !options.tls().insecure() ? "certificate not trusted: " + tm.failure
                    : handshakeReason(e);
            Map<String, String> details = new LinkedHashMap<>();
            if (tm.chain.length > 0) {
                details.put("peerSubject", tm.chain[0].getSubjectX500Principal().getName());
                details.put("peerIssuer", tm.chain[0].getIssuerX500Principal().getName());
            }
            transcript.append((seq, time) -> new TranscriptEntry.Failure(seq, time, "TLS handshake failed: " + why,
                    null, null, FailureClass.TLS.name(), details.isEmpty() ? null : details));
            protocol.fail();
            closeQuietly(socket);
            throw new SmtpException(FailureClass.TLS, "TLS handshake with " + options.host() + " failed: " + why,
                    null, e);
        } finally {
            guard.cancel(false);
        }
        socket = ssl;
        try {
            in = ssl.getInputStream();
            out = new BufferedOutputStream(ssl.getOutputStream(), COMMAND_BUFFER);
        } catch (IOException e) {
            throw fail(ioFailure("starting TLS", e));
        }
        var session = ssl.getSession();
        boolean verified = tm.failure == null;
        String verdict = verified ? "trusted chain, and the certificate names " + options.host()
                : "NOT verified: " + tm.failure;
        tlsInfo = new TlsInfo(session.getProtocol(), session.getCipherSuite(), List.of(tm.chain), verified,
                verdict, options.tls().insecure(), options.host());
        X509Certificate leaf = tm.chain.length > 0 ? tm.chain[0] : null;
        String text = "TLS established: " + tlsInfo.summary() + "; " + verdict;
        transcript.append((seq, time) -> new TranscriptEntry.TlsUp(seq, time, text, session.getProtocol(),
                session.getCipherSuite(), verified, verdict, options.tls().insecure(),
                leaf == null ? null : leaf.getSubjectX500Principal().getName(),
                leaf == null ? null : leaf.getIssuerX500Principal().getName(),
                leaf == null ? null : leaf.getNotAfter().toInstant(), tm.chain.length));
        if (tlsCheck != null) {
            String note;
            try {
                note = tlsCheck.check(options.host(), options.port(), tlsInfo);
            } catch (SmtpException e) {
                throw fail(e);
            }
            if (note != null) {
                transcript.note(note);
            }
        }
    }

    /** How JSSE words an alert from the peer; it has no other way to tell it from a failure of its own. */
    private static final String RECEIVED_ALERT = "Received fatal alert: ";

    private static String handshakeReason(IOException e) {
        String m = TrustFactory.reason(e);
        if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext connection")) {
            return "the server answered in plain text, not TLS (is this a STARTTLS port rather than implicit TLS?)";
        }
        if (e instanceof SSLException && m.contains("Remote host terminated")) {
            return "the server closed the connection during the handshake";
        }
        return m;
    }

    /** The description of the fatal alert the server sent (e.g. "internal_error"), or null when it sent none. */
    private static String receivedAlert(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof SSLException && m != null && m.startsWith(RECEIVED_ALERT)) {
                return m.substring(RECEIVED_ALERT.length()).strip();
            }
        }
        return null;
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    /** Sends QUIT, reads its reply if it comes, and closes; never throws. */
    public void quitQuietly() {
        try {
            if (protocol.state() != SessionState.CLOSED
                    && protocol.state() != SessionState.ERROR
                    && protocol.problems(SmtpCommand.quit()).isEmpty()) {
                execute(SmtpCommand.quit());
            }
        } catch (SmtpException e) {
            // The session is ending anyway; the failure is already in the transcript.
        } finally {
            close();
        }
    }

    /** Closes the connection from any thread; a blocked read or write ends with a "cancelled" failure. */
    public void cancel() {
        cancelled = true;
        abort();
        closeQuietly(connecting);
    }

    /**
     * Closes the socket under a blocked write. A sendfile blocked on a socket goes on after the socket is closed
     * (the call holds the socket open), but ends when its output is shut down.
     */
    private void abort() {
        Socket s = socket;
        if (s != null && s.getChannel() != null) {
            try {
                s.shutdownOutput();
            } catch (IOException ignored) {
                // Not connected, or closed already: the close below is all there is to do.
            }
        }
        closeQuietly(s);
    }

    @Override
    public void close() {
        closeQuietly(socket);
        if (protocol.state() != SessionState.ERROR) {
            protocol.connectionClosed();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    private SmtpException ioFailure(String doing, IOException e) {
        if (cancelled) {
            return new SmtpException(FailureClass.IO, "cancelled", null, e);
        }
        return new SmtpException(FailureClass.IO, "connection lost while " + doing + ": " + describe(e), null, e);
    }

    private SmtpException fail(SmtpException e) {
        return fail(e, null);
    }

    /** Breaks the session for {@code e}, with the bytes of any reply it cut short recorded beside it. */
    private SmtpException failWithPartialReply(SmtpException e) {
        byte[] partial = protocol.partialInput();
        return fail(e, partial.length == 0 ? null : partial);
    }

    /** Breaks the session for {@code e}, recording it with the bytes that caused it, if any. */
    private SmtpException fail(SmtpException e, byte[] cause) {
        if (protocol.state() != SessionState.DISCONNECTED) {
            protocol.fail();
        }
        transcript.error(e.getMessage(), e.failureClass().name(), cause);
        closeQuietly(socket);
        return e;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Nothing to do: the socket is being abandoned.
            }
        }
    }
}
