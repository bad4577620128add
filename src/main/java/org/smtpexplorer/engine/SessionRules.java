package org.smtpexplorer.engine;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one state table of a client session: which commands are legal in each state, and where each reply moves
 * the session. Everything that changes {@link SessionState} is decided here.
 */
public final class SessionRules {
    private static final Map<SessionState, Set<Verb>> LEGAL = new EnumMap<>(SessionState.class);

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
            return SessionState.CLOSED;
        }
        return next(state, command.verb(), command.bdatLast(), reply.code());
    }

    /** The state a command leads to if it succeeds: used to check the later commands of a pipelined flight. */
    public static SessionState expected(SessionState state, SmtpCommand command) {
        int success = switch (command.verb()) {
            case CONNECT, STARTTLS -> 220;
            case DATA -> 354;
            case QUIT -> 221;
            case AUTH, AUTH_RESPONSE -> 334;
            default -> 250;
        };
        return next(state, command.verb(), command.bdatLast(), success);
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
