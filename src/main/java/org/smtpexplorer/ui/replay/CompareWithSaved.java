package org.smtpexplorer.ui.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.SessionDiff;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.TranscriptExport;

/**
 * "Compare with saved...": the window's session against a saved one (smtpx send --json, or the window's own JSON
 * export), step by step, as {@code smtpx replay} prints it. Run the same steps against another server in the window,
 * then compare: the saved session's lines are {@code - }, the window's {@code + }.
 */
public final class CompareWithSaved {
    private CompareWithSaved() {
    }

    /** Asks for a saved session and shows how the window's session differs from it. */
    public static void show(Window owner, List<TranscriptEntry> current) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Compare with a saved session");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Saved sessions (JSON)", "*.json"));
        var file = fc.showOpenDialog(owner);
        if (file != null) {
            show(owner, file.toPath(), file.getName(), current);
        }
    }

    /** Shows how the window's session differs from the saved session in {@code saved}, named {@code name}. */
    public static void show(Window owner, Path saved, String name, List<TranscriptEntry> current) {
        String text;
        try {
            text = text(saved, current);
        } catch (IOException e) {
            new Alert(Alert.AlertType.ERROR, "Cannot read " + name + ": " + e.getMessage()).showAndWait();
            return;
        }
        TextArea area = new TextArea(text);
        area.setEditable(false);
        area.setWrapText(false);
        area.setId("compare-text");
        area.setStyle("-fx-font-family: monospace;");
        area.setPrefColumnCount(100);
        area.setPrefRowCount(30);
        Alert dialog = new Alert(Alert.AlertType.INFORMATION, "", ButtonType.CLOSE);
        dialog.initOwner(owner);
        dialog.setTitle("Compare with " + name);
        dialog.setHeaderText(text.lines().reduce((a, b) -> b).orElse(""));
        dialog.getDialogPane().setContent(area);
        dialog.setResizable(true);
        dialog.show();
    }

    /** The comparison as text: which file against the window's session, the rows, and a last line summing up. */
    public static String text(Path saved, List<TranscriptEntry> current) throws IOException {
        SavedSession session;
        try (InputStream in = Files.newInputStream(saved)) {
            session = TranscriptExport.readSession(in);
        }
        SessionDiff diff = SessionDiff.of(session.entries(), current);
        return "--- saved   " + saved.getFileName() + "\n+++ this window's session\n" + diff.toText() + "* "
                + diff.summary() + "\n";
    }
}
