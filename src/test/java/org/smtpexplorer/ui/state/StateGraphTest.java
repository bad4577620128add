package org.smtpexplorer.ui.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.ClientProtocol;
import org.smtpexplorer.engine.SessionEvent;
import org.smtpexplorer.engine.SessionRules;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.Transition;
import org.smtpexplorer.engine.Verb;
import org.smtpexplorer.transport.Step;

/** The state graph's nodes and edges are the engine's one state table, grouped for drawing and nothing more. */
class StateGraphTest {
    private static final StateGraph GRAPH = StateGraph.ofSessionRules();

    private static StateGraph.Edge edge(SessionState from, SessionState to) {
        return GRAPH.edges().stream().filter(e -> e.from() == from && e.to() == to).findFirst()
                .orElseThrow(() -> new AssertionError("no edge " + from + " -> " + to));
    }

    @Test
    void theNodesAreTheStates() {
        assertThat(GRAPH.nodes()).containsExactly(SessionState.values());
    }

    @Test
    void theEdgesHoldEveryTransitionOfTheTableOnceAndNothingElse() {
        List<Transition> inEdges = new ArrayList<>();
        GRAPH.edges().forEach(e -> inEdges.addAll(e.transitions()));
        assertThat(inEdges).containsExactlyInAnyOrderElementsOf(SessionRules.transitions());
        for (StateGraph.Edge e : GRAPH.edges()) {
            for (Transition t : e.transitions()) {
                assertThat(t.to()).as(e.toString()).isEqualTo(e.to());
                if (!e.fromAnyState()) {
                    assertThat(t.from()).as(e.toString()).isEqualTo(e.from());
                }
            }
        }
        Set<List<SessionState>> pairs = new HashSet<>();
        GRAPH.edges().stream().filter(e -> !e.fromAnyState()).forEach(e -> assertThat(pairs.add(List.of(e.from(),
                e.to()))).as("one edge for %s -> %s", e.from(), e.to()).isTrue());
    }

    /** A 421 or a dropped connection, and a broken reply, can happen almost anywhere: one edge each, from "any". */
    @Test
    void eventsOfAnyStateAreOneEdgeEach() {
        List<StateGraph.Edge> any = GRAPH.edges().stream().filter(StateGraph.Edge::fromAnyState).toList();
        assertThat(any).extracting(StateGraph.Edge::to).containsExactlyInAnyOrder(SessionState.CLOSED,
                SessionState.ERROR);
        StateGraph.Edge closed = any.stream().filter(e -> e.to() == SessionState.CLOSED).findFirst().orElseThrow();
        assertThat(closed.transitions()).extracting(Transition::from).contains(SessionState.READY,
                SessionState.DATA_BODY, SessionState.AUTHENTICATING);
        assertThat(closed.transitions()).allMatch(t -> t.event() == SessionEvent.CLOSED);
        assertThat(closed.label()).isEqualTo("421, closed");
    }

    @Test
    void edgesAreLabelledAndCarryTheirSteps() {
        assertThat(edge(SessionState.DISCONNECTED, SessionState.CONNECTED).label()).isEqualTo("Connect");
        assertThat(edge(SessionState.DISCONNECTED, SessionState.CONNECTED).steps()).containsExactly(Step.CONNECT);
        assertThat(edge(SessionState.CONNECTED, SessionState.GREETED).label()).isEqualTo("220");
        assertThat(edge(SessionState.CONNECTED, SessionState.REFUSED).label()).isEqualTo("not 220");
        assertThat(edge(SessionState.CONNECTED, SessionState.GREETED).isAutomatic()).isTrue();
        assertThat(edge(SessionState.GREETED, SessionState.READY).steps()).containsExactly(Step.EHLO, Step.HELO);
        assertThat(edge(SessionState.GREETED, SessionState.READY).label()).isEqualTo("EHLO, HELO");
        assertThat(edge(SessionState.READY, SessionState.TLS_HANDSHAKE).label()).isEqualTo("STARTTLS 220");
        assertThat(edge(SessionState.TLS_HANDSHAKE, SessionState.GREETED).label()).isEqualTo("handshake");
        assertThat(edge(SessionState.READY, SessionState.AUTHENTICATING).label()).isEqualTo("AUTH 334");
        assertThat(edge(SessionState.AUTHENTICATING, SessionState.READY).label()).isEqualTo("not 334");
        assertThat(edge(SessionState.RCPT, SessionState.DATA_BODY).label()).isEqualTo("DATA 354");
        assertThat(edge(SessionState.RCPT, SessionState.READY).label()).isEqualTo("BDAT LAST, RSET");
        assertThat(edge(SessionState.RCPT, SessionState.BDAT_CHUNKS).label()).isEqualTo("BDAT");
        assertThat(edge(SessionState.DATA_BODY, SessionState.READY).label()).isEqualTo("end of data");
        assertThat(edge(SessionState.RCPT, SessionState.RCPT).isLoop()).isTrue();
        assertThat(edge(SessionState.RCPT, SessionState.RCPT).steps()).contains(Step.RCPT, Step.NOOP);
        assertThat(edge(SessionState.READY, SessionState.TLS_HANDSHAKE).details())
                .isEqualTo("STARTTLS answered 220 \u2192 TLS_HANDSHAKE");
    }

