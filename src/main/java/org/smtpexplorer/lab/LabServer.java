package org.smtpexplorer.lab;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.smtpexplorer.engine.EnhancedStatus;
import org.smtpexplorer.engine.SmtpReply;

/**
 * The embedded ESMTP lab server: a real server on the loopback interface only (127.0.0.1 and ::1), the app's default
 * target and the tests' deterministic peer. Two listeners serve the same sessions and scenarios: {@link #port()}
 * speaks plain text first and offers STARTTLS, {@link #tlsPort()} speaks TLS from the first byte (implicit TLS, as
 * port 465 does, RFC 8314 §3.3). One thread per session, at most {@link LabConfig#maxSessions()} at once over both.
 *
 * <pre>{@code
 * try (LabServer lab = LabServer.start(LabConfig.builder().scenario(Scenario.MODERN).build())) {
 *     connect to 127.0.0.1:lab.port() (STARTTLS) or lab.tlsPort() (implicit TLS), trusting lab.certificatePem()
 *     lab.messages() holds what was accepted, lab.serverLog() the server's side of each session
 * }
 * }</pre>
 */
public final class LabServer implements Closeable {
    private static final long CLOSE_GRACE_MILLIS = 1000;

    private final LabConfig config;
    private final Listening plain;
    private final Listening implicitTls;
    private final List<String> notes;
    private final LabCertificates certificates;
    private final SSLContext tlsContext;
    private final UserDirectory users;
    private final MessageStore store;
    private final ServerLog log;
    private final List<LabListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> greylisted = ConcurrentHashMap.newKeySet();
    private final Set<LabSession> sessions = ConcurrentHashMap.newKeySet();
    private final Semaphore sessionSlots;
    private final ExecutorService sessionThreads;
    private final List<Thread> acceptors = new ArrayList<>();
    private final AtomicInteger nextSession = new AtomicInteger(1);
    private volatile Scenario scenario;
    private volatile boolean closing;

    /** One listener: its sockets (127.0.0.1, and ::1 when there is IPv6) and whether its sessions begin in TLS. */
    private record Listening(LoopbackBinder.Bound bound, boolean tls) {
    }

    private LabServer(LabConfig config, Listening plain, Listening implicitTls, List<String> notes,
                      LabCertificates certificates, MessageStore store) {
        this.config = config;
        this.plain = plain;
        this.implicitTls = implicitTls;
        this.notes = List.copyOf(notes);
        this.certificates = certificates;
        this.tlsContext = certificates.serverContext();
        this.users = new UserDirectory(config.extraUsers());
        this.store = store;
        this.log = new ServerLog(this::tellLogged, Clock.systemUTC());
        this.scenario = config.scenario();
        this.sessionSlots = new Semaphore(config.maxSessions());
        AtomicInteger threadNumber = new AtomicInteger();
        this.sessionThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lab-session-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (Listening l : List.of(plain, implicitTls)) {
            for (ServerSocket socket : l.bound().sockets()) {
                Thread t = new Thread(() -> acceptLoop(socket, l.tls()), "lab-accept-"
                        + LoopbackBinder.text(socket.getInetAddress()) + "-" + socket.getLocalPort());
                t.setDaemon(true);
                acceptors.add(t);
            }
        }
    }

    /**
     * Binds the loopback addresses (never any other) and starts serving. Creates the lab CA and server
     * certificate in the data directory on first use.
     *
     * @throws IOException when a port is taken or the data directory or maildir cannot be written
     */
    public static LabServer start(LabConfig config) throws IOException {
        return start(config, LoopbackBinder.ipv6Available());
    }

