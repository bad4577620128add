package org.smtpexplorer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The state table's moves as data ({@link SessionRules#transitions()}) are the table itself: every one is what
 * {@link SessionRules#next} and {@link SessionRules#after} say, and every reply code to every command the table
 * allows, and every event, leads along one of them. A session records its moves in the same terms.
 */
class TransitionsTest {
    private static final List<Transition> ALL = SessionRules.transitions();

    private static SmtpCommand command(Verb v, Boolean last) {
        return switch (v) {
            case CONNECT -> new SmtpCommand.Connect();
            case END_OF_DATA -> new SmtpCommand.EndOfData();
            case AUTH_RESPONSE -> SmtpCommand.authResponse("AGEAYg==");
            case EHLO -> SmtpCommand.ehlo("c.example");
            case HELO -> SmtpCommand.helo("c.example");
            case MAIL -> SmtpCommand.mail("a@example.com");
            case RCPT -> SmtpCommand.rcpt("b@example.com");
            case DATA -> SmtpCommand.data();
            case BDAT -> SmtpCommand.bdat(1, last);
            case RSET -> SmtpCommand.rset();
            case VRFY -> SmtpCommand.vrfy("postmaster");
            case EXPN -> SmtpCommand.expn("list");
            case HELP -> SmtpCommand.help("");
            case NOOP -> SmtpCommand.noop();
            case QUIT -> SmtpCommand.quit();
            case STARTTLS -> SmtpCommand.starttls();
            case AUTH -> SmtpCommand.auth("PLAIN", "AGEAYg==");
            case ETRN -> SmtpCommand.etrn("example.com");
            case RAW -> throw new IllegalArgumentException("RAW is not in the table");
        };
    }

    @Test
    void everyTransitionIsWhatTheTableSays() {
        for (Transition t : ALL) {
            if (t.isEvent()) {
                assertThat(SessionRules.after(t.from(), t.event())).as(t.toString()).isEqualTo(t.to());
                continue;
            }
            assertThat(t.replies()).as(t.toString()).isNotEmpty();
            for (int code : t.replies()) {
                assertThat(SessionRules.next(t.from(), command(t.verb(), t.lastChunk()), SmtpReply.of(code, "x")))
                        .as(t + " with " + code).isEqualTo(t.to());
            }
            assertThat(t.verb() == Verb.CONNECT ? t.from() == SessionState.CONNECTED
                    : SessionRules.isLegal(t.from(), t.verb())).as("%s is answered in %s", t.verb(), t.from())
                    .isTrue();
        }
    }

    /** Any code at all, from 200 to 599, to any command legal anywhere, leads along a listed transition. */
    @Test
    void everyReplyToEveryLegalCommandIsCovered() {
        List<String> missing = new ArrayList<>();
        for (SessionState s : SessionState.values()) {
            Set<Verb> answered = EnumSet.noneOf(Verb.class);
            answered.addAll(SessionRules.legal(s));
            if (s == SessionState.CONNECTED) {
                answered.add(Verb.CONNECT);
            }
            for (Verb v : answered) {
                for (Boolean last : v == Verb.BDAT ? List.of(false, true) : java.util.Arrays.asList((Boolean) null)) {
                    for (int code = 200; code < 600; code++) {
                        SessionState to = SessionRules.next(s, command(v, last), SmtpReply.of(code, "x"));
                        if (code != 421 && SessionRules.next(s, command(v, last),
                                SmtpReply.of(SessionRules.kindOf(code), "x")) != to) {
                            missing.add(code + " does not move " + v + " in " + s + " as its kind does");
                        }
                        boolean listed = code == 421
                                ? ALL.contains(Transition.event(s, SessionEvent.CLOSED, SessionState.CLOSED))
                                : ALL.stream().anyMatch(t -> t.from() == s && t.verb() == v
                                && Objects.equals(t.lastChunk(), last) && t.to() == to);
                        if (!listed) {
                            missing.add(s + " " + v + (last == null ? "" : " last=" + last) + " " + code + " -> " + to);
                        }
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
        assertThat(ALL).contains(Transition.event(SessionState.DISCONNECTED, SessionEvent.OPENED,
                SessionState.CONNECTED), Transition.event(SessionState.TLS_HANDSHAKE, SessionEvent.TLS_ESTABLISHED,
                SessionState.GREETED), Transition.event(SessionState.MAIL, SessionEvent.BROKEN, SessionState.ERROR));
        assertThat(new HashSet<>(ALL)).hasSameSizeAs(ALL);
    }

    @Test
    void aTransitionIsOnSuccessWhenItsRepliesIncludeWhatTheCommandHopesFor() {
        assertThat(ALL).filteredOn(t -> t.from() == SessionState.READY && t.verb() == Verb.STARTTLS)
                .extracting(Transition::to, Transition::onSuccess).containsExactlyInAnyOrder(
                        org.assertj.core.api.Assertions.tuple(SessionState.TLS_HANDSHAKE, true),
                        org.assertj.core.api.Assertions.tuple(SessionState.READY, false));
        assertThat(ALL).filteredOn(t -> t.verb() == Verb.QUIT).allMatch(Transition::onSuccess);
    }

    private static void feed(ClientProtocol p, String s) {
        p.receive(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSessionRecordsItsMovesEventsIncluded() {
        ClientProtocol p = new ClientProtocol();
        p.connectionOpened(false);
        feed(p, "220 mx\r\n");
        p.send(SmtpCommand.ehlo("c.example"));
        feed(p, "250-mx\r\n250 STARTTLS\r\n");
        p.send(SmtpCommand.starttls());
        feed(p, "220 go\r\n");
        p.tlsEstablished();
        long before = p.moveCount();
        p.send(SmtpCommand.noop());
        feed(p, "250 ok\r\n");
        p.send(SmtpCommand.quit());
        feed(p, "221 bye\r\n");
        p.connectionClosed();
        assertThat(p.movesSince(0)).containsExactly(
                Transition.event(SessionState.DISCONNECTED, SessionEvent.OPENED, SessionState.CONNECTED),
                Transition.reply(SessionState.CONNECTED, Verb.CONNECT, null, Set.of(220), SessionState.GREETED),
                Transition.reply(SessionState.GREETED, Verb.EHLO, null, Set.of(250), SessionState.READY),
                Transition.reply(SessionState.READY, Verb.STARTTLS, null, Set.of(220), SessionState.TLS_HANDSHAKE),
                Transition.event(SessionState.TLS_HANDSHAKE, SessionEvent.TLS_ESTABLISHED, SessionState.GREETED),
                Transition.reply(SessionState.GREETED, Verb.NOOP, null, Set.of(250), SessionState.GREETED),
                Transition.reply(SessionState.GREETED, Verb.QUIT, null, Set.of(221), SessionState.CLOSED));
        assertThat(p.movesSince(before)).hasSize(2);
        assertThat(p.movesSince(p.moveCount())).isEmpty();
        for (Transition move : p.movesSince(0)) {
            assertThat(ALL).as("%s is a move of the table", move).anyMatch(t -> t.from() == move.from()
                    && t.to() == move.to() && t.verb() == move.verb() && t.event() == move.event());
        }
    }

    @Test
    void aBrokenOrClosedSessionRecordsThatMoveAndOnlyTheLastMovesAreKept() {
        ClientProtocol p = new ClientProtocol();
        p.connectionOpened(false);
        feed(p, "220 mx\r\n");
        p.send(SmtpCommand.ehlo("c.example"));
        feed(p, "250 mx\r\n");
        for (int i = 0; i < 40; i++) {
            p.send(SmtpCommand.noop());
            feed(p, "250 ok\r\n");
        }
        assertThat(p.moveCount()).isEqualTo(43);
        assertThat(p.movesSince(0)).hasSizeLessThan(43).last().isEqualTo(Transition.reply(SessionState.READY,
                Verb.NOOP, null, Set.of(250), SessionState.READY));
        feed(p, "421 shutting down\r\n");
        assertThat(p.movesSince(43)).containsExactly(Transition.event(SessionState.READY, SessionEvent.CLOSED,
                SessionState.CLOSED));
        ClientProtocol q = new ClientProtocol();
        q.connectionOpened(false);
        q.fail();
        assertThat(q.movesSince(1)).containsExactly(Transition.event(SessionState.CONNECTED, SessionEvent.BROKEN,
                SessionState.ERROR));
    }
}
