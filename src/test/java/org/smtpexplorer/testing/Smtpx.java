package org.smtpexplorer.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.smtpexplorer.cli.SmtpxCommand;

/** Runs `smtpx send` in-process, as a user would, and keeps everything it printed. */
public final class Smtpx {
    private Smtpx() {
    }

    /**
     * The outcome of one run.
     *
     * @param exit    the process exit code smtpx would return
     * @param out     standard output (the live transcript)
     * @param err     standard error (the verdict)
     * @param elapsed wall-clock time of the run
     */
    public record Run(int exit, String out, String err, Duration elapsed) {
        /** Both streams, for assertion messages. */
        public String describe() {
            return "exit " + exit + " after " + elapsed.toMillis() + " ms\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** `smtpx send ARGS` against 127.0.0.1:{@code port}. */
    public static Run send(int port, String... args) {
        List<String> all = new ArrayList<>(List.of("send", "--server", "127.0.0.1:" + port));
        all.addAll(List.of(args));
        return run(all);
    }

    /** smtpx with these arguments, the way the smtpx command runs them (a plain send without picocli). */
    public static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = SmtpxCommand.run(new PrintWriter(out, true), new PrintWriter(err, true),
                args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** A script as lines, from a text block. */
    public static List<String> script(String text) {
        return text.lines().toList();
    }
}