    /** As {@link #start(LabConfig)}; {@code ipv6} false stands for a machine with IPv6 off (tests). */
    static LabServer start(LabConfig config, boolean ipv6) throws IOException {
        Objects.requireNonNull(config, "config");
        List<String> notes = new ArrayList<>();
        LabCertificates certificates = LabCertificates.loadOrCreate(config.dataDir(), Clock.systemUTC(), notes::add);
        MessageStore store = new MessageStore(config.maildir(), config.keepMessages());
        LoopbackBinder.Bound plain = LoopbackBinder.bind(config.port(), "the STARTTLS port", ipv6);
        LoopbackBinder.Bound tls;
        try {
            tls = LoopbackBinder.bind(config.tlsPort(), "the implicit-TLS port", ipv6);
        } catch (IOException e) {
            closeAll(plain);
            throw e;
        }
        if (plain.note() != null) {
            notes.add("::1 is not available (IPv6 is off on this machine): listening on 127.0.0.1 only");
        }
        LabServer server = new LabServer(config, new Listening(plain, false), new Listening(tls, true), notes,
                certificates, store);
        server.acceptors.forEach(Thread::start);
        return server;
    }

    private static void closeAll(LoopbackBinder.Bound bound) {
        for (ServerSocket s : bound.sockets()) {
            try {
                s.close();
            } catch (IOException e) {
                // Closing is all that was wanted.
            }
        }
    }

    /** The STARTTLS port: plain text first, then STARTTLS (RFC 3207). */
    public int port() {
        return plain.bound().port();
    }

    /** The implicit-TLS port: the TLS handshake first, then the SMTP greeting inside TLS (RFC 8314 §3.3). */
    public int tlsPort() {
        return implicitTls.bound().port();
    }

    /** The STARTTLS listener's 127.0.0.1 address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) plain.bound().sockets().get(0).getLocalSocketAddress();
    }

    /** The addresses both listeners accept on: "127.0.0.1 and ::1", or "127.0.0.1" without IPv6. */
    public String listeningOn() {
        return plain.bound().sockets().stream().map(s -> LoopbackBinder.text(s.getInetAddress()))
                .collect(Collectors.joining(" and "));
    }

    /**
     * What the server has to say about how it started: IPv6 off, a certificate authority replaced. Empty most
     * of the time.
     */
    public List<String> notes() {
        return notes;
    }

    public LabConfig config() {
        return config;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Changes the scenario for sessions accepted from now on; sessions already open keep theirs. */
    public void setScenario(Scenario scenario) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
    }

    /** The lab's users, name to password, built-in alice and bob first. */
    public Map<String, String> users() {
        return users.asMap();
    }

    /** The accepted messages still kept, oldest first. */
    public List<ReceivedMessage> messages() {
        return store.list();
    }

    public ServerLog serverLog() {
        return log;
    }

