package org.smtpexplorer.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.smtpexplorer.AppData;
import org.smtpexplorer.engine.CapabilitySnapshot;
import org.smtpexplorer.export.ScriptTarget;
import org.smtpexplorer.export.SessionScript;
import org.smtpexplorer.profiles.ProfileStore;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.TranscriptExport;
import org.smtpexplorer.transport.Step;
import org.smtpexplorer.ui.capabilities.CapabilitiesView;
import org.smtpexplorer.ui.common.CommandHistory;
import org.smtpexplorer.ui.common.LazyContent;
import org.smtpexplorer.ui.common.Zoom;
import org.smtpexplorer.ui.connection.ConnectionView;
import org.smtpexplorer.ui.connection.ConnectionViewModel;
import org.smtpexplorer.ui.explain.ExplainView;
import org.smtpexplorer.ui.ladder.LadderView;
import org.smtpexplorer.ui.replay.ReplayWindow;
import org.smtpexplorer.ui.session.PauseBeforeMenu;
import org.smtpexplorer.ui.session.PausedCommandView;
import org.smtpexplorer.ui.session.SessionSnapshot;
import org.smtpexplorer.ui.session.SessionViewModel;
import org.smtpexplorer.ui.state.StateGraphView;
import org.smtpexplorer.ui.state.StateGraphViewModel;
import org.smtpexplorer.ui.tls.TlsView;
import org.smtpexplorer.ui.timing.WaterfallView;
import org.smtpexplorer.ui.transcript.TranscriptView;

/** The main window's layout: it assembles the feature views and forwards their actions to the view models. */
public final class MainView extends BorderPane {
    private final SessionViewModel session;
    private final TranscriptView transcriptView;
    private final TranscriptView rawView;
    private Tab rawTab;
    private MenuButton sessionMenu;
    private static final PseudoClass NEXT = PseudoClass.getPseudoClass("next");
    static final String SHORTCUTS = """
            F5          Run to end
            F6          the next step (the highlighted button)
            Esc         Cancel; at a breakpoint, Abort (the session ends with QUIT)
            Enter       at a breakpoint, Send the command (as shown or as edited)
            Ctrl+F      search the transcript
            Ctrl+L      the command line; Up and Down recall earlier commands
            Ctrl+=      larger text in transcript, raw bytes and explanations (also Ctrl++)
            Ctrl+-      smaller text
            Ctrl+0      text back to 100%
            Ctrl+H      the history of sessions (search, open, compare, save)
            F1          this list""";
    private final Map<Step, Button> stepButtons = new EnumMap<>(Step.class);
    private final CommandHistory history = new CommandHistory(200);
    private Button runButton;
    private TextField searchField;
    private TextField commandField;
    private PausedCommandView paused;
    private Runnable showHistory;
    private final TabPane center;
    private final TlsView tls;
    private final Tab tlsTab;
    private final Tab composerTab;
    private final LadderView ladderView;
    private final Zoom zoom;

