package org.smtpexplorer.ui.replay;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.explain.KnowledgeBase;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transcript.SavedRequest;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.SessionStep;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.TranscriptExport;
import org.smtpexplorer.transport.Replay;
import org.smtpexplorer.ui.common.Poller;
import org.smtpexplorer.ui.common.Tasks;
import org.smtpexplorer.ui.common.Zoom;

/**
 * The window's side of {@code smtpx replay}: "Replay against..." (a saved session run again against a server chosen
 * in a form, its rows appearing as it runs) and "Compare with saved..." (the window's session against a saved one),
 * both in the one side-by-side window. The public methods are the entry points for other features (a session history
 * opens a replay with {@link #open}).
 */
public final class ReplayWindow {
    private ReplayWindow() {
    }

    /**
     * A server to offer in the form besides the saved one: the connection form's (the window's lab by default).
     *
     * @param host     the host
     * @param port     the port
     * @param trustPem a PEM file to trust for it, or null
     */
    public record Suggestion(String host, int port, String trustPem) {
    }

    /** "Replay against...": asks for a saved session, then as {@link #open}. */
    public static void chooseAndOpen(Window owner, Supplier<Optional<Suggestion>> suggestion, Zoom zoom) {
        choose(owner, "Replay a saved session").ifPresent(file -> read(owner, file).ifPresent(saved ->
                open(owner, saved, file.getFileName().toString(), suggestion.get().orElse(null), zoom)));
    }

    /**
     * Asks where to replay {@code saved} (server, security, AUTH user and password; everything as saved unless
     * changed) and opens the side-by-side window running the replay. The password is asked for here, each time, and
     * never kept.
     *
     * @param name       what the saved session is called (its file name)
     * @param suggestion a server to offer besides the saved one, or null
     * @param zoom       the app's font zoom, which the window follows and its keys change
     * @return the window, or empty when the user closed the form
     */
    public static Optional<Stage> open(Window owner, SavedSession saved, String name, Suggestion suggestion,
                                       Zoom zoom) {
        return ask(owner, saved, name, suggestion).map(replay -> show(owner, replay, name, zoom));
    }

    /**
     * Opens the side-by-side window and runs {@code replay} in the background; closing the window cancels it. Its
     * text follows {@code zoom}, the app's, as every window's does.
     */
    public static Stage show(Window owner, Replay replay, String name, Zoom zoom) {
        Tasks tasks = new Tasks("smtp-explorer-replay");
        SideBySideViewModel vm = new SideBySideViewModel(tasks, Poller.perPulse(), KnowledgeBase.load());
        Stage stage = stage(owner, vm, "Replay of " + name + " against " + ReplayForm.hostPort(
                replay.request().connection().host(), replay.request().connection().port()), zoom);
        stage.setOnHidden(e -> {
            vm.cancel();
            tasks.shutdown();
        });
        vm.start(replay, name);
        stage.show();
        return stage;
    }

    /** "Compare with saved...": asks for a saved session, then as {@link #compare}. */
    public static void chooseAndCompare(Window owner, List<TranscriptEntry> current, Zoom zoom) {
        choose(owner, "Compare with a saved session").ifPresent(file -> read(owner, file).ifPresent(saved ->
                compare(owner, saved, file.getFileName().toString(), current, zoom)));
    }

    /**
     * Opens the side-by-side window for {@code saved} against the window's session {@code current}; nothing is sent.
     * Its text follows {@code zoom}, the app's.
     */
    public static Stage compare(Window owner, SavedSession saved, String name, List<TranscriptEntry> current,
                                Zoom zoom) {
        Tasks tasks = new Tasks("smtp-explorer-compare");
        SideBySideViewModel vm = new SideBySideViewModel(tasks, Poller.perPulse(), KnowledgeBase.load());
        Stage stage = stage(owner, vm, "Compare " + name + " with this window's session", zoom);
        stage.setOnHidden(e -> tasks.shutdown());
        vm.compare(saved, name, current);
        stage.show();
        return stage;
    }

