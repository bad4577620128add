package org.smtpexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Permission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.Launcher;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;

/**
 * What a cold {@code smtpx send} loads and looks up. Each case runs smtpx in a JVM of its own, as a user does: this
 * test's JVM has long since loaded everything, and a name lookup made once is cached.
 */
class ColdStartTest {
    /** Libraries a plain send has no use for; loading any of them costs start-up time for nothing. */
    private static final List<String> NOT_FOR_A_PLAIN_SEND = List.of("com.fasterxml.jackson.", "javafx.",
            "com.sun.javafx.", "com.sun.glass.", "com.sun.prism.", "org.controlsfx.", "org.fxmisc.", "org.reactfx.",
            "atlantafx.", "org.kordamp.", "org.bouncycastle.", "org.eclipse.angus.", "jakarta.mail.",
            "jakarta.activation.", "org.xbill.", "com.ongres.", "org.smtpexplorer.ui.", "org.smtpexplorer.lab.",
            "org.smtpexplorer.explain.", "org.smtpexplorer.profiles.", "org.smtpexplorer.dns.", "java.util.logging.");
    private static final String TRAPPED = "name lookup: ";

    @TempDir
    Path tmp;

    /** Both entry points: the smtpx launchers' and the jar's (java -jar smtpx.jar send ...). */
    @ParameterizedTest
    @ValueSource(classes = {SmtpxMain.class, Launcher.class})
    void aPlainSendLoadsNoLibraryItDoesNotUse(Class<?> entryPoint) throws Exception {
        List<String> loaded = classesLoadedBy(entryPoint, List.of());
        assertThat(loaded).as("classes loaded by a plain send").hasSizeGreaterThan(500)
                .contains("org.smtpexplorer.transport.Session", "org.smtpexplorer.history.HistoryStore")
                .noneMatch(c -> NOT_FOR_A_PLAIN_SEND.stream().anyMatch(c::startsWith));
        // The send kept its session in the history (on by default), all the same.
        assertThat(Files.readString(tmp.resolve("data/history/index.tsv"))).contains("\tsession-1.json\n");
        assertThat(tmp.resolve("data/history/session-1.json")).isNotEmptyFile();
        // QuickSend reads the arguments: picocli never runs (the verifier may load an exception type or two of it).
        assertThat(loaded).doesNotContain("picocli.CommandLine", "picocli.CommandLine$Model$CommandSpec");
        // A small message goes on a plain socket: a channel's looks its SelectorProvider up with a ServiceLoader,
        // which opens the 26 MB jar (about 15 ms); the history writes its times and reads its index without
        // java.time.format's formatters or a regular expression (about 170 classes in all).
        assertThat(loaded).doesNotContain("java.nio.channels.spi.SelectorProvider", "java.util.ServiceLoader",
                "java.time.format.DateTimeFormatter", "java.util.regex.Pattern");
    }

    /** The check above would pass if the log were empty or unread: asking for JSON must show Jackson in it. */
    @Test
    void aSendWithJsonLoadsJackson() throws Exception {
        List<String> loaded = classesLoadedBy(SmtpxMain.class, List.of("--json", tmp.resolve("t.json").toString()));
        assertThat(loaded).anyMatch(c -> c.startsWith("com.fasterxml.jackson.databind."));
        assertThat(tmp.resolve("t.json")).isNotEmptyFile();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aLiteralAddressIsNeverLookedUp(String address) throws Exception {
        Smtpx.Run run = sendToEhloOnly(address, address.contains(":") ? "[" + address + "]" : address);
        assertThat(run.exit()).as(run.describe()).isZero();
        assertThat(run.err()).as(run.describe()).doesNotContain(TRAPPED);
        assertThat(run.out()).as(run.describe()).contains("Connected to");
    }

    /** The trap above must see a lookup when there is one. */
    @Test
    void aHostNameIsLookedUpAndTheTrapSeesIt() throws Exception {
        Smtpx.Run run = sendToEhloOnly("127.0.0.1", "localhost");
        assertThat(run.err()).as(run.describe()).contains(TRAPPED + "localhost");
    }

    private List<String> classesLoadedBy(Class<?> entryPoint, List<String> extraArgs) throws Exception {
        Path eml = Files.writeString(tmp.resolve("small.eml"),
                "From: a@x.test\r\nTo: b@y.test\r\nSubject: hi\r\n\r\nHello.\r\n");
        Path log = tmp.resolve("classes.log");
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250 mx.example
                C: MAIL FROM:<a@x.test>
                S: 250 ok
                C: RCPT TO:<b@y.test>
                S: 250 ok
                C: DATA
                S: 354 go
                !read-until-dot
                S: 250 queued
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            List<String> args = new ArrayList<>(List.of("send", "--server", "127.0.0.1:" + server.port(),
                    "--security", "none", "--from", "a@x.test", "--to", "b@y.test", "--eml", eml.toString()));
            args.addAll(extraArgs);
            Smtpx.Run run = smtpx(entryPoint, List.of("-Xlog:class+load=info:file=" + log), args);
            assertThat(run.exit()).as(run.describe()).isZero();
            assertThat(server.await()).as(run.describe()).isEmpty();
        }
        // Lines read "[...][info][class,load] java.lang.Object source: shared objects file".
        return Files.readAllLines(log).stream().map(l -> l.split(" ")).filter(w -> w.length > 1)
                .map(w -> w[1]).toList();
    }

