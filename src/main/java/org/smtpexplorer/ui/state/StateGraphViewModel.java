package org.smtpexplorer.ui.state;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.Transition;
import org.smtpexplorer.transport.Step;
import org.smtpexplorer.ui.session.SessionSnapshot;

/**
 * What the state graph shows of the session: where it stands, which edges may be taken now (the steps the step
 * buttons allow), the one "Run to end" would take, and the edges the last step went along. Taking an edge runs its
 * step by the same path as the step buttons.
 */
public final class StateGraphViewModel {
    /** The edges a step went along, oldest first; {@code seq} tells one step from the next that went the same way. */
    public record Taken(long seq, List<StateGraph.Edge> edges) {
        public Taken {
            edges = List.copyOf(edges);
        }
    }

    /** A long run (Run to end) shows only its last few moves. */
    static final int TAKEN_SHOWN = 8;
    private final StateGraph graph;
    private final Consumer<Step> perform;
    private final ReadOnlyObjectWrapper<SessionSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Set<StateGraph.Edge>> legal = new ReadOnlyObjectWrapper<>(Set.of());
    private final ReadOnlyObjectWrapper<StateGraph.Edge> next = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Taken> taken = new ReadOnlyObjectWrapper<>(new Taken(0, List.of()));

    /**
     * @param snapshots the session's snapshots (SessionViewModel's)
     * @param perform   runs a step, as a step button does
     */
    public StateGraphViewModel(ReadOnlyObjectProperty<SessionSnapshot> snapshots, Consumer<Step> perform) {
        this(StateGraph.ofSessionRules(), snapshots, perform);
    }

    StateGraphViewModel(StateGraph graph, ReadOnlyObjectProperty<SessionSnapshot> snapshots, Consumer<Step> perform) {
        this.graph = graph;
        this.perform = perform;
        snapshots.addListener((o, a, b) -> show(b));
        show(snapshots.get());
    }

    public StateGraph graph() {
        return graph;
    }

    public ReadOnlyObjectProperty<SessionSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    /** The edges that may be taken now. */
    public ReadOnlyObjectProperty<Set<StateGraph.Edge>> legalProperty() {
        return legal.getReadOnlyProperty();
    }

    /** The edge "Run to end" (F6) would take next, or null. */
    public ReadOnlyObjectProperty<StateGraph.Edge> nextProperty() {
        return next.getReadOnlyProperty();
    }

    /** The edges the last step went along. */
    public ReadOnlyObjectProperty<Taken> takenProperty() {
        return taken.getReadOnlyProperty();
    }

    /** The steps that may be taken along {@code edge} now, in session order; empty when it is not legal now. */
    public List<Step> choices(StateGraph.Edge edge) {
        return choices(edge, snapshot.get());
    }

    private static List<Step> choices(StateGraph.Edge edge, SessionSnapshot s) {
        List<Step> out = new ArrayList<>();
        if (s == null || edge.fromAnyState()) {
            return out;
        }
        for (Step step : edge.steps()) {
            // Connect starts a new session from nothing, whatever state the last one ended in.
            boolean here = step == Step.CONNECT ? edge.from() == SessionState.DISCONNECTED : edge.from() == s.state();
            if (here && s.enabled().contains(step)) {
                out.add(step);
            }
        }
        return out;
    }

    /** Takes {@code step} along {@code edge} if it may be taken now; false (and nothing done) when not. */
    public boolean take(StateGraph.Edge edge, Step step) {
        if (!choices(edge).contains(step)) {
            return false;
        }
        perform.accept(step);
        return true;
    }

    /** Sets the snapshot last, so that whoever follows it finds the legal and next edges already updated. */
    private void show(SessionSnapshot s) {
        Set<StateGraph.Edge> now = new LinkedHashSet<>();
        StateGraph.Edge nextEdge = null;
        for (StateGraph.Edge e : graph.edges()) {
            List<Step> choices = choices(e, s);
            if (!choices.isEmpty()) {
                now.add(e);
                if (choices.contains(s.next()) && (nextEdge == null || nextEdge.isLoop())) {
                    nextEdge = e;
                }
            }
        }
        legal.set(Set.copyOf(now));
        next.set(nextEdge);
        snapshot.set(s);
        if (!s.moved().isEmpty()) {
            List<StateGraph.Edge> edges = new ArrayList<>();
            List<Transition> moved = s.moved();
            for (Transition t : moved.subList(Math.max(0, moved.size() - TAKEN_SHOWN), moved.size())) {
                graph.edgeOf(t).ifPresent(edges::add);
            }
            taken.set(new Taken(taken.get().seq() + 1, edges));
        }
    }
}
