package org.smtpexplorer.lab;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code smtpx lab}: runs the lab server on loopback until Ctrl-C or SIGTERM (or, when run in a thread, until that
 * thread is interrupted).
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Run the SMTP Explorer lab server: a real ESMTP server on loopback only (127.0.0.1 and ::1), "
                + "with built-in users and scenarios that show how servers differ and fail. It listens on two ports: "
                + "--port speaks plain text first and offers STARTTLS, --tls-port speaks TLS from the first byte "
                + "(implicit TLS, as port 465 does). Stop it with Ctrl-C."})
public final class LabCommand implements Callable<Integer> {
    /** Opens the lab's port: {@link LabServer#start}, or a test's wrapper around it that watches the order. */
    interface Starter {
        LabServer start(LabConfig config) throws IOException;
    }

    /** A sanity bound on --max-sessions: each session is a thread. */
    static final int MAX_SESSIONS_LIMIT = 10_000;

    private final Starter starter;

    @Spec
    CommandSpec spec;

    /** The implicit-TLS port when --tls-port is not given: 465's digits after the STARTTLS default's 25. */
    static final int DEFAULT_TLS_PORT = 2465;

    @Option(names = "--port", paramLabel = "N", defaultValue = "2525",
            description = "STARTTLS port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--tls-port", paramLabel = "N",
            description = "Implicit-TLS port to listen on; 0 picks a free one (default: " + DEFAULT_TLS_PORT
                    + ", or a free one when --port is 0).")
    Integer tlsPort;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "64",
            description = "Sessions served at once over both ports; more connections get 421 4.3.2, are closed, and"
                    + " are logged (default: ${DEFAULT-VALUE}; 1 to 10000).")
    int maxSessions;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "modern", converter = ScenarioConverter.class,
            completionCandidates = ScenarioIds.class,
            description = "Server behaviour, one of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Scenario scenario;

    @Option(names = "--maildir", paramLabel = "DIR",
            description = "Also write each accepted message to DIR as N.eml and its envelope as N.json.")
    Path maildir;

    @Option(names = "--cert-out", paramLabel = "FILE",
            description = {"Write the lab CA certificate (PEM) to FILE, for clients that must trust it. FILE is",
                    "complete before the port opens, so a script may wait for the port, then read FILE."})
    Path certOut;

    @Option(names = "--user", paramLabel = "NAME:PASSWORD",
            description = "Add a user besides alice/wonderland and bob/builder; repeatable.")
    List<String> users = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the lab keeps its CA and certificate (default: the per-user data folder).")
    Path dataDir;

    @Option(names = "--log", description = "Print the server's side of every session as it happens.")
    boolean printLog;

    public LabCommand() {
        this(LabServer::start);
    }

    LabCommand(Starter starter) {
        this.starter = starter;
    }

    @Override
    public Integer call() {
        LabConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        // A script waits for the port and then trusts the file: the whole file must be in place first.
        if (certOut != null) {
            String pem;
            try {
                pem = LabCertificates.loadOrCreate(config.dataDir(), Clock.systemUTC()).caPem();
            } catch (IOException e) {
                return fail(e.getMessage());
            }
            try {
                LabCertificates.writeAtomically(certOut, pem, false);
            } catch (IOException e) {
                return fail("cannot write --cert-out " + certOut + ": " + e);
            }
        }
        LabServer server;
        try {
            server = starter.start(config);
        } catch (IOException e) {
            return fail(e.getMessage() + (port != 0 ? " (try --port 0 for a free port)" : ""));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "lab-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            server.addListener(new Printer(out, printLog));
            describe(server, out);
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop(server, hook);
        }
        return 0;
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("smtpx lab: " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }

    private LabConfig config() {
        checkPort("--port", port);
        int tls = tlsPort != null ? tlsPort : port == 0 ? 0 : DEFAULT_TLS_PORT;
        checkPort("--tls-port", tls);
        if (tls != 0 && tls == port) {
            throw new ParameterException(spec.commandLine(), (tlsPort == null ? "the default --tls-port " : "--tls-port ")
                    + tls + " is the same as --port: give the implicit-TLS listener a port of its own");
        }
        if (maxSessions < 1 || maxSessions > MAX_SESSIONS_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--max-sessions must be 1 to " + MAX_SESSIONS_LIMIT
                    + ", not " + maxSessions);
        }
        LabConfig.Builder b = LabConfig.builder().port(port).tlsPort(tls).maxSessions(maxSessions)
                .scenario(scenario).maildir(maildir);
        if (dataDir != null) {
            b.dataDir(dataDir);
        }
        for (String u : users) {
            int colon = u.indexOf(':');
            if (colon < 0) {
                throw new ParameterException(spec.commandLine(), "--user needs NAME:PASSWORD, not \"" + u + "\"");
            }
            try {
                b.user(u.substring(0, colon), u.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--user " + u.substring(0, colon) + ": "
                        + e.getMessage());
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void checkPort(String option, int value) {
        if (value < 0 || value > 65535) {
            throw new ParameterException(spec.commandLine(), option + " must be 0 to 65535, not " + value);
        }
    }

    private void describe(LabServer server, PrintWriter out) {
        // The first line's "listening on 127.0.0.1 port N" is what scripts read (CdsTraining, .ci/installer-check.sh).
        boolean v6 = server.listeningOn().contains("::1");
        out.println("SMTP Explorer lab server listening on 127.0.0.1 port " + server.port() + " (STARTTLS"
                + (v6 ? "; also on ::1" : "") + ")");
        out.println("Implicit TLS (TLS from the first byte) on 127.0.0.1 port " + server.tlsPort()
                + (v6 ? " (also on ::1)" : ""));
        server.notes().forEach(note -> out.println("Note: " + note));
        out.println("At most " + server.config().maxSessions() + " sessions at once (--max-sessions); more are refused"
                + " with 421");
        out.println("Scenario: " + server.scenario().id() + " (" + server.scenario().title() + ")");
        out.println("  " + server.scenario().explanation());
        out.println("Users: " + server.users().entrySet().stream().map(e -> e.getKey() + " / " + e.getValue())
                .collect(Collectors.joining(", ")));
        out.println("Mailboxes:");
        MailboxRules.SUMMARY.forEach(line -> out.println("  " + line));
        out.println("Lab CA certificate: " + server.certificatePath()
                + (certOut != null ? " (also written to " + certOut + ")" : ""));
        if (maildir != null) {
            out.println("Messages are written to " + maildir.toAbsolutePath() + " as N.eml and N.json");
        }
        out.println("Stop with Ctrl-C.");
        out.flush();
    }

    private static void stop(LabServer server, Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and the hook is closing the server.
            return;
        }
        server.close();
    }

    /** Prints accepted messages, and with --log every log line, as they happen. */
    private static final class Printer implements LabListener {
        private final PrintWriter out;
        private final boolean lines;

        Printer(PrintWriter out, boolean lines) {
            this.out = out;
            this.lines = lines;
        }

        @Override
        public void messageReceived(ReceivedMessage m) {
            synchronized (out) {
                // Tagged as the log's lines of the same session are, so the two can be matched up.
                out.println("[" + m.session().session() + "] message " + m.number() + ": from <" + m.envelope().mailFrom() + "> to "
                        + m.envelope().recipients().stream().map(r -> "<" + r.address() + ">")
                        .collect(Collectors.joining(", ")) + ", " + m.size() + " bytes by " + m.transfer());
                out.flush();
            }
        }

        @Override
        public void logged(LogLine line) {
            if (lines) {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            }
        }
    }

    /** Turns "starttls-injection" (or STARTTLS_INJECTION) into the scenario. */
    public static final class ScenarioConverter implements ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String value) {
            return Scenario.fromId(value);
        }
    }

    /** The scenario ids, for the help text and shell completion. */
    public static final class ScenarioIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Scenario.values()).map(Scenario::id).iterator();
        }
    }
}
