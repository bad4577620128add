package org.smtpexplorer.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.transcript.Printable;

/**
 * The result of one smuggling probe run: a row per variant that ran, what stopped it early (if anything), and the
 * outcome with its exit code. Its text forms are pure functions of it; server text in them is escaped.
 *
 * @param server    HOST:PORT as probed
 * @param from      the envelope sender used
 * @param to        the envelope recipient used
 * @param marker    the run's marker, in every subject and Message-ID
 * @param started   when the run started
 * @param took      how long it took
 * @param results   a result per variant run, the control first
 * @param stoppedBy the failure that stopped the run before every variant ran, or null
 * @param notRun    the variants not run because of it
 */
public record ProbeReport(String server, String from, String to, String marker, Instant started, Duration took,
                          List<VariantResult> results, SmtpException stoppedBy, List<SmugglingVariant> notRun) {

    /** The exit code of {@code smtpx probe smuggling} when a look-alike ended the message. */
    public static final int EXIT_VULNERABLE = 13;
    /** The exit code when no look-alike ended the message but some verdict could not be reached. */
    public static final int EXIT_INCONCLUSIVE = 14;

    public ProbeReport {
        results = List.copyOf(results);
        notRun = List.copyOf(notRun);
    }

    /** The run's overall finding. */
    public enum Outcome {
        /** Every look-alike was read as message text or refused: the control showed the detection works. */
        SAFE,
        /** At least one look-alike ended the message. */
        VULNERABLE,
        /** None ended it, but some verdict could not be reached, or the control did not confirm the detection. */
        INCONCLUSIVE,
        /** The run stopped before the look-alikes could be tried (connection, TLS, AUTH, sender, recipient). */
        FAILED
    }

    /** The look-alikes that ended the message. */
    public List<VariantResult> vulnerable() {
        return results.stream().filter(VariantResult::vulnerable).toList();
    }

    /** True when the control ran and ended the message, as the real end of data must. */
    public boolean controlConfirmed() {
        return results.stream().anyMatch(r -> r.variant().isControl() && r.verdict() == Verdict.ENDED_HERE);
    }

    /** A finding of vulnerability stands even when the run stopped later; safety needs every verdict. */
    public Outcome outcome() {
        if (!vulnerable().isEmpty()) {
            return Outcome.VULNERABLE;
        }
        if (stoppedBy != null) {
            return Outcome.FAILED;
        }
        boolean undecided = results.stream().anyMatch(r -> !r.variant().isControl()
                && r.verdict() == Verdict.INCONCLUSIVE);
        return undecided || !controlConfirmed() ? Outcome.INCONCLUSIVE : Outcome.SAFE;
    }

    /**
     * 0 safe, {@value #EXIT_VULNERABLE} vulnerable, {@value #EXIT_INCONCLUSIVE} inconclusive, and for a run that
     * stopped before the look-alikes, the exit code of its failure, as {@code smtpx send} gives it.
     */
    public int exitCode() {
        return switch (outcome()) {
            case SAFE -> 0;
            case VULNERABLE -> EXIT_VULNERABLE;
            case INCONCLUSIVE -> EXIT_INCONCLUSIVE;
            case FAILED -> stoppedBy.failureClass().exitCode();
        };
    }

    /** One paragraph: the outcome, what it means and what to do. */
    public String summary() {
        List<VariantResult> bad = vulnerable();
        int tried = (int) results.stream().filter(r -> !r.variant().isControl() && r.failure() == null).count();
        return switch (outcome()) {
            case VULNERABLE -> "VULNERABLE: " + bad.size() + " of " + tried + " end-of-data look-alike"
                    + (tried == 1 ? "" : "s") + " ended the message at " + server + " ("
                    + String.join(", ", bad.stream().map(r -> r.variant().notation()).toList()) + "). A sending"
                    + " server in front of it that passes such a sequence on unchanged lets its users smuggle a"
                    + " second message with any sender past SPF and DMARC (SMTP smuggling). Accept only"
                    + " <CR><LF>.<CR><LF> as the end of data, and refuse or normalise bare CR and LF: Postfix"
                    + " smtpd_forbid_bare_newline = normalize or reject (3.5.23, 3.6.13, 3.7.9, 3.8.4, 3.9; mind"
                    + " smtpd_forbid_bare_newline_exclusions, $mynetworks by default), Sendmail 8.18 srv_features"
                    + " 'o', Exim 4.97.1 or later." + stopNote();
            case SAFE -> "SAFE: none of the " + tried + " end-of-data look-alikes ended the message at " + server
                    + "; the control (the real end of data) did, so the probe could see it.";
            case INCONCLUSIVE -> "INCONCLUSIVE: no look-alike was seen ending the message at " + server + ", but "
                    + (controlConfirmed() ? "some verdicts could not be reached (see the rows marked INCONCLUSIVE)"
                    : "the control (the real end of data) did not show the server answering the commands behind"
                    + " it, so the probe cannot see smuggled commands answered here") + ".";
            case FAILED -> "FAILED: the probe stopped before " + (results.size() <= 1 ? "the look-alikes"
                    : "every look-alike") + " could be tried: " + Printable.escape(stoppedBy.getMessage()) + ".";
        };
    }

    private String stopNote() {
        return stoppedBy == null ? "" : " The run stopped early (" + Printable.escape(stoppedBy.getMessage())
                + "): " + notRun.size() + " not tried.";
    }

    /** The table: variant, its bytes escaped, the verdict and the replies in short. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"variant", "bytes", "verdict", "replies after the data"});
        for (VariantResult r : results) {
            rows.add(new String[] {r.variant().notation(), r.variant().escaped(), r.verdictText(), r.codes()});
        }
        for (SmugglingVariant v : notRun) {
            rows.add(new String[] {v.notation(), v.escaped(), "not run", ""});
        }
        int[] width = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(i == row.length - 1 ? row[i] : pad(row[i], width[i] + 2));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Per variant: its verdict and evidence, why it matters, and its sources. */
    public String details() {
        StringBuilder sb = new StringBuilder();
        for (VariantResult r : results) {
            SmugglingVariant v = r.variant();
            sb.append(sb.length() == 0 ? "" : "\n").append(v.notation()).append("  ").append(v.escaped())
                    .append("  (").append(v.id()).append("): ").append(r.verdictText()).append('\n');
            sb.append("  Evidence: ").append(Printable.escape(r.evidence())).append('\n');
            sb.append("  What it is: ").append(v.explanation()).append('\n');
            sb.append("  Sources: ").append(v.sources()).append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
