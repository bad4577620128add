package org.smtpexplorer.lab;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
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
import javax.net.ssl.SSLContext;
import org.smtpexplorer.engine.EnhancedStatus;
import org.smtpexplorer.engine.SmtpReply;

/**
 * The embedded ESMTP lab server: a real server on the loopback interface only, the app's default target and the
 * tests' deterministic peer. One thread per session, at most {@link LabConfig#maxSessions()} at once.
 *
 * <pre>{@code
 * try (LabServer lab = LabServer.start(LabConfig.builder().scenario(Scenario.MODERN).build())) {
 *     connect to 127.0.0.1:lab.port(), trusting lab.certificatePem() ...
 *     lab.messages() holds what was accepted, lab.serverLog() the server's side of each session
 * }
 * }</pre>
 */
public final class LabServer implements Closeable {
    private static final long CLOSE_GRACE_MILLIS = 1000;

    private final LabConfig config;
    private final ServerSocket serverSocket;
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
    private final Thread acceptor;
    private final AtomicInteger nextSession = new AtomicInteger(1);
    private volatile Scenario scenario;
    private volatile boolean closing;

    private LabServer(LabConfig config, ServerSocket serverSocket, LabCertificates certificates, MessageStore store) {
        this.config = config;
        this.serverSocket = serverSocket;
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
        this.acceptor = new Thread(this::acceptLoop, "lab-accept-" + serverSocket.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds the loopback interface (never any other) and starts serving. Creates the lab CA and server
     * certificate in the data directory on first use.
     *
     * @throws IOException when the port is taken or the data directory or maildir cannot be written
     */
    public static LabServer start(LabConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        LabCertificates certificates = LabCertificates.loadOrCreate(config.dataDir(), Clock.systemUTC());
        MessageStore store = new MessageStore(config.maildir(), config.keepMessages());
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 128);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + InetAddress.getLoopbackAddress().getHostAddress() + " port "
                    + config.port() + ": " + e.getMessage(), e);
        }
        LabServer server = new LabServer(config, socket, certificates, store);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The bound address: always a loopback address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
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
        try {
            serverSocket.close();
        } catch (IOException e) {
            // Closing is all that was wanted.
        }
        // An interrupted caller must not cut the waits short: a closed server socket can still hand one last
        // connection to an accept() that was already under way, so the acceptor must really have ended.
        boolean interrupted = waitFor(() -> acceptor.join(CLOSE_GRACE_MILLIS));
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

    private void acceptLoop() {
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
                session = new LabSession(this, socket, nextSession.getAndIncrement(), scenario);
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

    /** All session slots are taken: say so (RFC 5321 §3.8 allows 421 as the greeting) and hang up. */
    private void refuse(Socket socket) {
        try (socket; OutputStream out = socket.getOutputStream()) {
            out.write(SmtpReply.of(421, EnhancedStatus.parse("4.3.2").orElseThrow(), config.serverName()
                    + " Too many sessions (" + config.maxSessions() + "), try again later").toWire());
        } catch (IOException e) {
            // The client is gone already; nothing more to do.
        }
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
