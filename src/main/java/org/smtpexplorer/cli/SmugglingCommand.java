package org.smtpexplorer.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.probe.ProbeReport;
import org.smtpexplorer.probe.ProbeReportJson;
import org.smtpexplorer.probe.ProbeTarget;
import org.smtpexplorer.probe.SmugglingProbe;
import org.smtpexplorer.probe.SmugglingVariant;
import org.smtpexplorer.probe.VariantResult;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transport.SendRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * smtpx probe smuggling: which end-of-data look-alikes end a message at a server you control (SMTP smuggling). One
 * session per look-alike; a row per look-alike on standard output as it comes, then the table, the evidence and
 * sources per look-alike, and the result; the exit code says it too.
 */
@Command(name = "smuggling", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send, for each end-of-data look-alike (<LF>.<LF>, <LF>.<CR><LF>, <CR>.<CR>, ...), one message"
                + " holding it, followed by a second, marked transaction and the real end of data, and report"
                + " whether the server ended the message at the look-alike (it answered the smuggled commands:"
                + " vulnerable to SMTP smuggling). After SEC Consult's research (2023) and CVE-2023-51764 (Postfix),"
                + " CVE-2023-51765 (Sendmail), CVE-2023-51766 (Exim).",
            "Sends one test message per look-alike to --to, and to a vulnerable server a second one each; every"
                + " subject holds the run's marker. Only for servers you control: loopback runs at once, anything"
                + " else needs --i-control-this-server."},
        footerHeading = "%nExit codes:%n", footer = {
            "  0  the probe ran: no look-alike ended the message",
            " 13  vulnerable: at least one look-alike ended the message",
            " 14  inconclusive: none was seen ending it, but some verdict could not be reached",
            "  2  usage error, or a target not on loopback without --i-control-this-server",
            "  3-10  the probe could not run (as smtpx send: connect, TLS, AUTH, sender or recipient refused, ...)"})
public final class SmugglingCommand implements Callable<Integer> {
    static final String CONFIRM = "--i-control-this-server";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConnectionOptions connection = new ConnectionOptions(20);

    @Option(names = "--from", required = true, paramLabel = "ADDR", description = "Envelope sender, also of the"
            + " smuggled transaction (plain ASCII).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ADDR", description = "The one recipient, also of the"
            + " smuggled transaction (plain ASCII); it receives the test messages.")
    String to;

    @Option(names = "--variant", paramLabel = "ID", split = ",", description = "Only these look-alikes (repeatable"
            + " or comma-separated); the control always runs. Default: all of them.")
    List<String> variants = new ArrayList<>();

    @Option(names = CONFIRM, description = "Confirm that you run, or may test, the server: needed for any target"
            + " that is not on loopback.")
    boolean controlConfirmed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON, with every reply"
            + " and each session's transcript (secrets redacted).")
    Path jsonFile;

    @Option(names = "--transcript", paramLabel = "FILE", description = "Also write every session's transcript as"
            + " text (secrets redacted).")
    Path transcriptFile;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SmugglingProbe probe;
        try {
            SendRequest request = connection.request().from(from).to(List.of(to)).build();
            probe = new SmugglingProbe(request, selected(), SmugglingProbe.newMarker(), controlConfirmed);
        } catch (IllegalArgumentException | SmtpException e) {
            err.println("smtpx probe smuggling: " + Printable.escape(e.getMessage()));
            return e instanceof SmtpException s ? s.failureClass().exitCode() : FailureClass.USAGE.exitCode();
        }
        String host = connection.hostPort().host();
        ProbeTarget target = ProbeTarget.of(host);
        if (!target.isLoopback()) {
            if (!controlConfirmed) {
                err.println("smtpx probe smuggling: " + Printable.escape(target.refusal(CONFIRM)));
                return FailureClass.USAGE.exitCode();
            }
            err.println(Printable.escape(target.warning()));
            err.flush();
        }
        int total = probe.variants().size();
        out.println("SMTP smuggling probe of " + Printable.escape(connection.hostPort().host()) + ":"
                + connection.hostPort().port() + ": " + total + " sessions, from <" + from + "> to <" + to
                + ">, marker " + probe.marker());
        out.flush();
        int[] n = {0};
        ProbeReport report = probe.run(r -> {
            out.println("[" + (++n[0]) + "/" + total + "] " + r.variant().notation() + " (" + r.variant().id()
                    + "): " + r.verdictText() + "; " + Printable.escape(r.codes()));
            out.flush();
        });
        out.println();
        out.print(report.table());
        out.println();
        out.print(report.details());
        out.println();
        out.println("Result: " + report.summary());
        out.println("Every test message has \"smtpx smuggling probe " + probe.marker() + "\" in its subject.");
        out.flush();
        if (report.outcome() == ProbeReport.Outcome.FAILED) {
            SmtpException f = report.stoppedBy();
            err.println("smtpx probe smuggling: " + f.failureClass().summary() + ": "
                    + Printable.escape(f.getMessage()));
        }
        writeFiles(report, err);
        return report.exitCode();
    }

    private List<SmugglingVariant> selected() {
        if (variants.isEmpty()) {
            return Arrays.asList(SmugglingVariant.values());
        }
        return variants.stream().map(SmugglingVariant::fromId).toList();
    }

    private void writeFiles(ProbeReport report, PrintWriter err) {
        try {
            if (jsonFile != null) {
                try (OutputStream o = Files.newOutputStream(jsonFile)) {
                    ProbeReportJson.write(report, o);
                }
            }
            if (transcriptFile != null) {
                StringBuilder sb = new StringBuilder();
                for (VariantResult r : report.results()) {
                    sb.append("=== ").append(r.variant().notation()).append(" (").append(r.variant().id())
                            .append(") ===\n").append(r.transcript()).append('\n');
                }
                Files.writeString(transcriptFile, sb.toString(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            err.println("smtpx probe smuggling: cannot write " + e.getMessage());
        }
    }
}
