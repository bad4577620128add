package org.smtpexplorer.ui.explain;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import org.smtpexplorer.explain.Explanation;
import org.smtpexplorer.explain.KnowledgeBase;
import org.smtpexplorer.transcript.TranscriptEntry;

/** Explains the transcript line under the caret: the command, or the reply code in context and its enhanced code. */
public final class ExplainView extends ScrollPane {
    private final KnowledgeBase kb = KnowledgeBase.load();
    private final VBox box = new VBox(10);

    public ExplainView() {
        box.setPadding(new Insets(8));
        setContent(box);
        setFitToWidth(true);
        setId("explain-panel");
        show(null);
    }

    /** The explanations for one entry, best first; empty for notes and payloads. */
    public List<Explanation> explanations(TranscriptEntry e) {
        return e == null ? List.of() : kb.explain(e);
    }

    public void show(TranscriptEntry e) {
        box.getChildren().clear();
        List<Explanation> list = explanations(e);
        if (list.isEmpty()) {
            Label hint = new Label("Put the caret on a command or reply in the transcript to see what it means and"
                    + " which RFC defines it.");
            hint.setWrapText(true);
            hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            box.getChildren().add(hint);
        }
        for (Explanation x : list) {
            Label title = new Label(x.title().startsWith(x.key()) ? x.title() : x.key() + ": " + x.title());
            title.getStyleClass().add("explain-title");
            title.setWrapText(true);
            Label text = new Label(x.text());
            text.setWrapText(true);
            Label source = new Label("Source: " + String.join("; ", x.sources()));
            source.getStyleClass().add("explain-source");
            source.setWrapText(true);
            box.getChildren().addAll(title, text, source);
        }
        box.getChildren().forEach(n -> ((Label) n).setMaxWidth(Double.MAX_VALUE));
    }
}
