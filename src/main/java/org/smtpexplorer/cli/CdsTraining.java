package org.smtpexplorer.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The training run behind smtpx's class-data-sharing archive, not a user command. Run with
 * {@code -XX:DumpLoadedClassList=FILE}, it types what a user types most (a plain send by BDAT and by DATA, a
 * composed send over STARTTLS with AUTH, the usage and the version, and a plain send of a file large enough to be
 * scanned in the background and sent with sendfile, its traits then kept on disk) against the lab server, so FILE
 * lists the classes
 * those commands load. {@code java -Xshare:dump -XX:SharedClassListFile=FILE} then stores them, parsed and verified,
 * in the archive that {@code target/smtpx} and the installed {@code smtpx} map at start-up (the pom,
 * installers/build.sh). The lab runs in a JVM of its own, so the server's classes stay out: every megabyte of
 * archive costs each start about 0.7 ms to map and relocate. For the same reason {@code --json}, {@code --explain}
 * and {@code explain} (Jackson and the knowledge base, 7.5 MB) are left to load from the jar.
 */
public final class CdsTraining {
    private static final Pattern LISTENING = Pattern.compile("listening on \\S+ port (\\d+)");
    private static final Duration LAB_START = Duration.ofSeconds(60);

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        // The entry points: the archive serves java -jar (Launcher) and the smtpx launchers (SmtpxMain).
        for (String entry : List.of("org.smtpexplorer.Launcher", "org.smtpexplorer.cli.SmtpxMain")) {
            Class.forName(entry, false, CdsTraining.class.getClassLoader());
        }
        Path dir = Files.createTempDirectory("smtpx-training-");
        // The sends keep their sessions in a history of their own, not the user's: the archive then holds the
        // history's classes too, as a plain send with the history on loads them.
        System.setProperty("smtpexplorer.data", dir.resolve("data").toString());
        Process lab = null;
        try {
            // Written first: a file's traits are kept on disk only once it is two seconds old (TraitsStore).
            Path large = dir.resolve("large.eml");
            Files.writeString(large, "From: a@lab.example\r\nTo: bob@lab.example\r\nSubject: training\r\n\r\n"
                    + "A line of a message large enough to be scanned in the background.\r\n".repeat(24_000));
            long largeWritten = System.currentTimeMillis();
            Path ca = dir.resolve("ca.pem");
            lab = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), SmtpxMain.class.getName(), "lab", "--port", "0",
                    "--data-dir", dir.resolve("lab").toString(), "--cert-out", ca.toString())
                    .redirectErrorStream(true).start();
            int port = portOf(lab);
            Path eml = Files.writeString(dir.resolve("small.eml"),
                    "From: a@lab.example\r\nTo: bob@lab.example\r\nSubject: training\r\n\r\nHello.\r\n");
            Path password = Files.writeString(dir.resolve("password"), "wonderland\n");
            List<String> plain = List.of("send", "--server", "127.0.0.1:" + port, "--security", "none",
                    "--from", "a@lab.example", "--to", "bob@lab.example", "--eml", eml.toString());
            run("--version");
            run("--help");
            run("send", "--help");
            run(plain);
            run(plus(plain, "--transfer", "data"));
            run("send", "--server", "127.0.0.1:" + port, "--security", "starttls", "--trust-cert", ca.toString(),
                    "--auth", "PLAIN", "--user", "alice", "--password-file", password.toString(),
                    "--from", "alice@lab.example", "--to", "bob@lab.example", "--subject", "training",
                    "--body", "Hello.");
            Thread.sleep(Math.max(0, largeWritten + 2_100 - System.currentTimeMillis()));
            run("send", "--server", "127.0.0.1:" + port, "--security", "none", "--from", "a@lab.example",
                    "--to", "bob@lab.example", "--eml", large.toString());
        } finally {
            if (lab != null) {
                lab.destroy();
                lab.waitFor();
            }
            deleteTree(dir);
        }
    }

    /**
     * The port from the lab's banner; the CA file is complete before the banner (LabCommand). A lab that prints no
     * banner in time is stopped, which ends the wait.
     */
    private static int portOf(Process lab) throws IOException {
        Thread timeout = new Thread(() -> {
            try {
                Thread.sleep(LAB_START.toMillis());
                lab.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lab-start-timeout");
        timeout.setDaemon(true);
        timeout.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(lab.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                timeout.interrupt();
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "lab-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
            seen.add(line);
        }
        throw new IllegalStateException("training: smtpx lab stopped before listening: " + String.join("\n", seen));
    }

    private static List<String> plus(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    private static void run(String... args) {
        run(List.of(args));
    }

    /** Runs one command as {@link SmtpxMain} does; a failure stops the build, as the archive would miss it. */
    private static void run(List<String> args) {
        StringWriter err = new StringWriter();
        int exit = SmtpxCommand.run(new PrintWriter(Writer.nullWriter()), new PrintWriter(err, true),
                args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("training: smtpx " + String.join(" ", args) + " exited " + exit + ": "
                    + err);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