    private static Stage stage(Window owner, SideBySideViewModel vm, String title, Zoom zoom) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle(Printable.escape(title));
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        SideBySideView view = new SideBySideView(vm);
        // The app's one zoom: Ctrl+= here zooms the main window too, and the setting is kept for the next run.
        zoom.bindFontSize(view, 13);
        view.addTools(zoomButtons(zoom));
        Scene scene = new Scene(view, Math.min(1200, screen.getWidth()), Math.min(760, screen.getHeight()));
        zoom.installKeys(scene);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
            if (owner.getScene().getRoot().getStyleClass().contains("dark")) {
                scene.getRoot().getStyleClass().add("dark");
            }
        }
        stage.setScene(scene);
        return stage;
    }

    private static HBox zoomButtons(Zoom zoom) {
        Button out = new Button("A\u2212");
        out.setId("replay-zoom-out");
        out.setTooltip(new Tooltip("Smaller text (Ctrl+-)"));
        out.setOnAction(e -> zoom.zoomOut());
        Button reset = new Button();
        reset.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(zoom::percent,
                zoom.factorProperty()));
        reset.setTooltip(new Tooltip("Text size; back to 100% (Ctrl+0)"));
        reset.setOnAction(e -> zoom.reset());
        Button in = new Button("A+");
        in.setId("replay-zoom-in");
        in.setTooltip(new Tooltip("Larger text, for a projector (Ctrl+= or Ctrl++)"));
        in.setOnAction(e -> zoom.zoomIn());
        HBox box = new HBox(2, out, reset, in);
        box.getChildren().forEach(n -> ((Region) n).setMinWidth(Region.USE_PREF_SIZE));
        return box;
    }

    private static Optional<Path> choose(Window owner, String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Saved sessions (JSON)", "*.json"));
        File file = fc.showOpenDialog(owner);
        return Optional.ofNullable(file).map(File::toPath);
    }

    /** Reads a saved session; a file that is not one is said so, naming the file. */
    static Optional<SavedSession> read(Window owner, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(TranscriptExport.readSession(in));
        } catch (IOException | RuntimeException e) {
            Alert a = new Alert(Alert.AlertType.ERROR, "Cannot read " + file + ": "
                    + Printable.escape(String.valueOf(e.getMessage())));
            a.initOwner(owner);
            a.show();
            return Optional.empty();
        }
    }

    /** The form; OK prepares the replay and stays open with the error when a field is wrong. */
    private static Optional<Replay> ask(Window owner, SavedSession saved, String name, Suggestion suggestion) {
        SavedRequest recipe;
        try {
            recipe = Replay.recipe(saved);
        } catch (IllegalArgumentException e) {
            Alert a = new Alert(Alert.AlertType.ERROR, name + ": " + Printable.escape(e.getMessage()));
            a.initOwner(owner);
            a.show();
            return Optional.empty();
        }
        ReplayForm form = ReplayForm.defaults(recipe);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Replay against...");
        dialog.setHeaderText("Replay " + Printable.escape(name) + " (" + Printable.escape(ReplayForm.hostPort(
                recipe.host(), recipe.port())) + ", " + SessionStep.of(saved.entries()).size() + " steps): the same"
                + " commands in the same order, the same message, to another server");
        dialog.setResizable(true);
        ButtonType run = new ButtonType("Replay", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(run, ButtonType.CANCEL);

        TextField server = new TextField(form.server());
        server.setId("replay-server");
        server.setPrefColumnCount(24);
        server.setTooltip(new Tooltip("host:port, [IPv6]:port; port 25 when omitted"));
        Button useForm = new Button("Connection form's server");
        useForm.setId("replay-use-form");
        useForm.setMinWidth(Region.USE_PREF_SIZE);
        useForm.setDisable(suggestion == null);
        ChoiceBox<String> security = new ChoiceBox<>();
        security.setId("replay-security");
        String savedSecurity = ReplayForm.AS_SAVED + " (" + (recipe.security() == null ? "auto" : recipe.security())
                + ")";
        security.getItems().add(savedSecurity);
        security.getItems().addAll(ReplayForm.SECURITY);
        security.setValue(savedSecurity);
        TextField trust = new TextField();
        trust.setId("replay-trust");
        trust.setPromptText(recipe.trustCerts().isEmpty() ? "as saved: the system's roots only"
                : "as saved: " + String.join(", ", recipe.trustCerts()));
        trust.setTooltip(new Tooltip("A PEM file to trust besides the system's roots; empty: as saved"));
        Button browseTrust = browse(trust, "PEM certificates", "*.pem", "*.crt");
        CheckBox insecure = new CheckBox("Accept any certificate (the verdict is still shown)");
        insecure.setId("replay-insecure");
        useForm.setOnAction(e -> {
            server.setText(ReplayForm.hostPort(suggestion.host(), suggestion.port()));
            trust.setText(suggestion.trustPem() == null ? "" : suggestion.trustPem());
        });
        ChoiceBox<String> auth = new ChoiceBox<>();
        auth.setId("replay-auth");
        String savedAuth = ReplayForm.AS_SAVED + " (" + (recipe.authMechanism() == null ? "no AUTH"
                : recipe.authMechanism()) + ")";
        auth.getItems().addAll(savedAuth, ReplayForm.NO_AUTH);
        auth.getItems().addAll(ReplayForm.MECHANISMS);
        auth.setValue(savedAuth);
        TextField user = new TextField(form.user());
        user.setId("replay-user");
        PasswordField password = new PasswordField();
        password.setId("replay-password");
        password.setPromptText("asked for each replay, never saved");
        TextField eml = new TextField();
        eml.setId("replay-eml");
        eml.setPromptText(saved.message() != null ? "as saved (" + saved.messageSize() + " bytes in the file)"
                : saved.hadMessage() || saved.request() == null ? "needed: the file does not hold the message"
                : "none was sent");
        Button browseEml = browse(eml, "Messages", "*.eml", "*.txt");
        CheckBox exact = new CheckBox("Compare the reply text too, not only the codes");
        exact.setId("replay-exact");
        Label error = new Label();
        error.setId("replay-error");
        error.getStyleClass().add("verdict-bad");
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, fields);
        int row = 0;
        grid.addRow(row++, new Label("Server:"), line(server, useForm));
        grid.addRow(row++, new Label("Security:"), security);
        grid.addRow(row++, new Label("Trust certificate:"), line(trust, browseTrust));
        grid.add(insecure, 1, row++);
        grid.addRow(row++, new Label("AUTH:"), auth);
        grid.addRow(row++, new Label("User:"), user);
        grid.addRow(row++, new Label("Password:"), password);
        grid.addRow(row++, new Label("Message (.eml):"), line(eml, browseEml));
        grid.add(exact, 1, row++);
        grid.add(error, 0, row, 2, 1);
        grid.setPrefWidth(640);
        dialog.getDialogPane().setContent(grid);

        Replay[] prepared = new Replay[1];
        dialog.getDialogPane().lookupButton(run).addEventFilter(ActionEvent.ACTION, e -> {
            form.server(server.getText());
            form.security(security.getValue().startsWith(ReplayForm.AS_SAVED) ? ReplayForm.AS_SAVED
                    : security.getValue());
            form.trustCert(trust.getText());
            form.insecure(insecure.isSelected());
            form.auth(auth.getValue().startsWith(ReplayForm.AS_SAVED) ? ReplayForm.AS_SAVED : auth.getValue());
            form.user(user.getText());
            form.password(password.getText().toCharArray());
            form.eml(eml.getText());
            form.exact(exact.isSelected());
            try {
                prepared[0] = Replay.prepare(saved, name, form.target(), form.credentials());
                password.clear();
            } catch (Replay.MessageMissing ex) {
                error.setText(Printable.escape(ex.getMessage()) + ": choose the message under Message (.eml)");
                e.consume();
            } catch (IllegalArgumentException | SmtpException | IOException ex) {
                error.setText(Printable.escape(String.valueOf(ex.getMessage())));
                e.consume();
            } finally {
                form.clear();
            }
        });
        Optional<ButtonType> answer = dialog.showAndWait();
        password.clear();
        return answer.filter(b -> b == run).map(b -> prepared[0]);
    }

    private static HBox line(TextField field, Button button) {
        HBox.setHgrow(field, Priority.ALWAYS);
        return new HBox(6, field, button);
    }

    private static Button browse(TextField target, String what, String... patterns) {
        Button b = new Button("Browse...");
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(what, patterns),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File f = fc.showOpenDialog(b.getScene().getWindow());
            if (f != null) {
                target.setText(f.getPath());
            }
        });
        return b;
    }
}
