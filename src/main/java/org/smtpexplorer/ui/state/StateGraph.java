package org.smtpexplorer.ui.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.smtpexplorer.engine.SessionEvent;
import org.smtpexplorer.engine.SessionRules;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.Transition;
import org.smtpexplorer.engine.Verb;
import org.smtpexplorer.transport.Step;

/**
 * The session's state table as a graph, for drawing: a node per state and an edge per pair of states the table
 * moves between, carrying every transition that makes that move. An event that can happen in most states (a 421,
 * a broken connection) is one edge from "any state". Nothing here is decided anew: it is all grouped from
 * {@link SessionRules#transitions()}.
 */
public final class StateGraph {
    /** An event possible in at least this many states is drawn once, from "any state". */
    private static final int ANY_STATE = 3;

    /**
     * A drawn edge.
     *
     * @param from        the state it leaves, or null for "any state"
     * @param to          the state it enters (the same as {@code from} for a loop)
     * @param transitions the table's transitions it stands for, in the table's order
     */
    public record Edge(SessionState from, SessionState to, List<Transition> transitions) {
        public Edge {
            transitions = List.copyOf(transitions);
        }

        public boolean fromAnyState() {
            return from == null;
        }

        public boolean isLoop() {
            return from != null && from == to;
        }

        /**
         * The steps that go along this edge when the server says yes (the window's step buttons), in session order:
         * a refused STARTTLS stays in READY, but STARTTLS is not a way to stay there.
         */
        public List<Step> steps() {
            Set<Step> out = EnumSet.noneOf(Step.class);
            transitions.stream().filter(Transition::onSuccess).forEach(t -> stepOf(t).ifPresent(out::add));
            return List.copyOf(out);
        }

        /** True when nobody takes this edge by choice: the greeting, the handshake, the end of the body. */
        public boolean isAutomatic() {
            return transitions.stream().allMatch(t -> stepOf(t).isEmpty());
        }

        /** A short label: what moves the session along this edge, e.g. "MAIL", "STARTTLS 220", "not 220". */
        public String label() {
            List<String> parts = new ArrayList<>();
            // In the order of the step buttons: EHLO before HELO.
            List<Transition> ordered = new ArrayList<>(transitions);
            ordered.sort(Comparator.comparingInt(t -> stepOf(t).map(Enum::ordinal).orElse(Integer.MAX_VALUE)));
            for (Transition t : ordered) {
                String part = fromAnyState() ? eventName(t.event()) : describe(t, this);
                if (!parts.contains(part)) {
                    parts.add(part);
                }
            }
            return String.join(", ", parts);
        }

        /** One line per transition: what it is and what reply makes it. */
        public String details() {
            if (fromAnyState()) {
                return "From any state: " + transitions.get(0).event().description() + " \u2192 " + to;
            }
            List<String> lines = new ArrayList<>();
            for (Transition t : transitions) {
                lines.add(longDescription(t) + " \u2192 " + t.to());
            }
            return String.join("\n", lines);
        }
    }

    private record Key(SessionState from, SessionState to, SessionEvent anyStateEvent) {
    }

    private final List<SessionState> nodes;
    private final List<Edge> edges;

    private StateGraph(List<SessionState> nodes, List<Edge> edges) {
        this.nodes = List.copyOf(nodes);
        this.edges = List.copyOf(edges);
    }

    /** The graph of the engine's state table. */
    public static StateGraph ofSessionRules() {
        return of(SessionRules.transitions());
    }

    /** Groups {@code table} into edges: one per pair of states, one per frequent event from "any state". */
    public static StateGraph of(List<Transition> table) {
        Map<SessionEvent, List<Transition>> byEvent = new LinkedHashMap<>();
        for (Transition t : table) {
            if (t.isEvent()) {
                byEvent.computeIfAbsent(t.event(), e -> new ArrayList<>()).add(t);
            }
        }
        Map<Key, List<Transition>> grouped = new LinkedHashMap<>();
        for (Transition t : table) {
            boolean anyState = t.isEvent() && byEvent.get(t.event()).size() >= ANY_STATE;
            Key key = anyState ? new Key(null, t.to(), t.event()) : new Key(t.from(), t.to(), null);
            grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
        }
        List<Edge> edges = new ArrayList<>();
        grouped.forEach((key, ts) -> edges.add(new Edge(key.from(), key.to(), ts)));
        return new StateGraph(List.of(SessionState.values()), edges);
    }

