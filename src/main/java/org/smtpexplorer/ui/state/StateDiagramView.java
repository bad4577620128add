package org.smtpexplorer.ui.state;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.smtpexplorer.engine.SessionRules;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.Verb;

/** The states of a session as a chain of boxes; the current one is lit and its legal commands are listed. */
public final class StateDiagramView extends VBox {
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    private static final List<SessionState> ORDER = List.of(SessionState.DISCONNECTED, SessionState.CONNECTED,
            SessionState.GREETED, SessionState.TLS_HANDSHAKE, SessionState.READY, SessionState.AUTHENTICATING,
            SessionState.MAIL, SessionState.RCPT, SessionState.DATA_BODY, SessionState.BDAT_CHUNKS,
            SessionState.CLOSED, SessionState.ERROR);
    private final Map<SessionState, Label> boxes = new EnumMap<>(SessionState.class);
    private final Label legal = new Label();

    public StateDiagramView() {
        setSpacing(6);
        setPadding(new Insets(6));
        setId("state-diagram");
        FlowPane chain = new FlowPane(4, 4);
        chain.setPrefWrapLength(280);
        for (SessionState s : ORDER) {
            Label l = new Label(s.name());
            l.getStyleClass().add("state-box");
            boxes.put(s, l);
            chain.getChildren().add(l);
        }
        legal.getStyleClass().add("legal-commands");
        legal.setWrapText(true);
        getChildren().addAll(chain, legal);
        show(SessionState.DISCONNECTED);
    }

    public void show(SessionState state) {
        boxes.forEach((s, l) -> l.pseudoClassStateChanged(CURRENT, s == state));
        var verbs = SessionRules.legal(state).stream().filter(v -> v.word() != null).map(Verb::name).sorted().toList();
        legal.setText(state.description() + (verbs.isEmpty() ? "" : ". Legal now: " + String.join(", ", verbs)));
    }
}
