package org.smtpexplorer.explain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.smtpexplorer.engine.SessionRules;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.Verb;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * The teaching knowledge base: explanations of SMTP commands, reply codes, enhanced status codes, EHLO
 * extensions, SASL mechanisms, MAIL/RCPT parameters and the engine's session states.
 *
 * <p>All knowledge lives in JSON files next to this class; {@link #load()} reads them once and caches the
 * result. Look-ups are case-insensitive, never throw on odd input, and answer {@link Optional#empty()} (or an
 * empty list) for anything that is not in the knowledge base.
 */
public final class KnowledgeBase {

    /** The resource files, relative to this package. */
    static final List<String> RESOURCE_FILES = List.of("commands.json", "replies.json", "enhanced-status.json",
            "extensions.json", "mechanisms.json", "parameters.json", "states.json");

    /** The engine's session state names, from the engine itself. */
    public static final List<String> STATES = Arrays.stream(SessionState.values()).map(Enum::name).toList();

    /** Context key for "the reply after the end of message data" (final dot, BDAT LAST, BURL LAST). */
    public static final String END_OF_DATA = ".";
    /** Context key for "the reply when the connection opens" (the greeting). */
    public static final String CONNECT = "CONNECT";

    private static final Pattern ENHANCED = Pattern.compile("([245Xx])\\.(\\d{1,3}|[Xx])\\.(\\d{1,3}|[Xx])");
    private static final Pattern REPLY_LINE = Pattern.compile("(\\d{3})(?:[ -](.*))?", Pattern.DOTALL);
    private static final Pattern REPLY_GROUP = Pattern.compile("([1-5])yz|x([0-5])z", Pattern.CASE_INSENSITIVE);
    private static final Set<String> END_ALIASES = Set.of(".", "EOM", "DOT", "END", "END-OF-DATA", "END_OF_DATA",
            "DATA-END", "DATA_END", "FINAL-DOT", "<CRLF>.<CRLF>", "CRLF.CRLF");
    private static final Set<String> CONNECT_ALIASES = Set.of("CONNECT", "CONNECTION", "GREETING", "BANNER",
            "OPEN", "CONNECTED");
    private static final int MAX_QUERY = 2000;

    private static final class Holder {
        static final KnowledgeBase INSTANCE = readResources();
    }

    private final Map<String, CommandInfo> commands;
    private final Map<String, Entries.ReplyGroup> replyGroups;
    private final Map<Integer, Entries.ReplyCode> replies;
    private final Map<Integer, Entries.EnhancedClass> enhancedClasses;
    private final Map<Integer, Entries.EnhancedSubject> enhancedSubjects;
    private final Map<String, Entries.EnhancedDetail> enhancedDetails;
    private final Map<String, Entries.Extension> extensions;
    private final Map<String, Entries.Mechanism> mechanisms;
    private final Map<String, Entries.Parameter> parameters;
    private final Map<String, Entries.State> states;

    private KnowledgeBase(Entries.CommandFile c, Entries.ReplyFile r, Entries.EnhancedFile e,
                          Entries.ExtensionFile x, Entries.MechanismFile m, Entries.ParameterFile p,
                          Entries.StateFile s) {
        commands = index("command", c.commands().stream().map(KnowledgeBase::withEngineStates).toList(),
                CommandInfo::verb);
        Map<String, Entries.ReplyGroup> groups = new LinkedHashMap<>();
        groups.putAll(index("reply class", r.classes(), g -> g.key().toLowerCase(Locale.ROOT)));
        for (var g : index("reply category", r.categories(), g -> g.key().toLowerCase(Locale.ROOT)).entrySet()) {
            if (groups.putIfAbsent(g.getKey(), g.getValue()) != null) {
                throw new IllegalStateException("duplicate reply group " + g.getKey());
            }
        }
        replyGroups = Collections.unmodifiableMap(groups);
        replies = indexInt("reply", r.codes(), Entries.ReplyCode::code);
        enhancedClasses = indexInt("enhanced class", e.classes(), Entries.EnhancedClass::code);
        enhancedSubjects = indexInt("enhanced subject", e.subjects(), Entries.EnhancedSubject::subject);
        enhancedDetails = index("enhanced detail", e.details(), Entries.EnhancedDetail::code);
        extensions = index("extension", x.extensions(), Entries.Extension::keyword);
        mechanisms = index("mechanism", m.mechanisms(), Entries.Mechanism::name);
        parameters = index("parameter", p.parameters(), Entries.Parameter::name);
        states = index("state", s.states(), Entries.State::name);
        validate();
    }

    /** Loads the knowledge base from the class path once and returns the cached instance afterwards. */
    public static KnowledgeBase load() {
        return Holder.INSTANCE;
    }

    // ------------------------------------------------------------------------------------------------ lookups

    /** A command by verb ("rcpt", "MAIL FROM:&lt;a@b&gt;" and "RCPT" all work: the first word counts). */
    public Optional<Explanation> command(String verb) {
        return commandInfo(verb).map(this::explainCommand);
    }

    /** The structured facts behind {@link #command(String)}, e.g. to check in which states a verb is legal. */
    public Optional<CommandInfo> commandInfo(String verb) {
        String v = firstWord(verb);
        return v.isEmpty() ? Optional.empty() : Optional.ofNullable(commands.get(v));
    }

    /**
     * The generic meaning of a basic reply code. A code we do not list but whose digits are well formed (first
     * digit 1-5, second 0-5) is explained from its digits; anything else is empty.
     */
    public Optional<Explanation> replyCode(int code) {
        Entries.ReplyCode r = replies.get(code);
        if (r != null) {
            return Optional.of(explainReply(r));
        }
        return composeUnlistedReply(code);
    }

    /**
     * The meaning of a reply code as the answer to a given command, e.g. {@code replyCode(354, "DATA")}. Use
     * {@link #END_OF_DATA} (".") for the reply after the final dot, and {@link #CONNECT} for the greeting;
     * {@code "DATA"} also finds the end-of-data meaning when the code has no meaning as a reply to the DATA
     * command itself. Falls back to the generic meaning.
     */
    public Optional<Explanation> replyCode(int code, String afterCommandVerb) {
        Entries.ReplyCode r = replies.get(code);
        if (r == null) {
            return composeUnlistedReply(code);
        }
        String ctx = contextKey(afterCommandVerb);
        Entries.Context c = ctx == null ? null : r.contexts().get(ctx);
        if (c == null && "DATA".equals(ctx)) {
            ctx = END_OF_DATA;
            c = r.contexts().get(ctx);
        }
        if (c == null) {
            return Optional.of(explainReply(r));
        }
        String after = END_OF_DATA.equals(ctx) ? "after the end of the message data"
                : CONNECT.equals(ctx) ? "as the greeting" : "after " + ctx;
        String text = c.text() + "\nIn general, " + r.code() + " means: " + r.summary();
        return Optional.of(new Explanation(Explanation.REPLY, String.valueOf(r.code()),
                r.code() + " " + after + " — " + r.title(), text, union(c.sources(), r.sources()),
                r.seeAlso()));
    }

    /**
     * An enhanced status code such as "5.7.1": class meaning + subject meaning + detail meaning (detail codes are
     * defined per subject.detail, independent of the class). Also accepts "X.7.1" (the detail alone),
     * "5.7.X"/"X.7.X" (a subject) and "5.X.X" (a class). Empty for malformed codes, unknown classes or subjects.
     */
    public Optional<Explanation> enhancedStatus(String code) {
        if (code == null) {
            return Optional.empty();
        }
        Matcher m = ENHANCED.matcher(code.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        Integer cls = number(m.group(1));
        Integer subject = number(m.group(2));
        Integer detail = number(m.group(3));
        if (subject == null && detail != null) {
            return Optional.empty();
        }
        Entries.EnhancedClass c = cls == null ? null : enhancedClasses.get(cls);
        if (cls != null && c == null) {
            return Optional.empty();
        }
        if (subject == null) {
            return c == null ? Optional.empty() : Optional.of(explainEnhancedClass(c));
        }
        Entries.EnhancedSubject s = enhancedSubjects.get(subject);
        if (s == null) {
            return Optional.empty();
        }
        if (detail == null) {
            return Optional.of(explainEnhancedSubject(c, s));
        }
        Entries.EnhancedDetail d = enhancedDetails.get("X." + subject + "." + detail);
        if (c == null && d == null) {
            return Optional.empty();
        }
        return Optional.of(explainEnhanced(c, s, detail, d));
    }

    /**
     * An EHLO keyword. Accepts a bare keyword ("chunking") or an EHLO response line ("250-SIZE 35882577",
     * "AUTH=LOGIN PLAIN"); the pre-standard "AUTH=" and "X-EXPS=" forms are their own entries.
     */
    public Optional<Explanation> extension(String keyword) {
        return Optional.ofNullable(findExtension(keyword)).map(this::explainExtension);
    }

    /** A SASL mechanism ("scram-sha-256", "PLAIN"; "AUTH PLAIN" also works). */
    public Optional<Explanation> mechanism(String saslName) {
        if (saslName == null) {
            return Optional.empty();
        }
        String n = norm(saslName);
        if (n.startsWith("AUTH ")) {
            n = n.substring(5).strip();
        }
        n = firstWord(n);
        return Optional.ofNullable(mechanisms.get(n)).map(this::explainMechanism);
    }

    /** A MAIL or RCPT parameter: "SIZE", "NOTIFY=", "notify=SUCCESS,FAILURE" all work. */
    public Optional<Explanation> parameter(String name) {
        return Optional.ofNullable(findParameter(name)).map(this::explainParameter);
    }

    /** One of the engine's session states ({@link #STATES}). */
    public Optional<Explanation> state(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(states.get(norm(name))).map(this::explainState);
    }

    /**
     * What {@code smtpx explain X} prints: every entry of every kind that matches the query, best first. A bare
     * word is looked up as every kind; a whole SMTP line ("550 5.7.1 Relaying denied", "RCPT TO:&lt;a@b&gt;
     * NOTIFY=NEVER", "250-PIPELINING") is taken apart. An empty list means "not in our knowledge base".
     */
    public List<Explanation> explain(String query) {
        if (query == null) {
            return List.of();
        }
        String q = query.strip();
        if (q.isEmpty() || q.length() > MAX_QUERY) {
            return List.of();
        }
        Map<String, Explanation> out = new LinkedHashMap<>();
        if (q.chars().noneMatch(Character::isWhitespace)) {
            exactMatches(q, out);
        }
        if (out.isEmpty()) {
            lineMatches(q, out);
        }
        return List.copyOf(out.values());
    }

    /**
     * What one transcript event means, best first: a command's entry; a reply code's entry as an answer to its
     * command, then its enhanced status code's. Empty for everything else, and for lines the engine could not
     * read as a command or that carry a SASL response.
     */
    public List<Explanation> explain(TranscriptEntry e) {
        List<Explanation> out = new ArrayList<>(2);
        if (e instanceof TranscriptEntry.Command c) {
            if (c.verb() != null && !c.verb().equals("RAW") && !c.verb().equals("AUTH_RESPONSE")) {
                command(c.verb()).ifPresent(out::add);
            }
        } else if (e instanceof TranscriptEntry.Reply r) {
            String verb = "END_OF_DATA".equals(r.answering()) ? END_OF_DATA : r.answering();
            replyCode(r.code(), verb).ifPresent(out::add);
            if (r.enhanced() != null) {
                enhancedStatus(r.enhanced()).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Every entry of one kind, in a stable order (for browsing in the GUI). */
    public List<Explanation> all(String kind) {
        List<Explanation> out = new ArrayList<>();
        switch (kind == null ? "" : kind.toLowerCase(Locale.ROOT)) {
            case Explanation.COMMAND -> commands.values().forEach(c -> out.add(explainCommand(c)));
            case Explanation.REPLY -> {
                replyGroups.values().forEach(g -> out.add(explainReplyGroup(g)));
                replies.values().forEach(r -> out.add(explainReply(r)));
            }
            case Explanation.ENHANCED -> {
                enhancedClasses.values().forEach(c -> out.add(explainEnhancedClass(c)));
                enhancedSubjects.values().forEach(s -> out.add(explainEnhancedSubject(null, s)));
                enhancedDetails.values().forEach(d -> out.add(explainEnhanced(null,
                        enhancedSubjects.get(subjectOf(d.code())), detailOf(d.code()), d)));
            }
            case Explanation.EXTENSION -> extensions.values().forEach(x -> out.add(explainExtension(x)));
            case Explanation.MECHANISM -> mechanisms.values().forEach(m -> out.add(explainMechanism(m)));
            case Explanation.PARAMETER -> parameters.values().forEach(p -> out.add(explainParameter(p)));
            case Explanation.STATE -> states.values().forEach(s -> out.add(explainState(s)));
            default -> {
            }
        }
        return List.copyOf(out);
    }

    public Set<String> extensionKeywords() {
        return Collections.unmodifiableSet(new TreeSet<>(extensions.keySet()));
    }

    public Set<String> commandVerbs() {
        return Collections.unmodifiableSet(new TreeSet<>(commands.keySet()));
    }

    public Set<String> mechanismNames() {
        return Collections.unmodifiableSet(new TreeSet<>(mechanisms.keySet()));
    }

    public Set<String> parameterNames() {
        return Collections.unmodifiableSet(new TreeSet<>(parameters.keySet()));
    }

    public Set<Integer> replyCodes() {
        return Collections.unmodifiableSet(new TreeSet<>(replies.keySet()));
    }

    /** The detail codes we know, as "X.subject.detail". */
    public Set<String> enhancedDetailCodes() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(enhancedDetails.keySet()));
    }

    // ---------------------------------------------------------------------------------------- explain() parts

    private void exactMatches(String q, Map<String, Explanation> out) {
        String u = norm(q);
        if (ENHANCED.matcher(q).matches()) {
            add(out, enhancedStatus(q));
        }
        if (u.matches("\\d{3}")) {
            add(out, replyCode(Integer.parseInt(u)));
        }
        if (REPLY_GROUP.matcher(q).matches()) {
            add(out, Optional.ofNullable(replyGroups.get(q.toLowerCase(Locale.ROOT))).map(this::explainReplyGroup));
        }
        boolean parameterFirst = u.indexOf('=') >= 0;
        if (parameterFirst) {
            add(out, parameter(u));
        }
        add(out, Optional.ofNullable(commands.get(u)).map(this::explainCommand));
        add(out, Optional.ofNullable(exactExtension(u)).map(this::explainExtension));
        add(out, Optional.ofNullable(mechanisms.get(u)).map(this::explainMechanism));
        if (!parameterFirst) {
            add(out, Optional.ofNullable(parameters.get(u)).map(this::explainParameter));
        }
        add(out, state(u));
    }

    private void lineMatches(String q, Map<String, Explanation> out) {
        Matcher reply = REPLY_LINE.matcher(q);
        if (reply.matches()) {
            int code = Integer.parseInt(reply.group(1));
            String rest = reply.group(2) == null ? "" : reply.group(2).strip();
            String first = firstToken(rest);
            Entries.Extension x = first.isEmpty() ? null : exactExtension(norm(first));
            if (x != null) {
                add(out, Optional.of(explainExtension(x)));
            }
            add(out, replyCode(code));
            if (ENHANCED.matcher(first).matches()) {
                add(out, enhancedStatus(first));
            }
            return;
        }
        String[] words = q.split("\\s+");
        String first = words[0];
        if (ENHANCED.matcher(first).matches()) {
            add(out, enhancedStatus(first));
            return;
        }
        String verb = firstWord(first);
        CommandInfo c = commands.get(verb);
        if (c == null) {
            // Not a command line: maybe an EHLO keyword line without the code ("SIZE 10240000").
            add(out, Optional.ofNullable(exactExtension(norm(first))).map(this::explainExtension));
            return;
        }
        add(out, Optional.of(explainCommand(c)));
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            if (i == 1 && verb.equals("AUTH")) {
                add(out, Optional.ofNullable(mechanisms.get(norm(w))).map(this::explainMechanism));
                continue;
            }
            String name = norm(w);
            int eq = name.indexOf('=');
            if (eq > 0) {
                name = name.substring(0, eq);
            } else if (eq == 0) {
                continue;
            }
            add(out, Optional.ofNullable(parameters.get(name)).map(this::explainParameter));
        }
    }

    /**
     * For a command the engine sends, the states it is legal in come from the engine's one state table, so that
     * the explanation, the state diagram and the step buttons cannot disagree; commands the engine only knows by
     * name (typed by hand) keep the states the knowledge base gives.
     */
    private static CommandInfo withEngineStates(CommandInfo c) {
        Verb verb;
        try {
            verb = Verb.valueOf(c.verb());
        } catch (IllegalArgumentException e) {
            return c;
        }
        if (verb.word() == null) {
            return c;
        }
        List<String> states = new ArrayList<>();
        for (SessionState s : SessionState.values()) {
            if (SessionRules.legal(s).contains(verb)) {
                states.add(s.name());
            }
        }
        return new CommandInfo(c.verb(), c.title(), c.summary(), c.syntax(), states, c.parameters(), c.replies(),
                c.extension(), c.status(), c.sources(), c.seeAlso());
    }

    private static void add(Map<String, Explanation> out, Optional<Explanation> e) {
        e.ifPresent(x -> out.putIfAbsent(x.kind() + ":" + x.key(), x));
    }

    // ------------------------------------------------------------------------------------ building the texts

    private Explanation explainCommand(CommandInfo c) {
        StringBuilder t = new StringBuilder(c.summary());
        t.append("\nSyntax: ").append(c.syntax());
        t.append("\nLegal in states: ")
                .append(c.legalIn().isEmpty() ? "none (the engine never sends it on its own)"
                        : String.join(", ", c.legalIn()));
        if (!c.parameters().isEmpty()) {
            t.append("\nParameters: ").append(String.join("; ", c.parameters()));
        }
        if (!c.replies().isEmpty()) {
            t.append("\nCommon replies: ").append(String.join("; ", c.replies()));
        }
        if (c.extension() != null && !c.extension().isBlank()) {
            t.append("\nAdvertised by the EHLO keyword ").append(c.extension()).append('.');
        }
        statusLine(t, c.status());
        return new Explanation(Explanation.COMMAND, c.verb(), c.title(), t.toString(), c.sources(), c.seeAlso());
    }

    private Explanation explainReply(Entries.ReplyCode r) {
        StringBuilder t = new StringBuilder(r.summary());
        TreeMap<String, Entries.Context> sorted = new TreeMap<>(r.contexts());
        List<String> sources = new ArrayList<>(r.sources());
        for (var e : sorted.entrySet()) {
            String k = e.getKey();
            String label = END_OF_DATA.equals(k) ? "After the end of the message data"
                    : CONNECT.equals(k) ? "As the greeting" : "After " + k;
            t.append('\n').append(label).append(": ").append(e.getValue().text());
            sources = union(sources, e.getValue().sources());
        }
        return new Explanation(Explanation.REPLY, String.valueOf(r.code()), r.code() + " " + r.title(),
                t.toString(), sources, r.seeAlso());
    }

    private Explanation explainReplyGroup(Entries.ReplyGroup g) {
        return new Explanation(Explanation.REPLY, g.key().toLowerCase(Locale.ROOT), g.key() + " — " + g.title(),
                g.summary(), g.sources(), List.of());
    }

    private Optional<Explanation> composeUnlistedReply(int code) {
        if (code < 100 || code > 599) {
            return Optional.empty();
        }
        Entries.ReplyGroup cls = replyGroups.get((code / 100) + "yz");
        Entries.ReplyGroup cat = replyGroups.get("x" + ((code / 10) % 10) + "z");
        if (cls == null || cat == null) {
            return Optional.empty();
        }
        String text = "We have no entry for " + code + ", so read it digit by digit.\n"
                + "First digit " + (code / 100) + " (" + cls.title() + "): " + cls.summary() + "\n"
                + "Second digit " + ((code / 10) % 10) + " (" + cat.title() + "): " + cat.summary() + "\n"
                + "The third digit only distinguishes replies within that group.";
        return Optional.of(new Explanation(Explanation.REPLY, String.valueOf(code),
                code + " — not in our knowledge base (explained from its digits)", text,
                union(cls.sources(), cat.sources()), List.of(cls.key(), cat.key())));
    }

    private Explanation explainEnhancedClass(Entries.EnhancedClass c) {
        return new Explanation(Explanation.ENHANCED, c.code() + ".X.X", c.code() + ".X.X — " + c.title(),
                c.summary(), c.sources(), List.of());
    }

    private Explanation explainEnhancedSubject(Entries.EnhancedClass c, Entries.EnhancedSubject s) {
        String key = (c == null ? "X" : String.valueOf(c.code())) + "." + s.subject() + ".X";
        StringBuilder t = new StringBuilder();
        List<String> sources = s.sources();
        if (c != null) {
            t.append("Class ").append(c.code()).append(" (").append(c.title()).append("): ").append(c.summary())
                    .append('\n');
            sources = union(c.sources(), sources);
        }
        t.append("Subject ").append(s.subject()).append(" (").append(s.title()).append("): ").append(s.summary());
        return new Explanation(Explanation.ENHANCED, key, key + " — " + s.title(), t.toString(), sources,
                List.of());
    }

    private Explanation explainEnhanced(Entries.EnhancedClass c, Entries.EnhancedSubject s, int detail,
                                        Entries.EnhancedDetail d) {
        String key = (c == null ? "X" : String.valueOf(c.code())) + "." + s.subject() + "." + detail;
        StringBuilder t = new StringBuilder();
        List<String> sources = new ArrayList<>();
        if (c != null) {
            t.append("Class ").append(c.code()).append(" (").append(c.title()).append("): ").append(c.summary())
                    .append('\n');
            sources = union(sources, c.sources());
        }
        t.append("Subject ").append(s.subject()).append(" (").append(s.title()).append("): ").append(s.summary())
                .append('\n');
        sources = union(sources, s.sources());
        String title;
        List<String> seeAlso = List.of();
        if (d != null) {
            t.append("Detail X.").append(s.subject()).append('.').append(detail).append(" (").append(d.title())
                    .append("): ").append(d.summary());
            if (!d.replies().isEmpty()) {
                t.append("\nUsually seen with basic reply codes: ")
                        .append(String.join(", ", d.replies().stream().map(String::valueOf).toList()))
                        .append('.');
            }
            sources = union(sources, d.sources());
            seeAlso = d.seeAlso();
            title = key + " — " + d.title() + (c == null ? "" : " (" + c.title().toLowerCase(Locale.ROOT) + ")");
        } else {
            t.append("Detail ").append(detail).append(" under subject ").append(s.subject())
                    .append(" is not in our knowledge base (it may be unregistered or newer than our data); "
                            + "read the code as the class and subject above, like X.")
                    .append(s.subject()).append(".0.");
            title = key + " — unknown detail; " + s.title() + " (" + c.title().toLowerCase(Locale.ROOT) + ")";
        }
        return new Explanation(Explanation.ENHANCED, key, title, t.toString(), sources, seeAlso);
    }

    private Explanation explainExtension(Entries.Extension x) {
        StringBuilder t = new StringBuilder(x.summary());
        t.append("\nEHLO line: ").append(x.syntax());
        t.append("\nWhat it changes: ").append(x.effect());
        if (!x.commands().isEmpty()) {
            t.append("\nCommands: ").append(String.join(", ", x.commands()));
        }
        if (!x.parameters().isEmpty()) {
            t.append("\nMAIL/RCPT parameters: ").append(String.join(", ", x.parameters()));
        }
        statusLine(t, x.status());
        return new Explanation(Explanation.EXTENSION, x.keyword(), x.title(), t.toString(), x.sources(),
                x.seeAlso());
    }

    private Explanation explainMechanism(Entries.Mechanism m) {
        StringBuilder t = new StringBuilder(m.summary());
        t.append("\nExchange: ").append(m.exchange());
        t.append("\nPassword crosses the wire: ")
                .append(m.passwordOnWire() ? "yes (base64 is an encoding, not encryption)" : "no");
        t.append("\nTLS: ").append(m.tls());
        t.append("\nStrength: ").append(m.strength());
        statusLine(t, m.status());
        return new Explanation(Explanation.MECHANISM, m.name(), m.title(), t.toString(), m.sources(),
                m.seeAlso());
    }

    private Explanation explainParameter(Entries.Parameter p) {
        StringBuilder t = new StringBuilder(p.summary());
        t.append("\nUsed with: ").append(p.command());
        t.append("\nSyntax: ").append(p.syntax());
        t.append("\nOnly when the server advertises: ").append(p.extension());
        return new Explanation(Explanation.PARAMETER, p.name(), p.title(), t.toString(), p.sources(),
                p.seeAlso());
    }

    private Explanation explainState(Entries.State s) {
        List<String> legal = commands.values().stream().filter(c -> c.legalIn(s.name())).map(CommandInfo::verb)
                .toList();
        String text = s.summary() + "\nCommands a client may send here: "
                + (legal.isEmpty() ? "none" : String.join(", ", legal));
        return new Explanation(Explanation.STATE, s.name(), s.title(), text, s.sources(), s.seeAlso());
    }

    private static void statusLine(StringBuilder t, String status) {
        if (status == null) {
            return;
        }
        switch (status) {
            case "obsolete" -> t.append("\nStatus: obsolete; do not use it in new software.");
            case "historic" -> t.append("\nStatus: historic; the IETF no longer recommends it.");
            case "experimental" -> t.append("\nStatus: experimental RFC; rarely deployed.");
            case "legacy" -> t.append("\nStatus: legacy; avoid it in new deployments.");
            case "vendor" -> t.append("\nStatus: vendor-specific; not defined by any RFC.");
            case "draft" -> t.append("\nStatus: described only in an expired Internet-Draft, not an RFC.");
            default -> {
            }
        }
    }

    // ------------------------------------------------------------------------------------------- normalising

    private Entries.Extension findExtension(String keyword) {
        if (keyword == null) {
            return null;
        }
        String k = keyword.strip();
        Matcher reply = REPLY_LINE.matcher(k);
        if (reply.matches() && reply.group(2) != null) {
            k = reply.group(2).strip();
        }
        Entries.Extension x = exactExtension(norm(k));
        if (x == null) {
            x = exactExtension(norm(firstToken(k)));
        }
        return x;
    }

    /** A keyword exactly, or the "KEY=" entry for "KEY=VALUE" (the pre-standard AUTH=LOGIN style). */
    private Entries.Extension exactExtension(String u) {
        Entries.Extension x = extensions.get(u);
        if (x == null) {
            int eq = u.indexOf('=');
            if (eq > 0) {
                x = extensions.get(u.substring(0, eq + 1));
            }
        }
        return x;
    }

    private Entries.Parameter findParameter(String name) {
        if (name == null) {
            return null;
        }
        String n = firstToken(norm(name));
        int eq = n.indexOf('=');
        if (eq == 0) {
            return null;
        }
        if (eq > 0) {
            n = n.substring(0, eq);
        }
        return parameters.get(n);
    }

    private static String contextKey(String verb) {
        if (verb == null || verb.isBlank()) {
            return null;
        }
        String n = norm(verb);
        if (END_ALIASES.contains(n)) {
            return END_OF_DATA;
        }
        String w = firstWord(n);
        if (CONNECT_ALIASES.contains(w)) {
            return CONNECT;
        }
        return w;
    }

    private static String norm(String s) {
        return s.strip().toUpperCase(Locale.ROOT);
    }

    private static String firstToken(String s) {
        String t = s.strip();
        for (int i = 0; i < t.length(); i++) {
            if (Character.isWhitespace(t.charAt(i))) {
                return t.substring(0, i);
            }
        }
        return t;
    }

    /** The first word, upper case, cut at whitespace or ':' ("mail from:&lt;x&gt;" gives "MAIL"). */
    private static String firstWord(String s) {
        if (s == null) {
            return "";
        }
        String t = firstToken(s);
        int colon = t.indexOf(':');
        if (colon >= 0) {
            t = t.substring(0, colon);
        }
        return t.toUpperCase(Locale.ROOT);
    }

    private static Integer number(String digitsOrX) {
        return digitsOrX.equalsIgnoreCase("x") ? null : Integer.valueOf(digitsOrX);
    }

    private static int subjectOf(String detailKey) {
        return Integer.parseInt(detailKey.split("\\.")[1]);
    }

    private static int detailOf(String detailKey) {
        return Integer.parseInt(detailKey.split("\\.")[2]);
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }

    // ----------------------------------------------------------------------------------------------- loading

    private static KnowledgeBase readResources() {
        ObjectMapper json = mapper();
        return new KnowledgeBase(read(json, "commands.json", Entries.CommandFile.class),
                read(json, "replies.json", Entries.ReplyFile.class),
                read(json, "enhanced-status.json", Entries.EnhancedFile.class),
                read(json, "extensions.json", Entries.ExtensionFile.class),
                read(json, "mechanisms.json", Entries.MechanismFile.class),
                read(json, "parameters.json", Entries.ParameterFile.class),
                read(json, "states.json", Entries.StateFile.class));
    }

    static ObjectMapper mapper() {
        return JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    }

    static <T> T read(ObjectMapper json, String file, Class<T> type) {
        try (InputStream in = KnowledgeBase.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + file);
            }
            return json.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read knowledge base file " + file, e);
        }
    }

    private static <T> Map<String, T> index(String what, List<T> entries,
                                            java.util.function.Function<T, String> key) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T e : entries) {
            String k = key.apply(e);
            if (k == null || k.isBlank()) {
                throw new IllegalStateException(what + " without a key: " + e);
            }
            if (!k.equals(k.strip().toUpperCase(Locale.ROOT)) && !what.startsWith("reply")) {
                throw new IllegalStateException(what + " key must be upper case: " + k);
            }
            if (m.put(k, e) != null) {
                throw new IllegalStateException("duplicate " + what + " " + k);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    private static <T> Map<Integer, T> indexInt(String what, List<T> entries,
                                                java.util.function.Function<T, Integer> key) {
        Map<Integer, T> m = new TreeMap<>();
        for (T e : entries) {
            if (m.put(key.apply(e), e) != null) {
                throw new IllegalStateException("duplicate " + what + " " + key.apply(e));
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** Cross-checks that keep the data honest: state names, see-also targets, detail key shape. */
    private void validate() {
        for (CommandInfo c : commands.values()) {
            for (String s : c.legalIn()) {
                if (!STATES.contains(s)) {
                    throw new IllegalStateException(c.verb() + ": unknown state " + s);
                }
            }
        }
        for (String s : states.keySet()) {
            if (!STATES.contains(s)) {
                throw new IllegalStateException("unknown state entry " + s);
            }
        }
        for (String d : enhancedDetails.keySet()) {
            if (!d.matches("X\\.\\d{1,3}\\.\\d{1,3}") || !enhancedSubjects.containsKey(subjectOf(d))) {
                throw new IllegalStateException("bad enhanced detail key " + d);
            }
        }
        for (Entries.ReplyCode r : replies.values()) {
            for (String k : r.contexts().keySet()) {
                if (!k.equals(END_OF_DATA) && !k.equals(CONNECT) && !commands.containsKey(k)) {
                    throw new IllegalStateException(r.code() + ": context for unknown command " + k);
                }
            }
        }
    }
}
