package org.smtpexplorer.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one state table of a client session: which commands are legal in each state, and where each reply moves
 * the session. Everything that changes {@link SessionState} is decided here.
 */
public final class SessionRules {
    /**
     * One reply code of each kind the table tells apart: 220 (a greeting, STARTTLS's go-ahead), another 2xx, 334
     * (an AUTH challenge), 354 (DATA's go-ahead) and a refusal. A 421 is the {@link SessionEvent#CLOSED} event.
     */
    public static final List<Integer> REPLY_KINDS = List.of(220, 250, 334, 354, 554);
    private static final Map<SessionState, Set<Verb>> LEGAL = new EnumMap<>(SessionState.class);
    private static final List<Transition> TRANSITIONS;

    static {
        for (SessionState s : SessionState.values()) {
            LEGAL.put(s, EnumSet.noneOf(Verb.class));
        }
        LEGAL.put(SessionState.GREETED, EnumSet.of(Verb.EHLO, Verb.HELO, Verb.NOOP, Verb.RSET, Verb.HELP,
                Verb.VRFY, Verb.QUIT));
        LEGAL.put(SessionState.REFUSED, EnumSet.of(Verb.QUIT));
        LEGAL.put(SessionState.READY, EnumSet.of(Verb.EHLO, Verb.HELO, Verb.STARTTLS, Verb.AUTH, Verb.MAIL,
                Verb.RSET, Verb.NOOP, Verb.VRFY, Verb.EXPN, Verb.HELP, Verb.ETRN, Verb.QUIT));
        LEGAL.put(SessionState.AUTHENTICATING, EnumSet.of(Verb.AUTH_RESPONSE));
        LEGAL.put(SessionState.MAIL, EnumSet.of(Verb.RCPT, Verb.RSET, Verb.NOOP, Verb.HELP, Verb.VRFY, Verb.QUIT));
        LEGAL.put(SessionState.RCPT, EnumSet.of(Verb.RCPT, Verb.DATA, Verb.BDAT, Verb.RSET, Verb.NOOP, Verb.HELP,
                Verb.VRFY, Verb.QUIT));
        LEGAL.put(SessionState.DATA_BODY, EnumSet.of(Verb.END_OF_DATA));
        LEGAL.put(SessionState.BDAT_CHUNKS, EnumSet.of(Verb.BDAT, Verb.RSET, Verb.NOOP, Verb.QUIT));
        TRANSITIONS = List.copyOf(derive());
    }

    private SessionRules() {
    }

    public static Set<Verb> legal(SessionState state) {
        return Set.copyOf(LEGAL.get(state));
    }

    public static boolean isLegal(SessionState state, Verb verb) {
        return verb == Verb.RAW ? !LEGAL.get(state).isEmpty() && state != SessionState.DATA_BODY
                : LEGAL.get(state).contains(verb);
    }

    /** The state after {@code command} got {@code reply} while the session was in {@code state}. */
    public static SessionState next(SessionState state, SmtpCommand command, SmtpReply reply) {
        if (reply.code() == 421) {
            return after(state, SessionEvent.CLOSED);
        }
        return next(state, command.verb(), command.bdatLast(), reply.code());
    }

    /** The state a command leads to if it succeeds: used to check the later commands of a pipelined flight. */
    public static SessionState expected(SessionState state, SmtpCommand command) {
        return next(state, command.verb(), command.bdatLast(), success(command.verb()));
    }

    /** The reply a command hopes for: 220 to the connection and STARTTLS, 354 to DATA, 334 to AUTH, else 250. */
    public static int success(Verb verb) {
        return switch (verb) {
            case CONNECT, STARTTLS -> 220;
            case DATA -> 354;
            case QUIT -> 221;
            case AUTH, AUTH_RESPONSE -> 334;
            default -> 250;
        };
    }

    /** The one of {@link #REPLY_KINDS} that moves the table as {@code code} does. */
    public static int kindOf(int code) {
        return code == 220 || code == 334 || code == 354 ? code : code / 100 == 2 ? 250 : 554;
    }

    /** The state after {@code event} in {@code state}, or null when it cannot happen there. */
    public static SessionState after(SessionState state, SessionEvent event) {
        return switch (event) {
            case OPENED -> state == SessionState.DISCONNECTED ? SessionState.CONNECTED : null;
            // RFC 3207 §4.2: the client knows nothing of the server after the handshake and must EHLO again.
            case TLS_ESTABLISHED -> state == SessionState.TLS_HANDSHAKE ? SessionState.GREETED : null;
            case CLOSED -> state == SessionState.ERROR ? null : SessionState.CLOSED;
            case BROKEN -> SessionState.ERROR;
        };
    }

    /**
     * Every move of the table as data, derived from it: for each state, each command that may be sent there (and
     * the greeting awaited in CONNECTED) answered by each kind of reply, and each event, where it leads. Moves that
     * go nowhere by an event (a close when closed) are left out.
     */
    public static List<Transition> transitions() {
        return TRANSITIONS;
    }

    private static List<Transition> derive() {
        List<Transition> out = new ArrayList<>();
        for (SessionState from : SessionState.values()) {
            Set<Verb> answered = EnumSet.noneOf(Verb.class);
            answered.addAll(LEGAL.get(from));
            if (from == SessionState.CONNECTED) {
                answered.add(Verb.CONNECT); // the greeting answers the connection itself
            }
            for (Verb verb : answered) {
                for (Boolean last : chunkKinds(verb)) {
                    Map<SessionState, Set<Integer>> byTarget = new LinkedHashMap<>();
                    for (int code : REPLY_KINDS) {
                        byTarget.computeIfAbsent(next(from, verb, Boolean.TRUE.equals(last), code),
                                k -> new TreeSet<>()).add(code);
                    }
                    byTarget.forEach((to, codes) -> out.add(Transition.reply(from, verb, last, codes, to)));
                }
            }
            for (SessionEvent event : SessionEvent.values()) {
                SessionState to = after(from, event);
                if (to != null && to != from) {
                    out.add(Transition.event(from, event, to));
                }
            }
        }
        return out;
    }

    /** BDAT moves differently for its LAST chunk; no other command has kinds. */
    private static List<Boolean> chunkKinds(Verb verb) {
        List<Boolean> kinds = new ArrayList<>();
        if (verb == Verb.BDAT) {
            kinds.add(false);
            kinds.add(true);
        } else {
            kinds.add(null);
        }
        return kinds;
    }

    private static SessionState next(SessionState state, Verb verb, boolean bdatLast, int code) {
        boolean ok = code / 100 == 2;
        return switch (verb) {
            case CONNECT -> code == 220 ? SessionState.GREETED : SessionState.REFUSED;
            case EHLO, HELO -> ok ? SessionState.READY : state;
            case STARTTLS -> code == 220 ? SessionState.TLS_HANDSHAKE : state;
            case AUTH, AUTH_RESPONSE -> code == 334 ? SessionState.AUTHENTICATING : SessionState.READY;
            case MAIL -> ok ? SessionState.MAIL : state;
            case RCPT -> ok ? SessionState.RCPT : state;
            case DATA -> code == 354 ? SessionState.DATA_BODY : state;
            case END_OF_DATA -> SessionState.READY;
            // After a failed chunk the transaction is in doubt until RSET (RFC 3030 §4.2).
            case BDAT -> ok && bdatLast ? SessionState.READY : SessionState.BDAT_CHUNKS;
            case RSET -> ok && state != SessionState.GREETED ? SessionState.READY : state;
            case QUIT -> SessionState.CLOSED;
            case NOOP, VRFY, EXPN, HELP, ETRN, RAW -> state;
        };
    }
}
