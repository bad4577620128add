package org.smtpexplorer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.history.HistoryEntry;
import org.smtpexplorer.history.HistoryStore;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.TranscriptExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** smtpx history: the sessions smtpx and the window ran, newest first; show one, clear them, turn recording off. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the sessions smtpx send, smtpx replay and the window ran, newest first: number, time,"
                + " server, outcome (delivered, refused with the reply it was refused with, failed, ended) and"
                + " message size. The last " + HistoryStore.LIMIT + " are kept in the data folder, secrets redacted.",
            "Give a session to replay or export as @N or history:N (history:N always works; @N unless a file named N"
                    + " is in the current folder, which picocli would read arguments from).",
            "Off: smtpx send/replay --no-history, SMTPX_HISTORY=off, or smtpx history off (also the window's)."},
        subcommands = {HistoryCommand.Show.class, HistoryCommand.Clear.class, HistoryCommand.Off.class,
            HistoryCommand.On.class})
public final class HistoryCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--search", paramLabel = "TEXT", description = "Only sessions whose server, addresses, outcome or"
            + " reply text contain TEXT (ignoring case).")
    String search;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "List at most N sessions (default: all).")
    Integer limit;

    /** The history the commands read: the data folder's (tests point the data folder at a temporary one). */
    static HistoryStore store() {
        return HistoryStore.inDataFolder();
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (limit != null && limit < 1) {
            err.println("smtpx history: --limit must be at least 1");
            return FailureClass.USAGE.exitCode();
        }
        HistoryStore store = store();
        HistoryStore.Listing listing = store.list();
        listing.notes().forEach(n -> err.println("smtpx history: " + Printable.escape(n)));
        List<HistoryEntry> found = listing.search(search);
        if (limit != null && found.size() > limit) {
            found = found.subList(0, limit);
        }
        if (found.isEmpty()) {
            out.println(listing.entries().isEmpty() ? "* The history is empty" + (store.enabled(System.getenv())
                    ? "." : " (recording is off).") : "* No session matches \"" + Printable.escape(search) + "\".");
            return 0;
        }
        int width = String.valueOf(found.get(0).number()).length();
        int server = 0;
        for (HistoryEntry e : found) {
            server = Math.max(server, Printable.escape(e.server()).length());
        }
        for (HistoryEntry e : found) {
            out.println(line(e, width, server));
        }
        if (!store.enabled(System.getenv())) {
            err.println("smtpx history: recording is off (" + (store.enabledSetting() ? HistoryStore.ENV + " says so"
                    : "smtpx history on turns it on") + ")");
        }
        return 0;
    }

    /** "  12  2026-11-30 05:01:02  127.0.0.1:2525  refused  550 5.1.1 ...  (1,234 bytes, send)". */
    static String line(HistoryEntry e, int width, int serverWidth) {
        String size = e.size() < 0 ? "no message" : String.format(Locale.ROOT, "%,d bytes", e.size());
        return String.format(Locale.ROOT, "%-" + (width + 1) + "s  %s  %-" + serverWidth + "s  %-9s %s  (%s, %s)",
                "@" + e.number(),
                TIME.format(e.time().atZone(ZoneId.systemDefault())), Printable.escape(e.server()),
                e.outcome().kind().word(), e.outcome().text(), size, e.source());
    }

    /** smtpx history show N: the session's transcript, annotated. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a session's transcript (C: client, S: server, * notes, ! failures), secrets redacted.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "N", description = "The session's number (also @N or history:N).")
        String number;

        @Option(names = "--explain", description = "Explain each command and reply under it, with its RFC.")
        boolean explain;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int n = number.matches("[0-9]{1,9}") ? Integer.parseInt(number) : HistoryStore.reference(number);
            if (n < 1) {
                err.println("smtpx history show: \"" + Printable.escape(number) + "\" is not a session number");
                return FailureClass.USAGE.exitCode();
            }
            HistoryStore store = store();
            HistoryEntry entry = store.list().find(n).orElse(null);
            if (entry == null) {
                err.println("smtpx history show: no session #" + n + " in the history (smtpx history lists them)");
                return FailureClass.USAGE.exitCode();
            }
            SavedSession session;
            try {
                session = store.load(entry);
            } catch (IOException e) {
                err.println("smtpx history show: " + Printable.escape(e.getMessage()));
                return FailureClass.USAGE.exitCode();
            }
            out.println("* Session @" + entry.number() + ", " + TIME.format(entry.time().atZone(ZoneId.systemDefault()))
                    + ", " + entry.source() + ", " + Printable.escape(entry.server()) + ": " + entry.outcome().kind()
                    .word() + ", " + entry.outcome().text());
            Annotator annotator = explain ? new Annotator() : null;
            for (TranscriptEntry e : session.entries()) {
                out.println(TranscriptExport.textLine(e.redacted()));
                if (annotator != null) {
                    annotator.annotate(e).ifPresent(out::println);
                }
            }
            out.println("* File: " + store.fileOf(entry));
            return 0;
        }
    }

    /** smtpx history clear. */
    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove every session from the history.")
    static final class Clear implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            int n = store().clear();
            spec.commandLine().getOut().println("* Removed " + n + " session" + (n == 1 ? "" : "s")
                    + " from the history.");
            return 0;
        }
    }

    /** smtpx history off. */
    @Command(name = "off", mixinStandardHelpOptions = true,
            description = "Stop recording sessions (smtpx and the window); what is recorded stays.")
    static final class Off implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            store().setEnabled(false);
            spec.commandLine().getOut().println("* The history is off: sessions are no longer recorded.");
            return 0;
        }
    }

    /** smtpx history on. */
    @Command(name = "on", mixinStandardHelpOptions = true, description = "Record sessions again (the default).")
    static final class On implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            HistoryStore store = store();
            store.setEnabled(true);
            spec.commandLine().getOut().println("* The history is on" + (store.enabled(System.getenv()) ? "."
                    : ", but " + HistoryStore.ENV + " turns it off in this environment."));
            return 0;
        }
    }
}