    /**
     * `smtpx send --quit-after ehlo` to {@code server} (as typed), with the lookup trap installed and a hosts file of
     * its own, which answers a reverse lookup of either loopback address with a name the trap reports.
     */
    private Smtpx.Run sendToEhloOnly(String bind, String server) throws Exception {
        ServerSocket bound;
        try {
            bound = new ServerSocket(0, 1, InetAddress.getByName(bind));
        } catch (IOException e) {
            assumeTrue(false, "cannot listen on " + bind + " here: " + e);
            throw e;
        }
        Path hosts = Files.writeString(tmp.resolve("hosts"),
                "127.0.0.1 reverse-lookup-of-127-0-0-1\n::1 reverse-lookup-of-1\n");
        try (ServerSocket listener = bound) {
            Thread peer = new Thread(() -> greetAndQuit(listener), "ehlo-only-server");
            peer.setDaemon(true);
            peer.start();
            return smtpx(SmtpxMain.class, List.of("-Djava.security.manager=" + LookupTrap.class.getName(),
                    "-Djdk.net.hosts.file=" + hosts), List.of("send", "--server", server + ":"
                    + listener.getLocalPort(), "--security", "none", "--quit-after", "ehlo", "--timeout", "10"));
        }
    }

    private static void greetAndQuit(ServerSocket listener) {
        try (Socket s = listener.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setSoTimeout(20_000);
            out.write("220 mx.example ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[1024];
            for (String reply : List.of("250 mx.example\r\n", "221 bye\r\n")) {
                if (in.read(buf) < 0) {
                    return;
                }
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            // smtpx reports what it saw; the test asserts on that.
        }
    }

    /** Runs smtpx from {@code entryPoint} in a new JVM with the test class path. */
    private Smtpx.Run smtpx(Class<?> entryPoint, List<String> jvmArgs, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmArgs);
        // The history goes to a temporary data folder, never the real one.
        command.add("-Dsmtpexplorer.data=" + tmp.resolve("data"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), entryPoint.getName()));
        command.addAll(args);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("smtpx did not finish within 60 s: " + command);
        }
        return new Smtpx.Run(p.exitValue(), Files.readString(out), Files.readString(err),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Installed in the child JVM with -Djava.security.manager. Java asks it before looking up a name
     * ({@code InetAddress.getByName}, {@code getLocalHost}) and after a reverse lookup of an address found one
     * ({@code getHostName}, {@code getCanonicalHostName}), with the name and port -1; the hosts file makes every
     * reverse lookup of loopback find one. A literal address with port -1 is no lookup: {@code
     * Socket.getLocalAddress} asks whether the caller may know it. The trap allows everything and reports lookups.
     */
    @SuppressWarnings("removal")
    public static final class LookupTrap extends SecurityManager {
        @Override
        public void checkPermission(Permission perm) {
        }

        @Override
        public void checkPermission(Permission perm, Object context) {
        }

        @Override
        public void checkConnect(String host, int port) {
            if (port == -1 && !isLiteral(host)) {
                System.err.println(TRAPPED + host);
            }
        }

        @Override
        public void checkConnect(String host, int port, Object context) {
            checkConnect(host, port);
        }

        private static boolean isLiteral(String host) {
            if (host.indexOf(':') >= 0) {
                return true;
            }
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (c != '.' && (c < '0' || c > '9')) {
                    return false;
                }
            }
            return true;
        }
    }
}
