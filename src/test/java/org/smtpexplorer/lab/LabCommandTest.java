package org.smtpexplorer.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LabCommandTest {
    @TempDir
    Path dir;

    /** A writer whose text other threads can read while the command runs. */
    private static final class Output extends StringWriter {
        @Override
        public synchronized void write(String str, int off, int len) {
            super.write(str, off, len);
        }

        @Override
        public synchronized String toString() {
            return super.toString();
        }
    }

    private static int waitForPort(Output out) throws InterruptedException {
        Pattern p = Pattern.compile("listening on 127\\.0\\.0\\.1 port (\\d+) \\(STARTTLS(?:; also on ::1)?\\)\n"
                + "Implicit TLS \\(TLS from the first byte\\) on 127\\.0\\.0\\.1 port \\d+( \\(also on ::1\\))?\n");
        for (int i = 0; i < 200; i++) {
            String text = out.toString();
            Matcher m = p.matcher(text);
            // The banner is printed line by line: wait for its last line.
            if (m.find() && text.contains("Stop with Ctrl-C.")) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the lab never said which port it listens on:\n" + out);
    }

    @Test
    void runsUntilInterruptedAndPrintsWhatALearnerNeeds() throws Exception {
        Output out = new Output();
        CommandLine cmd = new CommandLine(new LabCommand());
        cmd.setOut(new PrintWriter(out, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Path cert = dir.resolve("lab-ca.pem");
        Thread t = new Thread(() -> exit.set(cmd.execute("--port", "0", "--scenario", "no-pipelining",
                "--data-dir", dir.resolve("data").toString(), "--maildir", dir.resolve("mail").toString(),
                "--cert-out", cert.toString(), "--user", "carol:pa:ss", "--user", "dave:x")));
        t.start();
        int port = waitForPort(out);
        String text = out.toString();
        assertThat(text).contains("Scenario: no-pipelining (No PIPELINING)",
                "Users: alice / wonderland, bob / builder, carol / pa:ss, dave / x",
                "Lab CA certificate: " + dir.resolve("data").resolve("lab-ca.pem"), "Stop with Ctrl-C.",
                "unknown@... and nobody*@... get 550 5.1.1");
        assertThat(Files.readString(cert)).startsWith("-----BEGIN CERTIFICATE-----");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            assertThat(new String(s.getInputStream().readNBytes(20), StandardCharsets.US_ASCII))
                    .isEqualTo("220 lab.example ESMT");
        }
        t.interrupt();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(IOException.class);
    }

    /**
     * A script waits for the port, then trusts the --cert-out file: the file must be complete by the time the port
     * opens, even when an older file is in its place. The wrapped starter sees the file as the port opens.
     */
    @Test
    void theCertificateFileIsCompleteBeforeThePortOpens() throws Exception {
        Path cert = Files.writeString(dir.resolve("lab-ca.pem"), "a certificate from an earlier run\n");
        AtomicReference<String> whenThePortOpened = new AtomicReference<>();
        CommandLine cmd = new CommandLine(new LabCommand(config -> {
            whenThePortOpened.set(Files.readString(cert));
            return LabServer.start(config);
        }));
        Output out = new Output();
        cmd.setOut(new PrintWriter(out, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(cmd.execute("--port", "0", "--data-dir", dir.resolve("data").toString(),
                "--cert-out", cert.toString())));
        t.start();
        waitForPort(out);
        t.interrupt();
        t.join(5000);
        assertThat(exit.get()).isZero();
        String pem = Files.readString(dir.resolve("data").resolve("lab-ca.pem"));
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----").endsWith("-----END CERTIFICATE-----\n");
        assertThat(whenThePortOpened.get()).isEqualTo(pem);
        assertThat(Files.readString(cert)).isEqualTo(pem);
        assertThat(Files.getPosixFilePermissions(cert)).as("a certificate is public")
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left behind")
                    .containsExactlyInAnyOrder("lab-ca.pem", "data");
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new LabCommand());
        cmd.setErr(new PrintWriter(err, true));
        assertThat(cmd.execute("--scenario", "bogus", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown scenario \"bogus\"");
        assertThat(cmd.execute("--port", "0", "--user", "nocolon", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--user needs NAME:PASSWORD, not \"nocolon\"");
        assertThat(cmd.execute("--port", "0", "--user", "bad name:pw", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("contains a space or control character");
    }

    @Test
    void aTakenPortIsReportedNotThrown() throws Exception {
        try (LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir).build())) {
            StringWriter err = new StringWriter();
            CommandLine cmd = new CommandLine(new LabCommand());
            cmd.setErr(new PrintWriter(err, true));
            assertThat(cmd.execute("--port", String.valueOf(lab.port()), "--data-dir", dir.toString())).isEqualTo(1);
            assertThat(err.toString()).contains("cannot listen on 127.0.0.1 port " + lab.port());
        }
    }

    @Test
    void anUnwritableCertOutIsReportedAndNoServerStarts() {
        StringWriter err = new StringWriter();
        AtomicInteger starts = new AtomicInteger();
        CommandLine cmd = new CommandLine(new LabCommand(config -> {
            starts.incrementAndGet();
            return LabServer.start(config);
        }));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        Path unwritable = dir.resolve("missing/dir/ca.pem");
        assertThat(cmd.execute("--port", "0", "--data-dir", dir.toString(), "--cert-out", unwritable.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).startsWith("smtpx lab: cannot write --cert-out " + unwritable);
        assertThat(starts).hasValue(0);
    }

    @Test
    void logPrintsTheServerSideAndEachMessage() throws Exception {
        Output out = new Output();
        CommandLine cmd = new CommandLine(new LabCommand());
        cmd.setOut(new PrintWriter(out, true));
        Thread t = new Thread(() -> cmd.execute("--port", "0", "--log", "--data-dir", dir.toString()));
        t.start();
        int port = waitForPort(out);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(("EHLO c.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@lab.example>\r\n"
                    + "DATA\r\nhi\r\n.\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes();
        } finally {
            t.interrupt();
            t.join(5000);
        }
        assertThat(out.toString()).contains("[1] C: EHLO c.example", "[1] S: 250 2.0.0 Message accepted as 1",
                "[1] message 1: from <a@example.com> to <b@lab.example>, 4 bytes by DATA");
    }

    @Test
    void aConnectionOverTheSessionCapIsRefusedAndLogged() throws Exception {
        Output out = new Output();
        CommandLine cmd = new CommandLine(new LabCommand());
        cmd.setOut(new PrintWriter(out, true));
        Thread t = new Thread(() -> cmd.execute("--port", "0", "--max-sessions", "1", "--log", "--data-dir",
                dir.toString()));
        t.start();
        int port = waitForPort(out);
        assertThat(out.toString()).contains("At most 1 sessions at once (--max-sessions)");
        try (Socket first = new Socket(InetAddress.getLoopbackAddress(), port)) {
            first.setSoTimeout(5000);
            first.getInputStream().readNBytes(5);
            try (Socket second = new Socket(InetAddress.getLoopbackAddress(), port)) {
                second.setSoTimeout(5000);
                assertThat(new String(second.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .isEqualTo("421 4.3.2 lab.example Too many sessions (1), try again later\r\n");
                String client = "127.0.0.1:" + second.getLocalPort();
                assertThat(out.toString()).contains("[2] -- connection from " + client + " on port " + port
                                + " refused: all 1 session slots are in use (the cap, --max-sessions)",
                        "[2] S: 421 4.3.2 lab.example Too many sessions (1), try again later");
            }
        } finally {
            t.interrupt();
            t.join(5000);
        }
    }

    @Test
    void theCapAndThePortsAreCheckedBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new LabCommand(config -> {
            throw new AssertionError("must not start");
        }));
        cmd.setErr(new PrintWriter(err, true));
        assertThat(cmd.execute("--max-sessions", "0", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--max-sessions must be 1 to 10000, not 0");
        assertThat(cmd.execute("--max-sessions", "many", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("'many' is not an int");
        assertThat(cmd.execute("--port", "2465", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("the default --tls-port 2465 is the same as --port");
        assertThat(cmd.execute("--port", "3000", "--tls-port", "70000", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-port must be 0 to 65535, not 70000");
    }

    @Test
    void helpListsTheScenarios() {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new LabCommand());
        cmd.setOut(new PrintWriter(out, true));
        assertThat(cmd.execute("--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--scenario=NAME", "starttls-injection",
                "lf-tolerant", "--user=NAME:PASSWORD", "--max-sessions=N", "(default: 64; 1 to 10000)",
                "--tls-port=N", "Implicit-TLS port", "loopback only (127.0.0.1 and ::1)");
    }
}
