package org.smtpexplorer.ui.state;

import java.util.EnumMap;
import java.util.Set;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.Verb;

/** Every state of a session as a chain of boxes; the current one is lit and the commands legal now are listed. */
public final class StateDiagramView extends VBox {
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    private final Map<SessionState, Label> boxes = new EnumMap<>(SessionState.class);
    private final Label legal = new Label();

    public StateDiagramView() {
        setSpacing(6);
        setPadding(new Insets(6));
        setId("state-diagram");
        FlowPane chain = new FlowPane(4, 4);
        chain.setPrefWrapLength(280);
        for (SessionState s : SessionState.values()) {
            Label l = new Label(s.name());
            l.getStyleClass().add("state-box");
            boxes.put(s, l);
            chain.getChildren().add(l);
        }
        legal.getStyleClass().add("legal-commands");
        legal.setWrapText(true);
        getChildren().addAll(chain, legal);
        show(SessionState.DISCONNECTED, Set.of());
    }

    /**
     * Lights {@code state} and lists the commands that may be sent now: the session's own list (the state table
     * narrowed by the server's offer, what was done already and the security asked for), as the step buttons are.
     */
    public void show(SessionState state, Set<Verb> legalNow) {
        boxes.forEach((s, l) -> l.pseudoClassStateChanged(CURRENT, s == state));
        legal.setText(state.description() + (legalNow.isEmpty() ? "" : ". Legal now: " + legalText(legalNow)));
    }

    /** The commands in session order, as they are written. */
    public static String legalText(Set<Verb> verbs) {
        return String.join(", ", verbs.stream().filter(v -> v.word() != null).sorted().map(Verb::word).toList());
    }
}
