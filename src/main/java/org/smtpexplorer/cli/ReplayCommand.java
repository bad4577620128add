package org.smtpexplorer.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.SessionDiff;
import org.smtpexplorer.transcript.SessionStep;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptExport;
import org.smtpexplorer.transport.HostPort;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.Replay;
import org.smtpexplorer.transport.ReplayTarget;
import org.smtpexplorer.transport.SavedRequests;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.TlsSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * smtpx replay: runs a saved session again, against another server, and prints how the two differ, step by step.
 * The differences are the result: the exit code is 0 whenever the replay ran to its end, refusals included.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a saved session against another server and print the differences, step by step.",
            "Sends the same steps as the saved session (smtpx send --json FILE): the same commands in the same order,"
                    + " the same message. Prints '- ' lines for the saved session, '+ ' for the replay, '= ' for"
                    + " steps alike, '@ ' naming a step that differs; the EHLO capabilities keyword by keyword.",
            "Exit 0 when the replay ran to its end, whatever the server answered; 3, 7, 8, 10 or 11 when it was cut"
                    + " short (see smtpx --help); 2 for a bad option or file."})
public final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.json", description = "A session saved by smtpx send --json, or one"
            + " from the history: @N or history:N (smtpx history lists them).")
    Path file;

    @Option(names = "--server", required = true, paramLabel = "HOST[:PORT]",
            description = "The server to replay against; port 25 when omitted.")
    String server;

    @Option(names = "--security", paramLabel = "MODE", description = "auto | none | starttls | starttls-if-available"
            + " | implicit (default: as saved)")
    String security;

    @Option(names = "--trust-cert", paramLabel = "PEM", description = "Also trust the certificate(s) in this PEM file"
            + " (the saved session's trusted files are used only when no TLS option is given).")
    List<Path> trustCert = new ArrayList<>();

    @Option(names = "--insecure", description = "Accept any certificate and host name (the verdict is still shown).")
    boolean insecure;

    @Option(names = "--ip", paramLabel = "any|ipv4|ipv6", description = "Address family (default: as saved).")
    String ip;

    @Option(names = "--auth", paramLabel = "MECH|auto", description = "AUTH mechanism (default: as saved).")
    String auth;

    @Option(names = "--no-auth", description = "Do not authenticate, even if the saved session did.")
    boolean noAuth;

    @Option(names = "--user", paramLabel = "NAME", description = "User name for AUTH (default: as saved).")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Read the password (or token) from this"
            + " environment variable.")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of"
            + " this file.")
    Path passwordFile;

    @Option(names = "--allow-plaintext-auth", description = "Allow PLAIN, LOGIN and token mechanisms without TLS.")
    boolean allowPlaintextAuth;

    @Option(names = "--eml", paramLabel = "FILE", description = "Send this message instead of the saved one (needed"
            + " when the saved message was too large to keep).")
    Path eml;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Connect timeout, and total time allowed for"
            + " each reply and each write (default: as saved, else 60).")
    Integer timeout;

    @Option(names = "--exact", description = "Compare the reply text too, not only the codes.")
    boolean exact;

    @Option(names = "--json", paramLabel = "FILE", description = "Also save the replay as a session, like smtpx send"
            + " --json (secrets redacted).")
    Path jsonFile;

    @Option(names = "--no-history", description = "Do not keep the replay in the history (smtpx history).")
    boolean noHistory;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SavedSession saved;
        try {
            saved = SavedFiles.read(file).session();
        } catch (IllegalArgumentException e) {
            err.println("smtpx replay: " + Printable.escape(e.getMessage()));
            return FailureClass.USAGE.exitCode();
        }
        Replay replay;
        try {
            replay = Replay.prepare(saved, file.toString(), target(), this::credentials);
        } catch (Replay.MessageMissing e) {
            err.println("smtpx replay: " + Printable.escape(e.getMessage()) + ": give it with --eml FILE");
            return FailureClass.USAGE.exitCode();
        } catch (IllegalArgumentException e) {
            err.println("smtpx replay: " + Printable.escape(e.getMessage()));
            return FailureClass.USAGE.exitCode();
        }
        Replay.Result result = replay.run();
        if (!noHistory) {
            Recording.record(replay.transcript().entries(), replay.request(), "replay", err);
        }
        if (result.unreachable()) {
            // Nothing to compare: every saved step would be listed as missing.
            err.println("smtpx replay: " + result.failure().failureClass().summary() + ": "
                    + Printable.escape(result.failure().getMessage()));
            return result.failure().failureClass().exitCode();
        }
        SendRequest request = replay.request();
        SessionDiff diff = result.diff();
        out.println("--- saved   " + Printable.escape(where(replay.recipe().host(), replay.recipe().port())) + ", "
                + SessionStep.of(saved.entries()).size() + " steps (" + Printable.escape(file.toString()) + ")");
        out.println("+++ replay  " + Printable.escape(where(request.connection().host(),
                request.connection().port())) + ", " + SessionStep.of(replay.transcript().entries()).size() + " steps");
        if (saved.savedRequest().isEmpty()) {
            out.println("* " + Printable.escape(file.toString()) + " holds no request (not saved by smtpx send"
                    + " --json): replayed what its transcript shows");
        }
        diff.lines().forEach(out::println);
        out.println("* " + diff.summary());
        out.flush();
        if (jsonFile != null) {
            writeJson(replay.transcript(), request, err);
        }
        if (result.cutShort()) {
            err.println("smtpx replay: the replay was cut short: " + result.failure().failureClass().summary() + ": "
                    + Printable.escape(result.failure().getMessage()));
            return result.failure().failureClass().exitCode();
        }
        return 0;
    }

    /** The options as a target: what is not given is as saved. */
    private ReplayTarget target() throws IOException {
        HostPort hp = HostPort.parse(server, 25, "--server");
        ReplayTarget t = ReplayTarget.asSaved(hp.host(), hp.port());
        if (security != null) {
            t = t.withSecurity(SecurityMode.parse(security, hp.port()));
        }
        if (insecure || !trustCert.isEmpty()) {
            for (Path p : trustCert) {
                if (!Files.isReadable(p)) {
                    throw new IllegalArgumentException("--trust-cert: cannot read " + p);
                }
            }
            t = t.withTls(new TlsSettings(trustCert, insecure, List.of()));
        }
        if (timeout != null) {
            if (timeout < 1) {
                throw new IllegalArgumentException("--timeout must be at least 1 second");
            }
            t = t.withTimeout(Duration.ofSeconds(timeout));
        }
        if (ip != null) {
            if (!List.of("any", "ipv4", "ipv6").contains(ip)) {
                throw new IllegalArgumentException("--ip must be one of any, ipv4, ipv6, not \"" + ip + "\"");
            }
            t = t.withIpFamily(ip);
        }
        t = noAuth ? t.withoutAuth() : t.withAuth(auth);
        t = t.withAllowPlaintextAuth(allowPlaintextAuth);
        if (eml != null) {
            if (!Files.isReadable(eml)) {
                throw new IllegalArgumentException("--eml: cannot read " + eml);
            }
            t = t.withMessage(MessageSource.of(eml));
        }
        return t.withExact(exact);
    }

    /** --user (else the saved user) and the password from --password-env, --password-file or the console. */
    private Credentials credentials(String mechanism, String savedUser) throws IOException {
        String name = user != null ? user : savedUser;
        if (name == null) {
            throw new IllegalArgumentException("the saved session authenticated, but its user is not known:"
                    + " give --user (or --no-auth)");
        }
        if (passwordEnv == null && passwordFile == null && System.console() == null) {
            throw new IllegalArgumentException("the saved session authenticated as " + name + " with "
                    + mechanism + ": give the password with --password-env VAR or --password-file F (or"
                    + " --no-auth)");
        }
        return new Credentials(name, Passwords.read(passwordEnv, passwordFile, name));
    }

    private static String where(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private void writeJson(Transcript transcript, SendRequest request, PrintWriter err) {
        try (OutputStream o = Files.newOutputStream(jsonFile)) {
            TranscriptExport.writeJson(SavedRequests.session(transcript.entries(), request), o);
        } catch (IOException e) {
            err.println("smtpx replay: cannot write " + jsonFile + ": " + Printable.escape(e.getMessage()));
        }
    }
}
