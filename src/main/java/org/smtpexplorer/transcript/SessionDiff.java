package org.smtpexplorer.transcript;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Two sessions compared step by step: a saved one and its replay against another server (or any two). Pure: from
 * two transcripts to rows and text, so that {@code smtpx replay} prints it and the window can show the same rows side
 * by side.
 *
 * <p>The steps ({@link SessionStep}) are aligned by what they are (the greeting, each command's verb, the message, the
 * TLS handshake, a failure) with a longest common subsequence, so that a step only one session took (an RSET after a
 * refusal, DATA where the other sent BDAT) stands alone and the rest stay paired. Two paired steps are alike when the
 * command is the same and so are the reply codes and enhanced codes; with {@code exact}, the reply text too. The
 * EHLO replies are compared keyword by keyword apart ({@link #capabilities()}), since their first line names the
 * server.
 *
 * @param rows         the aligned steps, in order
 * @param capabilities the EHLO replies compared, one phase (before TLS, after TLS) at a time
 * @param savedOutcome  what became of the saved session's message
 * @param replayOutcome what became of the replay's message
 * @param exact         reply text was compared too
 */
public record SessionDiff(List<Row> rows, List<CapabilityPhase> capabilities, Outcome savedOutcome,
                          Outcome replayOutcome, boolean exact) {

    /** Aligning more steps than this (product of both counts) would take too long; the rest is paired in order. */
    private static final long MAX_CELLS = 4_000_000;

    public SessionDiff {
        rows = List.copyOf(rows);
        capabilities = List.copyOf(capabilities);
    }

    /** How a row differs. */
    public enum Change { ALIKE, CHANGED, SAVED_ONLY, REPLAY_ONLY }

    /**
     * One aligned pair of steps.
     *
     * @param change      how they differ
     * @param saved       the saved session's step, or null (REPLAY_ONLY)
     * @param savedIndex  its position among the saved session's steps, from 1; 0 when none
     * @param replay      the replay's step, or null (SAVED_ONLY)
     * @param replayIndex its position among the replay's steps, from 1; 0 when none
     */
    public record Row(Change change, SessionStep saved, int savedIndex, SessionStep replay, int replayIndex) {
        /** The step's short name, from whichever side has it. */
        public String name() {
            return (saved != null ? saved : replay).name();
        }
    }

    /**
     * The EHLO keywords of one phase compared.
     *
     * @param phase      "EHLO before TLS", "EHLO after TLS" (a second EHLO in the same phase is numbered)
     * @param inSaved    the saved session had this EHLO
     * @param inReplay   the replay had it
     * @param alike      keywords advertised alike (same parameters) by both
     * @param changes    keywords advertised by one only, or with other parameters
     */
    public record CapabilityPhase(String phase, boolean inSaved, boolean inReplay, int alike,
                                  List<KeywordChange> changes) {
        public CapabilityPhase {
            changes = List.copyOf(changes);
        }
    }

    /**
     * A keyword that differs.
     *
     * @param keyword the keyword
     * @param saved   its parameters in the saved session ("" for none), or null when not advertised there
     * @param replay  its parameters in the replay, or null when not advertised there
     */
    public record KeywordChange(String keyword, String saved, String replay) {
    }

    /** Compares by command and reply codes. */
    public static SessionDiff of(List<TranscriptEntry> saved, List<TranscriptEntry> replay) {
        return of(saved, replay, false);
    }

    /** Compares by command and reply codes, and with {@code exact} by reply text too. */
    public static SessionDiff of(List<TranscriptEntry> saved, List<TranscriptEntry> replay, boolean exact) {
        List<SessionStep> a = SessionStep.of(saved);
        List<SessionStep> b = SessionStep.of(replay);
        return new SessionDiff(align(a, b, exact), compareCapabilities(a, b), outcome(a), outcome(b), exact);
    }

    /** No step, no capability and not the outcome differs. */
    public boolean identical() {
        return rows.stream().allMatch(r -> r.change() == Change.ALIKE) && capabilityChanges() == 0
                && outcomeAlike();
    }

    /** The message fared alike: the same kind of end, with the same codes (and text, when exact). */
    public boolean outcomeAlike() {
        return savedOutcome.sameAs(replayOutcome, exact);
    }

    /** Keywords that differ, over all phases; a phase only one session had counts as one. */
    public int capabilityChanges() {
        return capabilities.stream().mapToInt(p -> p.inSaved() != p.inReplay() ? 1 : p.changes().size()).sum();
    }

    /** One line saying how much differs: steps, keywords, outcome. */
    public String summary() {
        if (identical()) {
            return "no difference";
        }
        long steps = differences().size();
        int keywords = capabilityChanges();
        List<String> parts = new ArrayList<>();
        parts.add(steps == 0 ? "no step differs" : steps + " of " + rows.size() + " steps differ");
        if (keywords > 0) {
            parts.add(keywords + (keywords == 1 ? " capability differs" : " capabilities differ"));
        }
        parts.add(outcomeAlike() ? "the outcome is alike" : "the outcome differs");
        return String.join("; ", parts);
    }

    /** The rows that differ. */
    public List<Row> differences() {
        return rows.stream().filter(r -> r.change() != Change.ALIKE).toList();
    }

    // --- alignment ---

    private static List<Row> align(List<SessionStep> a, List<SessionStep> b, boolean exact) {
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).key().equals(b.get(prefix).key())) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).key().equals(b.get(b.size() - 1 - suffix).key())) {
            suffix++;
        }
        List<int[]> pairs = new ArrayList<>(); // {i, j}, -1 for none
        for (int k = 0; k < prefix; k++) {
            pairs.add(new int[] {k, k});
        }
        pairs.addAll(middle(a, b, prefix, a.size() - suffix, prefix, b.size() - suffix));
        for (int k = suffix; k > 0; k--) {
            pairs.add(new int[] {a.size() - k, b.size() - k});
        }
        List<Row> rows = new ArrayList<>(pairs.size());
        for (int[] p : pairs) {
            SessionStep s = p[0] < 0 ? null : a.get(p[0]);
            SessionStep r = p[1] < 0 ? null : b.get(p[1]);
            Change c = s == null ? Change.REPLAY_ONLY : r == null ? Change.SAVED_ONLY
                    : alike(s, r, exact) ? Change.ALIKE : Change.CHANGED;
            rows.add(new Row(c, s, p[0] + 1, r, p[1] + 1));
        }
        return rows;
    }

    /** Longest common subsequence of the keys of a[aFrom..aTo) and b[bFrom..bTo); unmatched steps stand alone. */
    private static List<int[]> middle(List<SessionStep> a, List<SessionStep> b, int aFrom, int aTo, int bFrom,
                                      int bTo) {
        int n = aTo - aFrom;
        int m = bTo - bFrom;
        List<int[]> out = new ArrayList<>();
        if ((long) n * m > MAX_CELLS) {
            for (int k = 0; k < Math.max(n, m); k++) {
                out.add(new int[] {k < n ? aFrom + k : -1, k < m ? bFrom + k : -1});
            }
            return out;
        }
        int[][] len = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                len[i][j] = a.get(aFrom + i).key().equals(b.get(bFrom + j).key()) ? len[i + 1][j + 1] + 1
                        : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        List<int[]> gapA = new ArrayList<>();
        List<int[]> gapB = new ArrayList<>();
        while (i < n || j < m) {
            if (i < n && j < m && a.get(aFrom + i).key().equals(b.get(bFrom + j).key())
                    && len[i][j] == len[i + 1][j + 1] + 1) {
                out.addAll(gapA);
                out.addAll(gapB);
                gapA.clear();
                gapB.clear();
                out.add(new int[] {aFrom + i++, bFrom + j++});
            } else if (j >= m || (i < n && len[i + 1][j] >= len[i][j + 1])) {
                gapA.add(new int[] {aFrom + i++, -1});
            } else {
                gapB.add(new int[] {-1, bFrom + j++});
            }
        }
        // Within a gap, the saved session's steps first, then the replay's, as a unified diff shows them.
        out.addAll(gapA);
        out.addAll(gapB);
        return out;
    }

    private static boolean alike(SessionStep s, SessionStep r, boolean exact) {
        if (s.kind() != r.kind() || !s.key().equals(r.key())) {
            return false;
        }
        TranscriptEntry.Command sc = s.command().orElse(null);
        TranscriptEntry.Command rc = r.command().orElse(null);
        if (sc != null && !sc.redactedText().equals(rc.redactedText())) {
            return false;
        }
        long sBytes = s.payload().map(TranscriptEntry.Payload::bytes).orElse(-1L);
        long rBytes = r.payload().map(TranscriptEntry.Payload::bytes).orElse(-1L);
        if (sBytes != rBytes) {
            return false;
        }
        List<TranscriptEntry.Reply> sr = s.replies();
        List<TranscriptEntry.Reply> rr = r.replies();
        if (sr.size() != rr.size()) {
            return false;
        }
        boolean ehlo = s.key().equals("EHLO");
        for (int k = 0; k < sr.size(); k++) {
            TranscriptEntry.Reply x = sr.get(k);
            TranscriptEntry.Reply y = rr.get(k);
            if (x.code() != y.code() || !Objects.equals(x.enhanced(), y.enhanced())) {
                return false;
            }
            if (exact && !ehlo && !x.text().equals(y.text())) {
                return false;
            }
        }
        return switch (s.kind()) {
            case TLS -> {
                TranscriptEntry.TlsUp x = (TranscriptEntry.TlsUp) s.entries().get(0);
                TranscriptEntry.TlsUp y = (TranscriptEntry.TlsUp) r.entries().get(0);
                yield Objects.equals(x.protocol(), y.protocol()) && Objects.equals(x.cipher(), y.cipher())
                        && x.verified() == y.verified() && (!exact || x.text().equals(y.text()));
            }
            case FAILURE -> {
                TranscriptEntry.Failure x = (TranscriptEntry.Failure) s.entries().get(0);
                TranscriptEntry.Failure y = (TranscriptEntry.Failure) r.entries().get(0);
                yield Objects.equals(x.failureClass(), y.failureClass()) && (!exact || x.text().equals(y.text()));
            }
            default -> true;
        };
    }

    // --- capabilities ---

    private static List<CapabilityPhase> compareCapabilities(List<SessionStep> a, List<SessionStep> b) {
        Map<String, Map<String, String>> sa = ehloPhases(a);
        Map<String, Map<String, String>> sb = ehloPhases(b);
        Set<String> phases = new LinkedHashSet<>(sa.keySet());
        phases.addAll(sb.keySet());
        List<CapabilityPhase> out = new ArrayList<>();
        for (String phase : phases) {
            Map<String, String> x = sa.getOrDefault(phase, Map.of());
            Map<String, String> y = sb.getOrDefault(phase, Map.of());
            Set<String> keywords = new LinkedHashSet<>(x.keySet());
            keywords.addAll(y.keySet());
            int alike = 0;
            List<KeywordChange> changes = new ArrayList<>();
            for (String k : keywords) {
                if (Objects.equals(x.get(k), y.get(k))) {
                    alike++;
                } else {
                    changes.add(new KeywordChange(k, x.get(k), y.get(k)));
                }
            }
            out.add(new CapabilityPhase(phase, sa.containsKey(phase), sb.containsKey(phase), alike, changes));
        }
        return out;
    }

    /** Each successful EHLO's keywords (keyword to its parameters), by phase. */
    private static Map<String, Map<String, String>> ehloPhases(List<SessionStep> steps) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        boolean tls = false;
        for (SessionStep s : steps) {
            if (s.kind() == SessionStep.Kind.TLS) {
                tls = true;
            } else if (s.kind() == SessionStep.Kind.GREETING) {
                tls = false;
            } else if (s.key().equals("EHLO") && s.code() / 100 == 2) {
                String base = "EHLO " + (tls ? "after TLS" : "before TLS");
                String phase = base;
                for (int n = 2; out.containsKey(phase); n++) {
                    phase = base + " #" + n;
                }
                out.put(phase, s.ehloKeywords());
            }
        }
        return out;
    }

    // --- outcome ---

    /**
     * What became of a session's message.
     *
     * @param kind     accepted, refused, sent without a reply, or not sent
     * @param code     the reply to the end of the message, or 0
     * @param enhanced its enhanced code, or null
     * @param text     in words, escaped: the reply's first line, or the failure that ended the session
     */
    public record Outcome(OutcomeKind kind, int code, String enhanced, String text) {
        /** In words: "message accepted: 250 2.0.0 ...". */
        public String describe() {
            return switch (kind) {
                case ACCEPTED -> "message accepted: " + text;
                case REFUSED -> "message refused: " + text;
                case NO_REPLY -> "message sent, no reply" + (text == null ? "" : ": " + text);
                case NOT_SENT -> "no message sent" + (text == null ? "" : ": " + text);
            };
        }

        /** The same outcome: the same kind and reply codes (and with {@code exact}, the same text). */
        boolean sameAs(Outcome other, boolean exact) {
            return kind == other.kind && code == other.code && Objects.equals(enhanced, other.enhanced)
                    && (!exact || Objects.equals(text, other.text));
        }
    }

    /** How a session's message fared. */
    public enum OutcomeKind { ACCEPTED, REFUSED, NO_REPLY, NOT_SENT }

    /** What became of the message: the reply to its end, else the failure that ended the session. */
    private static Outcome outcome(List<SessionStep> steps) {
        SessionStep end = null;
        String failure = null;
        for (SessionStep s : steps) {
            boolean lastChunk = s.key().equals("BDAT") && s.command()
                    .map(c -> c.text().strip().toUpperCase(Locale.ROOT).endsWith(" LAST")).orElse(false);
            if (s.kind() == SessionStep.Kind.MESSAGE || lastChunk) {
                end = s;
            } else if (s.kind() == SessionStep.Kind.FAILURE) {
                failure = Printable.escape(s.entries().get(0).text());
            }
        }
        if (end == null) {
            return new Outcome(OutcomeKind.NOT_SENT, 0, null, failure);
        }
        List<TranscriptEntry.Reply> r = end.replies();
        if (r.isEmpty()) {
            return new Outcome(OutcomeKind.NO_REPLY, 0, null, failure);
        }
        TranscriptEntry.Reply last = r.get(r.size() - 1);
        return new Outcome(last.code() / 100 == 2 ? OutcomeKind.ACCEPTED : OutcomeKind.REFUSED, last.code(),
                last.enhanced(), Printable.escape(last.text().split("\n", -1)[0]));
    }

    // --- text ---

    /**
     * The differences as text: {@code - } lines for the saved session, {@code + } for the replay, two spaces for
     * a line both have, {@code @ } naming the step that differs, and {@code = } summing up steps alike; then the
     * capabilities, keyword by keyword, and the outcomes.
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        List<Row> alikeRun = new ArrayList<>();
        for (Row row : rows) {
            if (row.change() == Change.ALIKE) {
                alikeRun.add(row);
                continue;
            }
            flushAlike(alikeRun, out);
            out.add("@ " + row.name() + " (" + position(row) + ")");
            List<String> left = row.saved() == null ? List.of() : row.saved().lines();
            List<String> right = row.replay() == null ? List.of() : row.replay().lines();
            int common = 0;
            while (common < left.size() && common < right.size() && left.get(common).equals(right.get(common))) {
                out.add("  " + left.get(common++));
            }
            for (int k = common; k < left.size(); k++) {
                out.add("- " + left.get(k));
            }
            for (int k = common; k < right.size(); k++) {
                out.add("+ " + right.get(k));
            }
        }
        flushAlike(alikeRun, out);
        for (CapabilityPhase p : capabilities) {
            if (!p.inSaved()) {
                out.add("@ capabilities, " + p.phase() + ": only in the replay");
            } else if (!p.inReplay()) {
                out.add("@ capabilities, " + p.phase() + ": only in the saved session");
            } else if (p.changes().isEmpty()) {
                out.add("= capabilities, " + p.phase() + ": " + p.alike() + " keyword" + (p.alike() == 1 ? "" : "s")
                        + " alike");
                continue;
            } else {
                out.add("@ capabilities, " + p.phase() + ": " + (p.changes().size() == 1 ? "1 keyword differs"
                        : p.changes().size() + " keywords differ") + ", " + p.alike() + " alike");
            }
            for (KeywordChange k : p.changes()) {
                if (k.saved() != null) {
                    out.add("- " + Printable.escape(keywordLine(k.keyword(), k.saved())));
                }
                if (k.replay() != null) {
                    out.add("+ " + Printable.escape(keywordLine(k.keyword(), k.replay())));
                }
            }
        }
        if (outcomeAlike()) {
            out.add("= outcome alike: " + savedOutcome.describe());
        } else {
            out.add("@ outcome");
            out.add("- " + savedOutcome.describe());
            out.add("+ " + replayOutcome.describe());
        }
        return out;
    }

    /** {@link #lines()} as one text, each line ended by LF. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (String line : lines()) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    private static String keywordLine(String keyword, String params) {
        return params.isEmpty() ? keyword : keyword + " " + params;
    }

    private static String position(Row row) {
        if (row.saved() == null) {
            return "only in the replay, step " + row.replayIndex();
        }
        if (row.replay() == null) {
            return "only in the saved session, step " + row.savedIndex();
        }
        return row.savedIndex() == row.replayIndex() ? "step " + row.savedIndex()
                : "step " + row.savedIndex() + " saved, " + row.replayIndex() + " replay";
    }

    private static void flushAlike(List<Row> run, List<String> out) {
        if (run.isEmpty()) {
            return;
        }
        out.add("= " + alikeRun(run));
        run.clear();
    }

    /**
     * A run of steps alike in one line: "8 steps alike (steps 1-8): greeting, EHLO, AUTH response x2, ...", the
     * line {@link #lines()} prints after "= ", and the window shows for a collapsed run.
     */
    public static String alikeRun(List<Row> run) {
        List<String> names = new ArrayList<>();
        String last = null;
        int count = 0;
        for (Row r : run) {
            String name = r.name();
            if (name.equals(last)) {
                count++;
                continue;
            }
            if (last != null) {
                names.add(count > 1 ? last + " x" + count : last);
            }
            last = name;
            count = 1;
        }
        names.add(count > 1 ? last + " x" + count : last);
        Row first = run.get(0);
        return (run.size() == 1 ? "1 step alike" : run.size() + " steps alike") + " ("
                + range(first, run.get(run.size() - 1)) + "): " + String.join(", ", names);
    }

    private static String range(Row first, Row last) {
        String saved = first.savedIndex() == last.savedIndex() ? "" + first.savedIndex()
                : first.savedIndex() + "-" + last.savedIndex();
        if (first.savedIndex() == first.replayIndex() && last.savedIndex() == last.replayIndex()) {
            return (first == last ? "step " : "steps ") + saved;
        }
        String replay = first.replayIndex() == last.replayIndex() ? "" + first.replayIndex()
                : first.replayIndex() + "-" + last.replayIndex();
        return "saved " + saved + ", replay " + replay;
    }
}
