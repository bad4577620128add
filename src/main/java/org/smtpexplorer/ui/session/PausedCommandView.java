package org.smtpexplorer.ui.session;

import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.smtpexplorer.transport.Proposal;

/**
 * The command a session is held at, at a breakpoint: editable (unless it cannot be), with the engine's warnings
 * live as it is edited, and Send (Enter), Skip and Abort (Esc). A line carrying a secret (AUTH) shows it redacted
 * until "Show secret" is pressed, and can be edited only then. Hidden while nothing is paused.
 */
public final class PausedCommandView extends VBox {
    private final SessionViewModel session;
    private final Text title = new Text();
    private final Text hint = new Text();
    private final TextField line = new TextField();
    private final ToggleButton reveal = new ToggleButton("Show secret");
    private final Label warnings = new Label();
    /** The line as it stands, secret included: what Send sends. */
    private String edited;
    private Proposal shown;
    private final Consumer<String> keep;

    /** @param keep gets the edited line when the session is aborted, so that nothing typed is lost (never a secret) */
    public PausedCommandView(SessionViewModel session, Consumer<String> keep) {
        super(4);
        this.session = session;
        this.keep = keep;
        getStyleClass().add("paused-command");
        setId("paused-bar");
        setPadding(new Insets(6));
        title.setId("paused-title");
        title.getStyleClass().add("paused-title");
        hint.setId("paused-hint");
        hint.getStyleClass().add("paused-hint");
        TextFlow heading = new TextFlow(title, hint);
        line.setId("paused-command");
        line.getStyleClass().add("paused-line");
        HBox.setHgrow(line, Priority.ALWAYS);
        reveal.setId("paused-reveal");
        reveal.getStyleClass().add("danger");
        reveal.setTooltip(new Tooltip("Show the AUTH line's secret in clear, to read or edit it. The transcript"
                + " keeps it redacted either way."));
        reveal.managedProperty().bind(reveal.visibleProperty());
        Button send = new Button("Send");
        send.setId("paused-send");
        send.getStyleClass().add("accent");
        send.setTooltip(new Tooltip("Send this command (Enter). An edited line goes out as typed, even when the"
                + " engine warns, as the command line sends one."));
        Button skip = new Button("Skip");
        skip.setId("paused-skip");
        skip.setTooltip(new Tooltip("Send nothing; the session goes on from where it really stands (skipping RCPT"
                + " means one recipient fewer, skipping EHLO leaves the server without one)"));
        Button abort = new Button("Abort");
        abort.setId("paused-abort");
        abort.setTooltip(new Tooltip("End the session here, with QUIT (Esc). An edited line is kept in the command"
                + " line."));
        for (Button b : List.of(send, skip, abort)) {
            b.setMinWidth(USE_PREF_SIZE);
        }
        reveal.setMinWidth(USE_PREF_SIZE);
        warnings.setId("paused-warnings");
        warnings.getStyleClass().add("paused-warnings");
        warnings.setWrapText(true);
        warnings.setMinHeight(USE_PREF_SIZE);
        warnings.managedProperty().bind(warnings.visibleProperty());
        HBox row = new HBox(6, line, reveal, send, skip, abort);
        row.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(heading, row, warnings);
        managedProperty().bind(visibleProperty());

        send.setOnAction(e -> session.sendPaused(edited));
        line.setOnAction(e -> session.sendPaused(edited));
        skip.setOnAction(e -> session.skipPaused());
        abort.setOnAction(e -> abortIfPaused());
        line.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                abortIfPaused();
                e.consume();
            }
        });
        line.textProperty().addListener((o, a, text) -> {
            if (shown != null && line.isEditable()) {
                edited = text;
                showWarnings();
            }
        });
        reveal.selectedProperty().addListener((o, a, on) -> showLine());
        session.pausedProperty().addListener((o, a, p) -> show(p));
        show(session.pausedProperty().get());
    }

    /** Aborts the paused session, keeping an edited line (never one with a secret); false when nothing is paused. */
    public boolean abortIfPaused() {
        Proposal p = shown;
        if (p == null) {
            return false;
        }
        if (!edited.equals(p.line()) && !p.hasSecret()) {
            keep.accept(edited);
        }
        session.abortPaused();
        return true;
    }

    private void show(Proposal p) {
        shown = null;
        setVisible(p != null);
        if (p == null) {
            return;
        }
        edited = p.line();
        title.setText("Paused before " + p.step().label() + ".  ");
        hint.setText("Enter sends, Esc aborts. " + (p.editable() ? "Edit the line to send another."
                : "It cannot be edited: " + p.notEditable() + "."));
        reveal.setVisible(p.hasSecret());
        reveal.setSelected(false);
        shown = p;
        showLine();
        line.requestFocus();
        line.end();
    }

    /** The line, its secret redacted unless revealed; editable only when it may be edited and nothing is hidden. */
    private void showLine() {
        Proposal p = shown;
        if (p == null) {
            return;
        }
        boolean hidden = p.hasSecret() && !reveal.isSelected();
        line.setEditable(p.editable() && !hidden);
        line.setText(hidden ? Proposal.redacted(edited) : edited);
        line.setTooltip(new Tooltip(hidden ? "The line carries a secret: press Show secret to read or edit it"
                : p.editable() ? "The command as it will be sent; edit it to send another (Enter sends)"
                : "The command as it will be sent"));
        showWarnings();
    }

    private void showWarnings() {
        Proposal p = shown;
        List<String> problems = edited.equals(p.line()) ? p.problems() : session.problemsWith(edited);
        warnings.setVisible(!problems.isEmpty());
        warnings.setText(problems.isEmpty() ? "" : "The engine warns: " + String.join("; ", problems)
                + ". Send sends it anyway; the server will probably refuse it.");
    }
}
