package org.smtpexplorer.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.smtpexplorer.compose.Draft;
import org.smtpexplorer.compose.InvalidDraftException;
import org.smtpexplorer.compose.MessageComposer;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.transcript.Ladder;
import org.smtpexplorer.transcript.LadderSvg;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.TranscriptExport;
import org.smtpexplorer.transcript.Waterfall;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SavedRequests;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** smtpx send: one message through one server, with the live transcript on standard output. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send one message and print the session as it happens (C: client, S: server, * notes).",
            "Secrets are always redacted in the output and in --transcript/--json files."})
public final class SendCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConnectionOptions connection = new ConnectionOptions(60);

    @Option(names = "--from", paramLabel = "ADDR", description = "Envelope sender (empty: <>).")
    String from = "";

    @Option(names = "--to", paramLabel = "ADDR", description = "Envelope recipient (repeatable).")
    List<String> to = new ArrayList<>();

    @Option(names = "--eml", paramLabel = "FILE", description = "Send this message file unchanged.")
    Path eml;

    @Option(names = "--subject", paramLabel = "TEXT", description = "Subject of a composed message.")
    String subject;

    @Option(names = "--body", paramLabel = "TEXT", description = "Text of a composed message.")
    String body;

    @Option(names = "--attach", paramLabel = "FILE", description = "Attach this file (repeatable).")
    List<Path> attach = new ArrayList<>();

    @Option(names = "--transfer", paramLabel = "auto|data|bdat",
            description = "DATA or BDAT; auto uses BDAT when CHUNKING is offered.")
    String transfer = "auto";

    @Option(names = "--chunk-size", paramLabel = "BYTES", description = "BDAT chunk size; 0, the default: the whole"
            + " message in one chunk, or in chunks of 1 MiB, 2, 4 and so on when they follow MAIL and RCPT in one"
            + " flight.")
    int chunkSize;

    @Option(names = "--pipelining", paramLabel = "auto|off",
            description = "Pipeline the envelope when PIPELINING is offered.")
    String pipelining = "auto";

    @Option(names = "--smtputf8", paramLabel = "auto|on|off",
            description = "SMTPUTF8: auto uses it when an address or header needs it and the server offers it.")
    String smtpUtf8 = "auto";

    @Option(names = "--body-type", paramLabel = "auto|7bit|8bitmime|binarymime",
            description = "MAIL BODY= parameter.")
    String bodyType = "auto";

    @Option(names = "--line-endings", paramLabel = "normalise|keep",
            description = "Bare CR and bare LF in the message: normalise sends them as CRLF, by DATA and BDAT alike"
                    + " (default); keep sends the file's exact bytes, for testing how a server copes (BDAT only).")
    String lineEndings = "normalise";

    @Option(names = "--dsn-notify", paramLabel = "LIST", description = "NEVER or SUCCESS,FAILURE,DELAY.")
    String dsnNotify;

    @Option(names = "--dsn-ret", paramLabel = "FULL|HDRS", description = "What a bounce should include.")
    String dsnRet;

    @Option(names = "--envid", paramLabel = "ID", description = "DSN envelope identifier (RFC 3461), as plain"
            + " printable ASCII, 1 to 100 characters; smtpx encodes it as xtext itself, so do not pre-encode it.")
    String envid;

    @Option(names = "--requiretls", description = "Ask for REQUIRETLS (RFC 8689).")
    boolean requireTls;

    @Option(names = "--quit-after", paramLabel = "STEP",
            description = "Stop and QUIT after: connect, greeting, ehlo, tls, auth, mail, rcpt, data.")
    String quitAfter;

    @Option(names = "--explain", description = "Explain each command and reply under it, with its RFC.")
    boolean explain;

    @Option(names = "--transcript", paramLabel = "FILE", description = "Also write the transcript as text.")
    Path transcriptFile;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the transcript as JSON.")
    Path jsonFile;

    @Option(names = "--ladder", paramLabel = "FILE", description = "Also write the session as a ladder: an SVG"
            + " picture when FILE ends in .svg, else a Mermaid sequenceDiagram, for Markdown (secrets redacted).")
    Path ladderFile;

    @Option(names = "--timings", description = "After the session, print where its time went: the name lookup, the"
            + " TCP connect, the greeting, each reply's wait, the TLS handshake and each payload's transfer, as a"
            + " waterfall on one time axis, with totals.")
    boolean timings;

    @Option(names = "--no-history", description = "Do not keep this session in the history (smtpx history).")
    boolean noHistory;

    @Override
    public Integer call() throws IOException {
        return send(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The command itself, for picocli ({@link #call}) and for {@link QuickSend}, which has no picocli spec. */
    int send(PrintWriter out, PrintWriter err) throws IOException {
        SendRequest request;
        Path composed = null;
        try {
            request = buildRequest();
            if (eml == null && request.quitAfter().ordinal() > SendRequest.Stop.RCPT.ordinal()) {
                composed = Files.createTempFile("smtpx-", ".eml");
                MessageSource m = compose(request, composed);
                request = request.with(b -> b.message(m));
            } else if (eml != null) {
                if (!Files.isReadable(eml)) {
                    // A usage error, with the usage after it: QuickSend leaves an unreadable --eml to picocli.
                    throw new CommandLine.ParameterException(spec.commandLine(), "--eml: cannot read " + eml);
                }
                MessageSource m = MessageSource.of(eml);
                request = request.with(b -> b.message(m));
            }
        } catch (IllegalArgumentException | SmtpException e) {
            err.println("smtpx send: " + Printable.escape(e.getMessage()));
            return e instanceof SmtpException s ? s.failureClass().exitCode() : FailureClass.USAGE.exitCode();
        }
        Transcript transcript = new Transcript();
        Annotator annotator = explain ? new Annotator() : null;
        // Failures are held back to the end: the one that ended the run is printed once, as the verdict on
        // standard error, and so is any the verdict quotes; any other (e.g. a certificate's verdict behind a
        // failed handshake) as a "!" line.
        List<TranscriptEntry> failures = new ArrayList<>();
        transcript.addListener(e -> {
            if (e instanceof TranscriptEntry.Failure) {
                failures.add(e);
                return;
            }
            out.println(TranscriptExport.textLine(e.redacted()));
            if (annotator != null) {
                annotator.annotate(e).ifPresent(out::println);
            }
            out.flush();
        });
        SendRequest sent = request;
        try {
            SendResult result = new Session(request, transcript).send();
            String verdict = result.failure() == null ? null : result.failure().getMessage();
            for (TranscriptEntry f : failures) {
                if (verdict == null || !verdict.contains(f.text())) {
                    out.println(TranscriptExport.textLine(f.redacted()));
                }
            }
            if (timings) {
                out.print("* Timings (start, length, bar, what):\n" + Waterfall.of(transcript.entries()).toText(40));
            }
            out.flush();
            return report(result, out, err);
        } finally {
            // Before the composed message is deleted: --json and the history keep it.
            writeFiles(transcript, sent, err);
            if (!noHistory) {
                Recording.record(transcript.entries(), sent, "send", err);
            }
            if (composed != null) {
                Files.deleteIfExists(composed);
            }
        }
    }

    /** How {@link QuickSend} reads an option: a flag takes no value; a single value may be given once. */
    enum Kind { FLAG, SINGLE, REPEATABLE }

    /**
     * The kind of each option above, by name; null for a name that is none of them. With {@link #quickSet} it is
     * the table QuickSend parses by, kept next to the annotations it mirrors (QuickSendTest checks the two agree).
     */
    static Kind quickKind(String name) {
        return switch (name) {
            case "--insecure", "--allow-plaintext-auth", "--requiretls", "--explain", "--timings", "--no-history" ->
                    Kind.FLAG;
            case "--trust-cert", "--to", "--attach" -> Kind.REPEATABLE;
            case "--server", "--security", "--ip", "--helo", "--auth", "--user", "--password-env", "--password-file",
                    "--from", "--eml", "--subject", "--body", "--transfer", "--chunk-size", "--pipelining",
                    "--smtputf8", "--body-type", "--line-endings", "--dsn-notify", "--dsn-ret", "--envid",
                    "--quit-after", "--timeout", "--transcript", "--json", "--ladder" -> Kind.SINGLE;
            default -> null;
        };
    }

    /**
     * Sets the option {@code name} as picocli would: converts {@code value} (null for a flag) to the field's type.
     *
     * @throws NumberFormatException        when an int option's value is not a decimal int
     * @throws java.nio.file.InvalidPathException when a path option's value is not a path
     */
    void quickSet(String name, String value) {
        switch (name) {
            case "--server" -> connection.server = value;
            case "--security" -> connection.security = value;
            case "--trust-cert" -> connection.trustCert.add(Path.of(value));
            case "--insecure" -> connection.insecure = true;
            case "--ip" -> connection.ip = value;
            case "--helo" -> connection.helo = value;
            case "--auth" -> connection.auth = value;
            case "--user" -> connection.user = value;
            case "--password-env" -> connection.passwordEnv = value;
            case "--password-file" -> connection.passwordFile = Path.of(value);
            case "--allow-plaintext-auth" -> connection.allowPlaintextAuth = true;
            case "--from" -> from = value;
            case "--to" -> to.add(value);
            case "--eml" -> eml = Path.of(value);
            case "--subject" -> subject = value;
            case "--body" -> body = value;
            case "--attach" -> attach.add(Path.of(value));
            case "--transfer" -> transfer = value;
            case "--chunk-size" -> chunkSize = Integer.parseInt(value);
            case "--pipelining" -> pipelining = value;
            case "--smtputf8" -> smtpUtf8 = value;
            case "--body-type" -> bodyType = value;
            case "--line-endings" -> lineEndings = value;
            case "--dsn-notify" -> dsnNotify = value;
            case "--dsn-ret" -> dsnRet = value;
            case "--envid" -> envid = value;
            case "--requiretls" -> requireTls = true;
            case "--quit-after" -> quitAfter = value;
            case "--timeout" -> connection.timeout = Integer.parseInt(value);
            case "--explain" -> explain = true;
            case "--timings" -> timings = true;
            case "--no-history" -> noHistory = true;
            case "--transcript" -> transcriptFile = Path.of(value);
            case "--json" -> jsonFile = Path.of(value);
            case "--ladder" -> ladderFile = Path.of(value);
            default -> throw new IllegalArgumentException("smtpx send has no option " + name);
        }
    }

    /**
     * Composes --subject, --body and --attach with the composer. The server is not known yet, so the message is
     * safe for any server: 7-bit text or encodings, encoded words, unless an address itself needs SMTPUTF8.
     */
    private MessageSource compose(SendRequest request, Path target) throws IOException {
        Draft draft = Draft.empty().withFrom(from).withTo(String.join(", ", to))
                .withSubject(subject == null ? "Test from smtpx" : subject)
                .withText(body == null ? "Sent by smtpx, the SMTP Explorer command line.\n" : body)
                .withAttachments(attach.stream().map(Draft.Attachment::of).toList())
                .withOptions(Draft.Options.defaults().withSmtpUtf8(request.smtpUtf8()));
        try {
            return new MessageComposer().compose(draft, null, target).source();
        } catch (InvalidDraftException e) {
            throw new IllegalArgumentException("cannot compose the message: " + e.getMessage(), e);
        }
    }

    private int report(SendResult result, PrintWriter out, PrintWriter err) {
        switch (result.status()) {
            case SENT -> {
                long ok = result.acceptedCount();
                int all = result.recipients().size();
                if (ok < all) {
                    err.println("smtpx send: accepted for " + ok + " of " + all + " recipients; refused: "
                            + Printable.escape(String.join("; ", result.recipients().stream()
                            .filter(r -> !r.accepted()).map(r -> r.address() + " " + r.reply().summary()
                                    + (r.reply().isTransientFailure() ? " (temporary)" : " (permanent)")).toList())));
                    return FailureClass.REJECTED.exitCode();
                }
                out.println("* Sent: " + (result.finalReply() == null ? "" : result.finalReply().summary()));
                return 0;
            }
            case STOPPED -> {
                return 0;
            }
            default -> {
                SmtpException f = result.failure();
                // The message quotes server text (replies, certificate names): escaped like the transcript.
                err.println("smtpx send: " + f.failureClass().summary() + ": " + Printable.escape(f.getMessage()));
                return f.failureClass().exitCode();
            }
        }
    }

    private void writeFiles(Transcript transcript, SendRequest request, PrintWriter err) {
        try {
            if (transcriptFile != null) {
                Files.writeString(transcriptFile, TranscriptExport.toText(transcript.entries(), false),
                        StandardCharsets.UTF_8);
            }
            if (ladderFile != null) {
                // As the window first shows it: long AUTH exchanges folded into one row, failed ones open.
                Ladder ladder = Ladder.of(transcript.entries()).folded();
                boolean svg = ladderFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
                Files.writeString(ladderFile, svg ? LadderSvg.write(ladder, LadderSvg.Palette.light())
                        : ladder.toMermaid(), StandardCharsets.UTF_8);
            }
            if (jsonFile != null) {
                SavedSession saved = SavedRequests.session(transcript.entries(), request);
                try (OutputStream o = Files.newOutputStream(jsonFile)) {
                    TranscriptExport.writeJson(saved, o);
                }
            }
        } catch (IOException e) {
            err.println("smtpx send: cannot write the transcript: " + e.getMessage());
        }
    }

    private SendRequest buildRequest() throws IOException {
        SendRequest.Builder r = connection.request();
        r.from(from);
        r.to(List.copyOf(to));
        r.transfer(SendRequest.Transfer.valueOf(choice("--transfer", transfer, "auto", "data", "bdat")
                .toUpperCase(Locale.ROOT)));
        if (chunkSize < 0) {
            throw new IllegalArgumentException("--chunk-size cannot be negative (0, the default, chooses the"
                    + " chunks)");
        }
        r.chunkSize(chunkSize);
        r.pipelining(choice("--pipelining", pipelining, "auto", "off").equals("auto"));
        r.smtpUtf8(SendRequest.Toggle.valueOf(choice("--smtputf8", smtpUtf8, "auto", "on", "off")
                .toUpperCase(Locale.ROOT)));
        r.body(switch (choice("--body-type", bodyType, "auto", "7bit", "8bitmime", "binarymime")) {
            case "7bit" -> SendRequest.Body.SEVEN_BIT;
            case "8bitmime" -> SendRequest.Body.EIGHT_BIT_MIME;
            case "binarymime" -> SendRequest.Body.BINARY_MIME;
            default -> SendRequest.Body.AUTO;
        });
        r.lineEndings(choice("--line-endings", lineEndings, "normalise", "keep").equals("keep")
                ? SendRequest.LineEndings.KEEP : SendRequest.LineEndings.NORMALISE);
        r.dsnNotify(dsnNotify);
        r.dsnRet(dsnRet);
        r.envid(envid);
        r.requireTls(requireTls);
        SendRequest.Stop stop = quitAfter == null ? SendRequest.Stop.NONE : SendRequest.Stop.valueOf(choice(
                "--quit-after", quitAfter, "connect", "greeting", "ehlo", "tls", "auth", "mail", "rcpt", "data")
                .toUpperCase(Locale.ROOT));
        r.quitAfter(stop);
        if (eml != null && (subject != null || body != null || !attach.isEmpty())) {
            throw new IllegalArgumentException("--eml sends a file unchanged; it cannot be combined with --subject,"
                    + " --body or --attach");
        }
        if (stop.ordinal() > SendRequest.Stop.AUTH.ordinal() && to.isEmpty()) {
            throw new IllegalArgumentException("give at least one --to");
        }
        return r.build();
    }

    private static String choice(String option, String value, String... allowed) {
        return ConnectionOptions.choice(option, value, allowed);
    }
}