    private static void feed(ClientProtocol p, String s) {
        p.receive(s.getBytes(StandardCharsets.UTF_8));
    }

    /** What a real session does goes along the graph's edges, each from where the session was to where it went. */
    @Test
    void aSessionsMovesAreEdgesOfTheGraph() {
        ClientProtocol p = new ClientProtocol();
        p.connectionOpened(false);
        feed(p, "220 mx\r\n");
        p.send(SmtpCommand.ehlo("c.example"));
        feed(p, "250-mx\r\n250-STARTTLS\r\n250-CHUNKING\r\n250 AUTH SCRAM-SHA-256\r\n");
        p.send(SmtpCommand.starttls());
        feed(p, "220 go\r\n");
        p.tlsEstablished();
        p.send(SmtpCommand.ehlo("c.example"));
        feed(p, "250-mx\r\n250-CHUNKING\r\n250 AUTH SCRAM-SHA-256\r\n");
        p.send(SmtpCommand.auth("SCRAM-SHA-256", "biwsbj1h"));
        feed(p, "334 cj1h\r\n");
        p.send(SmtpCommand.authResponse("Yz1i"));
        feed(p, "334 dj1h\r\n");
        p.send(SmtpCommand.authResponse(""));
        feed(p, "235 ok\r\n");
        p.send(SmtpCommand.mail("a@example.com"));
        feed(p, "250 ok\r\n");
        p.send(SmtpCommand.rcpt("b@example.com"));
        feed(p, "250 ok\r\n");
        p.send(SmtpCommand.bdat(3, false));
        feed(p, "250 ok\r\n");
        p.send(SmtpCommand.bdat(3, true));
        feed(p, "250 ok\r\n");
        p.send(SmtpCommand.quit());
        feed(p, "221 bye\r\n");
        List<Transition> moves = p.movesSince(0);
        assertThat(moves).hasSize(14);
        List<String> path = new ArrayList<>();
        for (Transition move : moves) {
            StateGraph.Edge e = GRAPH.edgeOf(move).orElseThrow(() -> new AssertionError("no edge for " + move));
            assertThat(e.from()).isEqualTo(move.from());
            assertThat(e.to()).isEqualTo(move.to());
            path.add(e.label());
        }
        assertThat(path).containsExactly("Connect", "220", "EHLO, HELO", "STARTTLS 220", "handshake", "EHLO, HELO",
                "AUTH 334", GRAPH.edgeOf(moves.get(7)).orElseThrow().label(), "not 334", "MAIL", "RCPT", "BDAT",
                "BDAT LAST, RSET", "QUIT");
        assertThat(GRAPH.edgeOf(moves.get(7)).orElseThrow().isLoop()).as("a second challenge stays").isTrue();
        assertThat(GRAPH.edgeOf(Transition.event(SessionState.MAIL, SessionEvent.CLOSED, SessionState.CLOSED))
                .orElseThrow().fromAnyState()).isTrue();
        assertThat(GRAPH.edgeOf(Transition.reply(SessionState.READY, Verb.RAW, null, Set.of(250),
                SessionState.READY)).orElseThrow().isLoop()).as("a typed command goes by its states").isTrue();
    }
}