    public void addListener(LabListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(LabListener listener) {
        listeners.remove(listener);
    }

    /** The lab CA certificate as PEM: what a client must trust to verify the lab's TLS certificate. */
    public String certificatePem() {
        return certificates.caPem();
    }

    /** The file holding {@link #certificatePem()}. */
    public Path certificatePath() {
        return certificates.caPath();
    }

    public X509Certificate caCertificate() {
        return certificates.caCertificate();
    }

    /** Sessions open right now. */
    public int activeSessions() {
        return sessions.size();
    }

    /**
     * Stops accepting, asks every open session to end (a session waiting for a command answers 421 4.3.2), and
     * closes those still open after a short grace period. Returns once every session thread has ended.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        closeAll(plain.bound());
        closeAll(implicitTls.bound());
        // An interrupted caller must not cut the waits short: a closed server socket can still hand one last
        // connection to an accept() that was already under way, so the acceptors must really have ended.
        boolean interrupted = false;
        for (Thread acceptor : acceptors) {
            interrupted |= waitFor(() -> acceptor.join(CLOSE_GRACE_MILLIS));
        }
        sessions.forEach(LabSession::shutdown);
        sessionThreads.shutdown();
        interrupted |= waitFor(() -> sessionThreads.awaitTermination(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS));
        if (!sessionThreads.isTerminated()) {
            sessions.forEach(LabSession::forceClose);
            sessionThreads.shutdownNow();
            interrupted |= waitFor(() -> sessionThreads.awaitTermination(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS));
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a wait to its end even if interrupted; returns whether an interrupt was swallowed. */
    private static boolean waitFor(Wait wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.run();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    private interface Wait {
        void run() throws InterruptedException;
    }

    private void acceptLoop(ServerSocket serverSocket, boolean tls) {
        while (!closing) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closing) {
                    System.getLogger(LabServer.class.getName()).log(System.Logger.Level.WARNING,
                            "lab server stopped accepting connections", e);
                }
                return;
            }
            if (!sessionSlots.tryAcquire()) {
                refuse(socket);
                continue;
            }
            LabSession session = null;
            try {
                session = new LabSession(this, socket, nextSession.getAndIncrement(), scenario, tls);
                sessions.add(session);
                LabSession started = session;
                sessionThreads.execute(() -> {
                    try {
                        started.run();
                    } finally {
                        sessions.remove(started);
                        sessionSlots.release();
                    }
                });
            } catch (IOException | RuntimeException e) {
                if (session != null) {
                    sessions.remove(session);
                }
                sessionSlots.release();
                closeQuietly(socket);
            }
        }
    }

    /**
     * All session slots are taken: say so (RFC 5321 §3.8 allows 421 as the greeting) and hang up. The refusal gets a
     * session number and a log of its own, so the log shows who was turned away and why. On the implicit-TLS port
     * the 421 goes out in plain text without a handshake: a TLS client sees a failed handshake, which is what a
     * full server that cannot afford one more handshake does too.
     */
    private void refuse(Socket socket) {
        int id = nextSession.getAndIncrement();
        String client = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        log.open(id, client);
        log.add(id, LogLine.Direction.NOTE, "connection from " + client + " on port " + socket.getLocalPort()
                + " refused: all " + config.maxSessions() + " session slots are in use (the cap, --max-sessions)");
        byte[] reply = SmtpReply.of(421, EnhancedStatus.parse("4.3.2").orElseThrow(), config.serverName()
                + " Too many sessions (" + config.maxSessions() + "), try again later").toWire();
        log.add(id, LogLine.Direction.SENT, new String(reply, 0, reply.length - 2, StandardCharsets.US_ASCII));
        try (socket; OutputStream out = socket.getOutputStream()) {
            out.write(reply);
        } catch (IOException e) {
            log.add(id, LogLine.Direction.NOTE, "could not send the 421: " + e.getMessage());
        }
        log.add(id, LogLine.Direction.NOTE, "session ended");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing more to do.
        }
    }

    // ---- for the sessions

    boolean isClosing() {
        return closing;
    }

    ServerLog log() {
        return log;
    }

    UserDirectory userDirectory() {
        return users;
    }

    SSLContext tlsContext() {
        return tlsContext;
    }

    /** True the first time a sender and recipient pair is seen: the greylist scenario defers that attempt. */
    boolean greylistFirstTry(String sender, String recipient) {
        return greylisted.add(sender.toLowerCase(Locale.ROOT) + " " + recipient.toLowerCase(Locale.ROOT));
    }

    ReceivedMessage store(Instant at, SessionInfo session, Envelope envelope, Transfer transfer, List<Long> chunks,
                          byte[] content) throws IOException {
        ReceivedMessage m = store.add(at, session, envelope, transfer, chunks, content);
        for (LabListener l : listeners) {
            try {
                l.messageReceived(m);
            } catch (RuntimeException e) {
                // A listener's failure must not fail the SMTP session.
            }
        }
        return m;
    }

    private void tellLogged(LogLine line) {
        for (LabListener l : listeners) {
            try {
                l.logged(line);
            } catch (RuntimeException e) {
                // A listener's failure must not fail the SMTP session.
            }
        }
    }
}
