package org.smtpexplorer.ui.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.SessionEvent;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.Transition;
import org.smtpexplorer.engine.Verb;
import org.smtpexplorer.transport.Step;
import org.smtpexplorer.ui.session.SessionSnapshot;

/** Which edges may be taken, which is next and which were just taken, from the session's snapshots. */
class StateGraphViewModelTest {
    private final ReadOnlyObjectWrapper<SessionSnapshot> snapshots =
            new ReadOnlyObjectWrapper<>(SessionSnapshot.disconnected());
    private final List<Step> performed = new ArrayList<>();
    private final StateGraphViewModel vm = new StateGraphViewModel(snapshots.getReadOnlyProperty(), performed::add);

    private static SessionSnapshot at(SessionState state, Set<Step> enabled, Step next, Transition... moved) {
        return new SessionSnapshot(state, enabled, Set.of(), List.of(), null, false, true, next, List.of(moved));
    }

    private StateGraph.Edge edge(SessionState from, SessionState to) {
        return vm.graph().edges().stream().filter(e -> e.from() == from && e.to() == to).findFirst().orElseThrow();
    }

    @Test
    void beforeASessionOnlyConnectMayBeTaken() {
        StateGraph.Edge connect = edge(SessionState.DISCONNECTED, SessionState.CONNECTED);
        assertThat(vm.legalProperty().get()).containsExactly(connect);
        assertThat(vm.nextProperty().get()).isEqualTo(connect);
        assertThat(vm.take(connect, Step.CONNECT)).isTrue();
        assertThat(performed).containsExactly(Step.CONNECT);
    }

    @Test
    void theLegalEdgesAreTheEnabledStepsFromTheCurrentState() {
        snapshots.set(at(SessionState.READY, Set.of(Step.EHLO, Step.HELO, Step.STARTTLS, Step.NOOP, Step.RSET,
                Step.QUIT), Step.STARTTLS));
        assertThat(vm.legalProperty().get()).containsExactlyInAnyOrder(
                edge(SessionState.READY, SessionState.TLS_HANDSHAKE), edge(SessionState.READY, SessionState.READY),
                edge(SessionState.READY, SessionState.CLOSED));
        assertThat(vm.nextProperty().get()).isEqualTo(edge(SessionState.READY, SessionState.TLS_HANDSHAKE));
        assertThat(vm.choices(edge(SessionState.READY, SessionState.READY))).containsExactly(Step.EHLO, Step.HELO,
                Step.RSET, Step.NOOP);
        StateGraph.Edge mail = edge(SessionState.READY, SessionState.MAIL);
        assertThat(vm.take(mail, Step.MAIL)).as("MAIL waits for TLS here").isFalse();
        assertThat(vm.take(edge(SessionState.GREETED, SessionState.READY), Step.EHLO)).as("not in GREETED")
                .isFalse();
        assertThat(vm.take(edge(SessionState.READY, SessionState.TLS_HANDSHAKE), Step.STARTTLS)).isTrue();
        assertThat(performed).containsExactly(Step.STARTTLS);
    }

    /** The view redraws when the snapshot changes: by then the legal and next edges must be the new ones. */
    @Test
    void whoeverFollowsTheSnapshotFindsTheEdgesAlreadyUpdated() {
        List<Object> seen = new ArrayList<>();
        vm.snapshotProperty().addListener((o, a, b) -> {
            seen.add(vm.legalProperty().get());
            seen.add(vm.nextProperty().get());
        });
        snapshots.set(at(SessionState.GREETED, Set.of(Step.EHLO), Step.EHLO));
        StateGraph.Edge ehlo = edge(SessionState.GREETED, SessionState.READY);
        assertThat(seen).containsExactly(Set.of(ehlo), ehlo);
    }

    @Test
    void aBusySessionOffersNothingAndAClosedOneANewConnect() {
        snapshots.set(at(SessionState.RCPT, Set.of(Step.BDAT), Step.BDAT).asBusy());
        assertThat(vm.legalProperty().get()).isEmpty();
        assertThat(vm.nextProperty().get()).isNull();
        snapshots.set(new SessionSnapshot(SessionState.CLOSED, Set.of(Step.CONNECT), Set.of(), List.of(), null,
                false, false, Step.CONNECT, List.of()));
        assertThat(vm.legalProperty().get()).containsExactly(edge(SessionState.DISCONNECTED,
                SessionState.CONNECTED));
    }

    @Test
    void theMovesOfAStepAreTheEdgesTaken() {
        long before = vm.takenProperty().get().seq();
        snapshots.set(at(SessionState.GREETED, Set.of(Step.EHLO), Step.EHLO,
                Transition.reply(SessionState.READY, Verb.STARTTLS, null, Set.of(220), SessionState.TLS_HANDSHAKE),
                Transition.event(SessionState.TLS_HANDSHAKE, SessionEvent.TLS_ESTABLISHED, SessionState.GREETED)));
        assertThat(vm.takenProperty().get().edges()).containsExactly(
                edge(SessionState.READY, SessionState.TLS_HANDSHAKE),
                edge(SessionState.TLS_HANDSHAKE, SessionState.GREETED));
        long seq = vm.takenProperty().get().seq();
        assertThat(seq).isGreaterThan(before);
        snapshots.set(at(SessionState.GREETED, Set.of(Step.EHLO), Step.EHLO,
                Transition.reply(SessionState.GREETED, Verb.NOOP, null, Set.of(250), SessionState.GREETED)));
        assertThat(vm.takenProperty().get().edges()).containsExactly(edge(SessionState.GREETED,
                SessionState.GREETED));
        snapshots.set(at(SessionState.GREETED, Set.of(Step.EHLO), Step.EHLO));
        assertThat(vm.takenProperty().get().seq()).as("no move, nothing new to trace").isEqualTo(seq + 1);
    }
}
