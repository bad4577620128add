package org.smtpexplorer.ui.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.SessionState;

/** The layout keeps the graph readable: nothing overlaps, no edge runs through a state, all of it inside. */
class StateGraphLayoutTest {
    private static final StateGraph GRAPH = StateGraph.ofSessionRules();
    private static final double LABEL_HEIGHT = 13;

    /** Widths like the window's: about 7 px a character for a state, 5.5 for a label. */
    static StateGraphLayout layout() {
        return StateGraphLayout.of(GRAPH, s -> s.name().length() * 7.0 + 12,
                e -> e.isLoop() ? 12 : e.label().length() * 5.5 + 2, LABEL_HEIGHT, 60);
    }

    @Test
    void noLabelOverlapsAStateOrAnotherLabel() {
        StateGraphLayout l = layout();
        List<StateGraphLayout.Box> boxes = new ArrayList<>(l.nodes().values());
        boxes.add(l.anyState());
        List<String> names = new ArrayList<>(l.nodes().keySet().stream().map(Enum::name).toList());
        names.add("any state");
        for (StateGraphLayout.Route r : l.routes()) {
            boxes.add(r.label());
            names.add("label of " + r.edge().from() + "->" + r.edge().to() + " \"" + r.edge().label() + "\"");
        }
        List<String> overlaps = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                boolean markerOnItsState = names.get(j).startsWith("label of " + names.get(i) + "->" + names.get(i)
                        + " ");
                if (boxes.get(i).overlaps(boxes.get(j)) && !markerOnItsState) {
                    overlaps.add(names.get(i) + " / " + names.get(j));
                }
            }
        }
        assertThat(overlaps).isEmpty();
    }
}