    /** @param zoom the font zoom of the reading panes, which the window's keys and buttons change */
    public MainView(ConnectionViewModel connection, ProfileStore profiles, SessionViewModel session,
                    List<Node> extraPanels, Node composer, Zoom zoom) {
        this.session = session;
        this.zoom = zoom;
        Transcript transcript = session.transcript();
        transcriptView = new TranscriptView(transcript, false);
        rawView = new TranscriptView(transcript, true);
        getStyleClass().add("main-view");

        VBox left = new VBox(6);
        left.getChildren().addAll(extraPanels);
        extraPanels.stream().filter(TitledPane.class::isInstance).map(TitledPane.class::cast)
                .forEach(LazyContent::untilExpanded);
        left.getChildren().add(new ConnectionView(connection, profiles));
        ScrollPane leftScroll = new ScrollPane(left);
        leftScroll.setFitToWidth(true);
        leftScroll.setMinWidth(370);

        ExplainView explain = new ExplainView();
        ladderView = new LadderView(transcript, e -> explain.explanations(e).stream()
                .map(x -> x.title() + "\n" + x.text()).collect(Collectors.joining("\n\n")));
        composerTab = new Tab("Composer", composer);
        Tab ladderTab = new Tab("Ladder", ladderView);
        Tab transcriptTab = new Tab("Transcript", transcriptView);
        WaterfallView waterfall = new WaterfallView();
        Tab timings = new Tab("Timings", waterfall);
        timings.setId("timings-tab");
        timings.setTooltip(new Tooltip("Where the session's time went: lookup, connect, greeting, each reply, TLS"
                + " and each payload, on one time axis"));
        rawTab = new Tab("Raw bytes", rawView);
        center = new TabPane(transcriptTab, ladderTab, rawTab, timings, composerTab);
        drawWhenShown(timings, waterfall::show);
        center.getTabs().forEach(t -> {
            t.setClosable(false);
            LazyContent.untilSelected(t);
        });
        center.setId("center-tabs");
        Node commandLine = commandLine();
        paused = new PausedCommandView(session, kept -> {
            history.add(kept);
            commandField.setText(kept);
        });
        VBox centerBox = new VBox(transcriptToolbar(transcript, connection), center, paused, commandLine);
        VBox.setVgrow(center, Priority.ALWAYS);

        StateGraphView state = new StateGraphView(new StateGraphViewModel(session.snapshotProperty(), s -> {
            showTranscriptIfComposing();
            session.step(s);
        }));
        CapabilitiesView caps = new CapabilitiesView();
        tls = new TlsView();
        tlsTab = new Tab("TLS", tls);
        Tab capsTab = new Tab("Capabilities", caps);
        TabPane right = new TabPane(new Tab("Explain", explain), capsTab, tlsTab);
        right.getTabs().forEach(t -> {
            t.setClosable(false);
            LazyContent.untilSelected(t);
        });
        SplitPane rightBox = new SplitPane(state, right);
        rightBox.setOrientation(Orientation.VERTICAL);
        rightBox.setDividerPositions(0.5);
        rightBox.setMinWidth(300);
        rightBox.setPrefWidth(340);
        // One selection for both views: a line of the transcript selects its arrow, an arrow its line. While the
        // ladder is in front, the transcript's caret (which follows new lines) does not move the ladder's selection.
        transcriptView.selectedEntryProperty().addListener((o, a, b) -> {
            if (center.getSelectionModel().getSelectedItem() != ladderTab) {
                explain.show(b);
                if (b != null) {
                    ladderView.select(b.seq());
                }
            }
        });
        // The transcript turns to an arrow's line when it is shown: turning its page while hidden would redraw a
        // page nobody sees, on every click.
        long[] pendingLine = {-1};
        ladderView.selectedEntryProperty().addListener((o, a, b) -> {
            if (b == null) {
                return;
            }
            explain.show(b);
            TranscriptEntry line = transcriptView.selectedEntryProperty().get();
            if (line != null && line.seq() == b.seq()) {
                // The transcript's own selection, come back: nothing to move.
                pendingLine[0] = -1;
            } else if (center.getSelectionModel().getSelectedItem() == transcriptTab) {
                transcriptView.select(b.seq());
            } else {
                pendingLine[0] = b.seq();
            }
        });
        center.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b == transcriptTab && pendingLine[0] >= 0) {
                transcriptView.select(pendingLine[0]);
                pendingLine[0] = -1;
            }
        });
        zoom.bindFontSize(transcriptView.area(), 13);
        zoom.bindFontSize(rawView.area(), 13);
        zoom.bindFontSize(explain, 13);
        zoom.bindFontSize(ladderView, 13);

        SplitPane split = new SplitPane(leftScroll, centerBox, rightBox);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.26, 0.74);
        setCenter(split);
        setTop(stepBar());
        sceneProperty().addListener((o, before, scene) -> {
            if (scene != null) {
                installShortcuts(scene);
            }
        });
        Label status = new Label();
        status.textProperty().bind(session.statusProperty());
        status.setId("status");
        // A long status (a file's path after Copy as command) can be cut at 1280 pixels: the tooltip has it whole.
        Tooltip statusTip = new Tooltip();
        statusTip.textProperty().bind(session.statusProperty());
        status.setTooltip(statusTip);
        javafx.scene.control.ProgressBar progress = new javafx.scene.control.ProgressBar();
        progress.setId("progress");
        progress.progressProperty().bind(session.progressProperty());
        progress.visibleProperty().bind(session.progressProperty().greaterThan(0)
                .and(session.progressProperty().lessThan(1)));
        javafx.scene.layout.Region spacer = new javafx.scene.layout.Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox statusBar = new HBox(8, status, spacer, progress);
        statusBar.getStyleClass().add("status-bar");
        setBottom(statusBar);

        // The capabilities table is built anew for each EHLO: while its tab is hidden, only when it is shown (a new
        // table's CSS and layout took 30 to 80 ms at the start of each run, the longest pulse gaps left with the ladder
        // in front).
        // What the hidden tab has yet to show; null when it is up to date.
        java.util.concurrent.atomic.AtomicReference<List<CapabilitySnapshot>> capsPending =
                new java.util.concurrent.atomic.AtomicReference<>();
        capsTab.selectedProperty().addListener((o, was, now) -> {
            List<CapabilitySnapshot> pending = now ? capsPending.getAndSet(null) : null;
            if (pending != null) {
                caps.show(pending);
            }
        });
        session.snapshotProperty().addListener((o, a, b) -> {
            // A run started from anywhere (the tour, the state graph, the command line) is read in the transcript.
            if (b.busy() && (a == null || !a.busy())) {
                showTranscriptIfComposing();
            }
            apply(b);
            // Both panes build their nodes anew: only when what they show changed, not at every step of a run (new
            // nodes cost a CSS and layout pass, and repainting the side pane, in the middle of a send).
            if (a == null || !a.capabilities().equals(b.capabilities())) {
                if (capsTab.isSelected()) {
                    caps.show(b.capabilities());
                } else {
                    capsPending.set(b.capabilities());
                }
            }
            if (a == null || !java.util.Objects.equals(a.tls(), b.tls())) {
                tls.show(b.tls());
            }
        });
        apply(session.snapshotProperty().get());
    }

    /** Adds a tab to the centre, after Transcript, Raw bytes and Composer. */
    public Tab addCenterTab(String title, Node content) {
        Tab tab = new Tab(title, content);
        tab.setClosable(false);
        center.getTabs().add(tab);
        LazyContent.untilSelected(tab);
        return tab;
    }

    /** Adds "History..." to the Session menu (after Import JSON...) and Ctrl+H, both running {@code show}. */
    public void installHistory(Runnable show) {
        showHistory = show;
        MenuItem history = new MenuItem("History... (Ctrl+H)");
        history.setId("history-item");
        history.setOnAction(e -> show.run());
        int after = -1;
        for (int i = 0; i < sessionMenu.getItems().size(); i++) {
            if ("import-json".equals(sessionMenu.getItems().get(i).getId())) {
                after = i;
            }
        }
        sessionMenu.getItems().add(after < 0 ? sessionMenu.getItems().size() : after + 1, history);
    }

    /** Selects the Transcript tab (an opened session is read there first). */
    public void showTranscript() {
        center.getSelectionModel().select(0);
    }

    /** The TLS tab, for the window to attach certificate pinning to. */
    public TlsView tlsView() {
        return tls;
    }

    /** Brings the TLS tab to the front: a changed certificate needs the person's decision there. */
    public void showTlsTab() {
        tlsTab.getTabPane().getSelectionModel().select(tlsTab);
    }

    public TranscriptView transcriptView() {
        return transcriptView;
    }

    public TranscriptView rawView() {
        return rawView;
    }

    public LadderView ladderView() {
        return ladderView;
    }

    /** The session view model; tests export through it (the file chooser cannot be driven headless). */
    SessionViewModel session() {
        return session;
    }

    /** The transcript both views show; tests feed it directly. */
    Transcript transcript() {
        return session.transcript();
    }

    /**
     * Adds a tab, before the composer's, that draws the session's events with {@code draw}: when it is shown, and
     * again whenever a step ends while it is shown.
     */
    public void addSessionTab(Tab tab, Consumer<List<TranscriptEntry>> draw) {
        tab.setClosable(false);
        center.getTabs().add(center.getTabs().size() - 1, tab);
        LazyContent.untilSelected(tab);
        drawWhenShown(tab, draw);
    }

    private void drawWhenShown(Tab tab, Consumer<List<TranscriptEntry>> draw) {
        Transcript transcript = session.transcript();
        tab.selectedProperty().addListener((o, was, now) -> {
            if (now) {
                draw.accept(transcript.entries());
            }
        });
        session.snapshotProperty().addListener((o, a, b) -> {
            if (tab.isSelected() && !b.busy()) {
                draw.accept(transcript.entries());
            }
        });
    }

    /** A step or a run is watched in the transcript: the Composer tab makes way for it (the others stay). */
    private void showTranscriptIfComposing() {
        if (center.getSelectionModel().getSelectedItem() == composerTab) {
            center.getSelectionModel().select(0);
        }
    }

    private Node stepBar() {
        FlowPane bar = new FlowPane(6, 6);
        bar.setPadding(new Insets(6));
        bar.getStyleClass().add("step-bar");
        for (Step s : Step.values()) {
            Button b = new Button(s.label());
            b.setId("step-" + s.name().toLowerCase());
            b.setOnAction(e -> {
                showTranscriptIfComposing();
                session.step(s);
            });
            stepButtons.put(s, b);
            bar.getChildren().add(b);
        }
        Button run = new Button("Run to end \u25b6");
        runButton = run;
        run.setTooltip(new Tooltip("Run the rest of the session (F5). F6 takes only the highlighted next step."));
        run.setId("run-to-end");
        run.getStyleClass().add("accent");
        run.setOnAction(e -> {
            showTranscriptIfComposing();
            session.runToEnd();
        });
        Button cancel = new Button("Cancel");
        cancel.setTooltip(new Tooltip("Abort the session now (Esc); at a breakpoint, end it there with QUIT"));
        cancel.setId("cancel");
        cancel.setOnAction(e -> session.cancel());
        bar.getChildren().addAll(new Separator(Orientation.VERTICAL), run, cancel, new PauseBeforeMenu(session));
        return bar;
    }

    private void apply(SessionSnapshot s) {
        stepButtons.forEach((step, b) -> {
            b.setDisable(!s.enabled().contains(step));
            b.pseudoClassStateChanged(NEXT, step == s.next());
        });
    }

    /**
     * F5 Run to end, F6 the next step, Esc Cancel, Ctrl+F search, Ctrl+L the command line; listed in the tooltips
     * and in the shortcuts dialog (F1).
     */
    private void installShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), () -> runButton.fire());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F6), () -> {
            showTranscriptIfComposing();
            session.nextStep();
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), () -> {
            if (!paused.abortIfPaused()) {
                session.cancel();
            }
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN),
                searchField::requestFocus);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN),
                commandField::requestFocus);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F1), this::showShortcuts);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.H, KeyCombination.SHORTCUT_DOWN), () -> {
            if (showHistory != null) {
                showHistory.run();
            }
        });
        zoom.installKeys(scene);
    }

    private void showShortcuts() {
        Alert help = new Alert(Alert.AlertType.INFORMATION, SHORTCUTS, ButtonType.OK);
        help.setHeaderText("Keyboard shortcuts");
        help.setTitle("SMTP Explorer");
        help.show();
    }

    private Node commandLine() {
        TextField line = new TextField();
        commandField = line;
        line.setTooltip(new Tooltip("Any command, sent as typed (Ctrl+L). Up and Down recall earlier ones."));
        line.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.UP) {
                line.setText(history.previous(line.getText()));
                line.end();
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN) {
                line.setText(history.next());
                line.end();
                e.consume();
            }
        });
        line.setId("command-line");
        line.setPromptText("Type any command (e.g. NOOP, VRFY bob, HELP) and press Enter");
        HBox.setHgrow(line, Priority.ALWAYS);
        Button send = new Button("Send");
        send.setId("send-command");
        Runnable action = () -> {
            String text = line.getText();
            if (text == null || text.isBlank()) {
                return;
            }
            List<String> problems = session.problemsWith(text);
            if (!problems.isEmpty()) {
                Alert warn = new Alert(Alert.AlertType.WARNING, String.join("\n", problems)
                        + "\n\nSend it anyway? The server will probably refuse it; that can be instructive.",
                        ButtonType.YES, ButtonType.NO);
                warn.setHeaderText("This command is out of sequence");
                if (warn.showAndWait().orElse(ButtonType.NO) != ButtonType.YES) {
                    return;
                }
            }
            history.add(text);
            session.sendTyped(text, !problems.isEmpty());
            line.clear();
        };
        line.setOnAction(e -> action.run());
        send.setOnAction(e -> action.run());
        HBox box = new HBox(6, new Label("Command:"), line, send);
        box.setPadding(new Insets(6));
        return box;
    }

    /** The connection form's server, offered in "Replay against..." beside the saved one; empty when not valid. */
    private static java.util.Optional<ReplayWindow.Suggestion> formServer(ConnectionViewModel connection) {
        String host = connection.hostProperty().get();
        String port = connection.portProperty().get();
        if (host == null || host.isBlank() || port == null || !port.strip().matches("[0-9]{1,5}")) {
            return java.util.Optional.empty();
        }
        String pem = connection.trustPemProperty().get();
        return java.util.Optional.of(new ReplayWindow.Suggestion(host.strip(), Integer.parseInt(port.strip()),
                pem == null || pem.isBlank() ? null : pem.strip()));
    }

    private Node transcriptToolbar(Transcript transcript, ConnectionViewModel connection) {
        TextField search = new TextField();
        searchField = search;
        search.setTooltip(new Tooltip("Find in the transcript (Ctrl+F)"));
        search.setPromptText("Search");
        search.setId("search");
        search.setPrefColumnCount(9);
        search.setOnAction(e -> transcriptView.find(search.getText()));
        ToggleButton reveal = new ToggleButton("Reveal secrets");
        reveal.setId("reveal");
        reveal.getStyleClass().add("danger");
        transcriptView.revealSecretsProperty().bind(reveal.selectedProperty());
        ladderView.revealSecretsProperty().bind(reveal.selectedProperty());
        rawView.revealSecretsProperty().bind(reveal.selectedProperty());
        MenuItem copy = new MenuItem("Copy as text");
        copy.setId("copy-text");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(TranscriptExport.toText(transcript.entries(), false));
            Clipboard.getSystemClipboard().setContent(c);
        });
        MenuItem save = new MenuItem("Save text...");
        save.setId("save-text");
        save.setOnAction(e -> saveText(transcript));
        // With the last session's request and message, as smtpx send --json saves them: replay and export take it.
        MenuItem export = new MenuItem("Export JSON...");
        export.setId("export-json");
        export.setOnAction(e -> exportJson());
        MenuItem importJson = new MenuItem("Import JSON...");
        importJson.setId("import-json");
        importJson.setOnAction(e -> importJson(transcript));
        MenuItem compare = new MenuItem("Compare with saved...");
        compare.setId("compare-with-saved");
        compare.setOnAction(e -> ReplayWindow.chooseAndCompare(getScene().getWindow(), transcript.entries(), zoom));
        MenuItem replay = new MenuItem("Replay against...");
        replay.setId("replay-against");
        replay.setOnAction(e -> ReplayWindow.chooseAndOpen(getScene().getWindow(), () -> formServer(connection), zoom));
        MenuItem ladder = new MenuItem("Save ladder...");
        ladder.setId("save-ladder");
        ladder.setOnAction(e -> saveLadder());
        sessionMenu = new MenuButton("Session", null, copy, copyAsCommand(), save, export, importJson,
                new SeparatorMenuItem(), compare, replay, new SeparatorMenuItem(), ladder);
        sessionMenu.setId("session-menu");
        sessionMenu.setTooltip(new Tooltip("This session: copy or save it as text, copy it as a swaks, openssl"
                + " s_client or Python command (its message in the data folder's exports folder, the password read"
                + " from $" + SessionScript.PASSWORD_ENV + "), export or import it as JSON, compare it with a saved"
                + " one side by side, step by step, or replay a saved one against another server (as smtpx replay"
                + " does), save the ladder as .svg or .png for slides or .mmd (a"
                + " Mermaid sequenceDiagram); secrets are always redacted"));
        ToggleButton hex = new ToggleButton("Hex");
        hex.setId("hex");
        hex.setTooltip(new javafx.scene.control.Tooltip("Show a hex dump"));
        rawView.hexProperty().bind(hex.selectedProperty());
        ToggleButton utf8 = new ToggleButton("UTF-8");
        utf8.setId("utf8");
        utf8.setSelected(true);
        utf8.setTooltip(new javafx.scene.control.Tooltip("Show UTF-8 decoded (controls, bidi"
                + " overrides and invalid bytes stay escaped); off, every non-ASCII byte as \\xHH"));
        utf8.disableProperty().bind(hex.selectedProperty());
        rawView.utf8Property().bind(utf8.selectedProperty());
        ToggleButton dark = new ToggleButton("Dark");
        dark.setId("dark-theme");
        dark.selectedProperty().addListener((o, a, on) -> Theme.apply(getScene(), on));
        rawTab.setContent(new javafx.scene.layout.BorderPane(rawView, rawBar(hex, utf8), null, null, null));
        FlowPane box = new FlowPane(6, 6, search, reveal, sessionMenu, dark, zoomButtons());
        box.getChildren().forEach(n -> ((javafx.scene.layout.Region) n).setMinWidth(
                javafx.scene.layout.Region.USE_PREF_SIZE));
        box.setPadding(new Insets(6));
        box.setMinWidth(0);
        box.setId("transcript-toolbar");
        return box;
    }

    /**
     * The last session as a swaks, openssl s_client or Python script on the clipboard. The message it sent is
     * written to the data folder's exports folder, where the script reads it: copying is one click, with no dialog,
     * and the status bar names the file.
     */
    private Menu copyAsCommand() {
        Menu menu = new Menu("Copy as command");
        menu.setId("copy-as-command");
        for (ScriptTarget t : ScriptTarget.values()) {
            MenuItem item = new MenuItem(switch (t) {
                case SWAKS -> "swaks";
                case OPENSSL -> "openssl s_client";
                case PYTHON -> "Python";
            });
            item.setId("copy-as-" + t.cliName());
            item.setOnAction(e -> session.copyAsCommand(t, AppData.dataDir().resolve("exports"), script -> {
                ClipboardContent c = new ClipboardContent();
                c.putString(script);
                Clipboard.getSystemClipboard().setContent(c);
            }));
            menu.getItems().add(item);
        }
        return menu;
    }

    /** Above the raw bytes: how they are shown, which only that tab uses. */
    private static Node rawBar(ToggleButton hex, ToggleButton utf8) {
        Label what = new Label("The bytes as they crossed the wire, in both directions");
        what.getStyleClass().add("raw-hint");
        what.setMinWidth(0);
        HBox bar = new HBox(6, hex, utf8, what);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 6, 4, 6));
        hex.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        utf8.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return bar;
    }

    /** Smaller, 100% and larger text, for a projector; the middle one shows the zoom. */
    private Node zoomButtons() {
        Button out = new Button("A\u2212");
        out.setId("zoom-out");
        out.setTooltip(new Tooltip("Smaller text in transcript, ladder, raw bytes and explanations (Ctrl+-)"));
        out.setOnAction(e -> zoom.zoomOut());
        Button reset = new Button();
        reset.setId("zoom-reset");
        reset.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(zoom::percent,
                zoom.factorProperty()));
        reset.setTooltip(new Tooltip("Text size of transcript, ladder, raw bytes and explanations; back to 100%"
                + " (Ctrl+0)"));
        reset.setOnAction(e -> zoom.reset());
        Button in = new Button("A+");
        in.setId("zoom-in");
        in.setTooltip(new Tooltip("Larger text in transcript, ladder, raw bytes and explanations (Ctrl+= or"
                + " Ctrl++)"));
        in.setOnAction(e -> zoom.zoomIn());
        HBox box = new HBox(2, out, reset, in);
        box.getChildren().forEach(n -> {
            ((javafx.scene.layout.Region) n).setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            n.getStyleClass().add("compact");
        });
        return box;
    }

    private void saveLadder() {
        FileChooser fc = new FileChooser();
        FileChooser.ExtensionFilter svg = new FileChooser.ExtensionFilter("SVG picture (*.svg)", "*.svg");
        FileChooser.ExtensionFilter png = new FileChooser.ExtensionFilter("PNG picture (*.png)", "*.png");
        FileChooser.ExtensionFilter mermaid = new FileChooser.ExtensionFilter("Mermaid for Markdown (*.mmd, *.md)",
                "*.mmd", "*.md");
        fc.getExtensionFilters().addAll(svg, png, mermaid);
        fc.setInitialFileName("session.svg");
        var file = fc.showSaveDialog(getScene().getWindow());
        if (file != null) {
            try {
                saveLadder(file.toPath(), fc.getSelectedExtensionFilter());
            } catch (IOException ex) {
                error("Cannot save " + file + ": " + ex.getMessage());
            }
        }
    }

    /** Saves the ladder as its file name's extension says (else as the chosen filter says): SVG, PNG or Mermaid. */
    void saveLadder(java.nio.file.Path file, FileChooser.ExtensionFilter chosen) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String kind = name.endsWith(".svg") ? "svg" : name.endsWith(".png") ? "png"
                : name.endsWith(".mmd") || name.endsWith(".md") || chosen == null ? "mmd"
                : chosen.getExtensions().get(0).substring(2);
        switch (kind) {
            case "svg" -> ladderView.writeSvg(file);
            case "png" -> ladderView.writePng(file);
            default -> ladderView.writeMermaid(file);
        }
    }

    private void saveText(Transcript transcript) {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName("transcript.txt");
        var file = fc.showSaveDialog(getScene().getWindow());
        if (file != null) {
            try {
                Files.writeString(file.toPath(), TranscriptExport.toText(transcript.entries(), false),
                        StandardCharsets.UTF_8);
            } catch (IOException ex) {
                error("Cannot save " + file + ": " + ex.getMessage());
            }
        }
    }

    private void exportJson() {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName("transcript.json");
        var file = fc.showSaveDialog(getScene().getWindow());
        if (file != null) {
            session.exportJson(file.toPath());
        }
    }

    private void importJson(Transcript transcript) {
        FileChooser fc = new FileChooser();
        var file = fc.showOpenDialog(getScene().getWindow());
        if (file != null) {
            try (InputStream in = Files.newInputStream(file.toPath())) {
                List<TranscriptEntry> entries = TranscriptExport.readJson(in);
                transcript.note("Imported " + entries.size() + " entries from " + file);
                entries.forEach(transcript::appendImported);
            } catch (IOException ex) {
                error("Cannot import " + file + ": " + ex.getMessage());
            }
        }
    }

    private void error(String message) {
        new Alert(Alert.AlertType.ERROR, message).showAndWait();
    }
}