    public List<SessionState> nodes() {
        return nodes;
    }

    public List<Edge> edges() {
        return edges;
    }

    /** The edge a move of a session went along, if the graph has one. */
    public Optional<Edge> edgeOf(Transition move) {
        for (Edge e : edges) {
            for (Transition t : e.transitions()) {
                if (t.from() == move.from() && t.to() == move.to() && Objects.equals(t.verb(), move.verb())
                        && t.event() == move.event()
                        && (move.lastChunk() == null || move.lastChunk().equals(t.lastChunk()))) {
                    return Optional.of(e);
                }
            }
        }
        // A command typed by hand is not in the table by its verb; the pair of states still names the edge.
        return edges.stream().filter(e -> e.from() == move.from() && e.to() == move.to()).findFirst();
    }

    /** The step that makes {@code t} happen, if a person can take it: Connect opens, a command's step sends it. */
    public static Optional<Step> stepOf(Transition t) {
        if (t.event() == SessionEvent.OPENED) {
            return Optional.of(Step.CONNECT);
        }
        for (Step s : Step.values()) {
            if (s.verb() != null && s.verb() == t.verb()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static String eventName(SessionEvent e) {
        return switch (e) {
            case OPENED -> "Connect";
            case TLS_ESTABLISHED -> "handshake";
            case CLOSED -> "421, closed";
            case BROKEN -> "broken";
        };
    }

    /** The name of a command on an edge; none for the greeting and AUTH responses, whose reply code says it all. */
    private static String verbName(Verb v) {
        return switch (v) {
            case CONNECT, AUTH_RESPONSE -> "";
            case END_OF_DATA -> "end of data";
            default -> v.name();
        };
    }

    /**
     * A transition's short label on {@code edge}: its command, "LAST" for the last BDAT chunk, and the reply that
     * makes it unless that goes without saying (any reply, or a 2xx) or another transition of the same command on
     * this edge already covers every reply. The greeting and an AUTH response are named by their reply alone.
     */
    static String describe(Transition t, Edge edge) {
        if (t.isEvent()) {
            return eventName(t.event());
        }
        boolean unconditional = edge.transitions().stream().anyMatch(o -> o.verb() == t.verb()
                && !Boolean.TRUE.equals(o.lastChunk()) && o.replies().size() == SessionRules.REPLY_KINDS.size());
        String name = verbName(t.verb());
        if (unconditional && !name.isEmpty()) {
            return name;
        }
        name += Boolean.TRUE.equals(t.lastChunk()) ? " LAST" : "";
        String when = replies(t.replies());
        return name.isEmpty() ? when : when.isEmpty() || when.equals("2xx") ? name : name + " " + when;
    }

    private static String longDescription(Transition t) {
        if (t.isEvent()) {
            return t.event().description();
        }
        String what = switch (t.verb()) {
            case CONNECT -> "the greeting";
            case END_OF_DATA -> "the end of the message (CRLF.CRLF)";
            case AUTH_RESPONSE -> "an AUTH response";
            case BDAT -> Boolean.TRUE.equals(t.lastChunk()) ? "BDAT ... LAST" : "BDAT (not the last chunk)";
            default -> t.verb().name();
        };
        String when = replies(t.replies());
        return what + (when.isEmpty() ? ", whatever the reply" : " answered " + when);
    }

    /** The reply codes of a transition in words: "" for any, "2xx", "334", "not 220". */
    static String replies(Set<Integer> codes) {
        List<Integer> all = SessionRules.REPLY_KINDS;
        if (codes.containsAll(all)) {
            return "";
        }
        if (codes.size() * 2 > all.size()) {
            Set<Integer> rest = new TreeSet<>(all);
            rest.removeAll(codes);
            return "not " + codeList(rest);
        }
        return codeList(new TreeSet<>(codes));
    }

    private static String codeList(Set<Integer> codes) {
        List<String> out = new ArrayList<>();
        boolean twoHundreds = codes.stream().filter(c -> c / 100 == 2).count()
                == SessionRules.REPLY_KINDS.stream().filter(c -> c / 100 == 2).count();
        if (twoHundreds) {
            out.add("2xx");
        }
        for (int c : codes) {
            if (!(twoHundreds && c / 100 == 2)) {
                out.add(c == 554 ? "refusal" : Integer.toString(c));
            }
        }
        return String.join("/", out);
    }
}
