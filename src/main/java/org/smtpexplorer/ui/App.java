package org.smtpexplorer.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.scene.control.Tab;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import org.smtpexplorer.AppData;
import org.smtpexplorer.compose.DraftStore;
import org.smtpexplorer.dns.MxLookup;
import org.smtpexplorer.explain.KnowledgeBase;
import org.smtpexplorer.history.HistoryEntry;
import org.smtpexplorer.history.HistoryStore;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.pins.CertificatePins;
import org.smtpexplorer.profiles.ProfileStore;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.ui.common.Tasks;
import org.smtpexplorer.ui.common.Zoom;
import org.smtpexplorer.ui.connection.ConnectionViewModel;
import org.smtpexplorer.ui.composer.ComposerView;
import org.smtpexplorer.ui.composer.ComposerViewModel;
import org.smtpexplorer.ui.history.HistoryView;
import org.smtpexplorer.ui.history.HistoryViewModel;
import org.smtpexplorer.ui.lab.LabPanel;
import org.smtpexplorer.ui.tls.PinViewModel;
import org.smtpexplorer.ui.lab.ServerSideView;
import org.smtpexplorer.ui.lab.LabViewModel;
import org.smtpexplorer.ui.message.MessageView;
import org.smtpexplorer.ui.message.MessageViewModel;
import org.smtpexplorer.ui.mx.MxView;
import org.smtpexplorer.ui.mx.MxViewModel;
import org.smtpexplorer.ui.probe.ProbeView;
import org.smtpexplorer.ui.probe.ProbeViewModel;
import org.smtpexplorer.ui.replay.ReplayWindow;
import org.smtpexplorer.ui.session.SessionViewModel;
import org.smtpexplorer.ui.tlscheck.TlsCheckView;
import org.smtpexplorer.ui.tlscheck.TlsCheckViewModel;
import org.smtpexplorer.ui.tour.Tour;
import org.smtpexplorer.ui.tour.TourPanel;
import org.smtpexplorer.ui.tour.TourViewModel;

/** The SMTP Explorer window. */
public final class App extends Application {
    public static final String TITLE = "SMTP Explorer";
    /** The window's settings in the data folder: its bounds and the font zoom. */
    static final String WINDOW_SETTINGS = "window.properties";
    private final Tasks tasks = new Tasks();
    /** Reading a message to show it (1 GiB, say) must not hold up the session's steps, nor wait for them. */
    private final Tasks messageTasks = new Tasks("smtp-explorer-message");
    /** The history folder is read on a worker of its own: listing it must not wait for a session's step. */
    private final Tasks historyTasks = new Tasks("smtp-explorer-history");
    /** A domain TLS check takes seconds per MX host: it must not hold up the session's steps. */
    private final Tasks tlsCheckTasks = new Tasks("smtp-explorer-tls-check");
    private final LabConfig labConfig;
    private final TlsCheckViewModel.Checker tlsChecker;
    private LabViewModel lab;

    public App() {
        this(defaultLab().build());
    }

    /** The window with its lab started from {@code labConfig}: tests shorten the slow and trickle delays. */
    App(LabConfig labConfig) {
        this(labConfig, TlsCheckViewModel.systemChecker());
    }

    /** The same with the domain TLS check run by {@code tlsChecker}: tests point it at a DNS server on loopback. */
    App(LabConfig labConfig, TlsCheckViewModel.Checker tlsChecker) {
        this.labConfig = labConfig;
        this.tlsChecker = tlsChecker;
    }

    /**
     * The lab the window starts: a free loopback port, its files in the app data folder, and a generous SIZE so big
     * test messages (100 MiB and more) can be tried against it too.
     */
    static LabConfig.Builder defaultLab() {
        return LabConfig.builder().port(0).dataDir(AppData.dataDir().resolve("lab")).sizeLimit(512L * 1024 * 1024)
                .keepMessages(50);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle(TITLE);
        stage.setScene(createScene());
        Path placement = AppData.dataDir().resolve(WINDOW_SETTINGS);
        Rectangle2D bounds = WindowPlacement.choose(WindowPlacement.load(placement),
                Screen.getScreens().stream().map(Screen::getVisualBounds).toList());
        WindowPlacement.apply(stage, bounds);
        stage.setOnHiding(e -> {
            try {
                WindowPlacement.save(placement, new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(),
                        stage.getHeight()));
            } catch (IOException ex) {
                System.err.println("SMTP Explorer: cannot remember the window's size: " + ex.getMessage());
            }
        });
        stage.show();
        afterFirstFrame(stage, System.getProperty("smtpexplorer.firstFrame"));
    }

    /**
     * Starts reading, on a thread of its own, what the window needs soon but not for its first frame: the
     * explanations (JSON, read while JavaFX starts its toolkit, which leaves the other core idle). Called by the
     * launcher before JavaFX starts.
     */
    public static void preload() {
        Thread t = new Thread(KnowledgeBase::load, "smtp-explorer-preload");
        t.setDaemon(true);
        t.start();
    }

    /**
     * After the first frame (the second pulse after show: the first one renders it), gives the window its icons:
     * decoding the four sizes held the first frame back by about 30 ms, and nobody sees them sooner. For the
     * start-up benchmark ({@code firstFrame} set) it first prints how long after the JVM started that frame was
     * drawn and the wall-clock time then, and closes the window when {@code firstFrame} is "exit". The JVM's own
     * record of its start is the reference: the process's start time from the system ({@code ProcessHandle.info()})
     * is counted in clock ticks since boot and was 0.9 s early here.
     */
    private static void afterFirstFrame(Stage stage, String firstFrame) {
        new javafx.animation.AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                if (++pulses < 2) {
                    return;
                }
                stop();
                if (firstFrame != null) {
                    long wall = System.currentTimeMillis();
                    long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
                    System.out.println("first frame: " + (wall - jvmStart) + " ms after the JVM started (at " + wall
                            + " ms since the epoch)");
                    if ("exit".equals(firstFrame)) {
                        javafx.application.Platform.exit();
                        return;
                    }
                }
                for (int size : new int[] {16, 32, 64, 256}) {
                    stage.getIcons().add(new javafx.scene.image.Image(
                            App.class.getResource("icon-" + size + ".png").toExternalForm()));
                }
            }
        }.start();
    }

    /** Builds the whole window's scene; tests use it directly. */
    public Scene createScene() {
        ConnectionViewModel connection = new ConnectionViewModel();
        SessionViewModel session = new SessionViewModel(new Transcript(), tasks, connection::prepare);
        PinViewModel pins = new PinViewModel(new CertificatePins(AppData.dataDir().resolve("pins.json")), tasks,
                Clock.systemUTC());
        session.checkTls(pins.gate());
        session.snapshotProperty().addListener((o, a, b) -> pins.sessionUpdated(b));
        MxViewModel mx = new MxViewModel(MxLookup.system(), tasks, host -> connection.target(host, 25,
                SecurityMode.STARTTLS_IF_AVAILABLE, null));
        ProfileStore profiles = new ProfileStore(AppData.dataDir().resolve("profiles.json"));
        lab = new LabViewModel(tasks, labConfig);
        // The lab is the default target: the form points at it, with one of its users, as soon as it listens.
        lab.start(target -> {
            connection.target("127.0.0.1", target.port(), SecurityMode.STARTTLS, target.certificate());
            connection.userProperty().set("alice");
            connection.passwordProperty().set("wonderland");
        });
        TourViewModel tour = new TourViewModel(Tour.load(), lab, connection, session);
        ComposerViewModel composer = new ComposerViewModel(connection,
                new DraftStore(AppData.dataDir().resolve("drafts")));
        composer.restoreLatest();
        // The composer checks the draft against the connected server's last EHLO, as the session will.
        session.snapshotProperty().addListener((o, a, b) -> {
            if (!b.busy()) {
                composer.serverCapabilitiesProperty().set(b.capabilities().isEmpty() ? null
                        : b.capabilities().get(b.capabilities().size() - 1).capabilities());
            }
        });
        connection.setMessageFactory(composer::snapshotForSend);
        Zoom zoom = Zoom.keptIn(AppData.dataDir().resolve(WINDOW_SETTINGS));
        MainView view = new MainView(connection, profiles, session,
                List.of(new LabPanel(lab), new TourPanel(tour), new MxView(mx),
                        new TlsCheckView(new TlsCheckViewModel(tlsChecker, tlsCheckTasks)),
                        new ProbeView(new ProbeViewModel(tasks, connection::prepare))),
                new ComposerView(composer, connection, AppData.dataDir().resolve("attachments")),
                zoom);
        view.tlsView().attach(pins);
        pins.shownProperty().addListener((o, a, b) -> {
            if (b.state() == PinViewModel.State.CHANGED) {
                view.showTlsTab();
            }
        });
        ServerSideView serverSide = new ServerSideView(lab::server);
        Tab serverTab = new Tab("Lab log", serverSide);
        serverTab.setId("server-side-tab");
        serverTab.setTooltip(new Tooltip("The lab server's own log of this session, beside the client's"));
        view.addSessionTab(serverTab, serverSide::show);
        MessageViewModel message = new MessageViewModel(messageTasks);
        session.lastMessageProperty().addListener((o, a, sent) -> message.showSent(sent));
        MessageView messageView = new MessageView(message);
        zoom.bindFontSize(messageView.readingPane(), 13);
        Tab messageTab = view.addCenterTab("Message", messageView);
        message.setShowing(messageTab.isSelected());
        messageTab.selectedProperty().addListener((o, was, now) -> message.setShowing(now));
        installHistory(view, session, message, zoom);
        Scene scene = new Scene(view, WindowPlacement.PREFERRED_WIDTH, WindowPlacement.PREFERRED_HEIGHT);
        scene.getStylesheets().add(App.class.getResource("app.css").toExternalForm());
        Theme.apply(scene, false);
        return scene;
    }

    /**
     * The session history: every session that ends is kept (unless the setting or SMTPX_HISTORY says off); the
     * History window lists them, opens one into the transcript, ladder and message views as Import JSON does,
     * compares the window's session with one, and saves one as JSON. It and the windows it opens follow {@code zoom},
     * the main window's.
     */
    private void installHistory(MainView view, SessionViewModel session, MessageViewModel message, Zoom zoom) {
        HistoryStore store = HistoryStore.inDataFolder();
        session.recordWith((entries, request) -> {
            if (store.enabled(System.getenv())) {
                store.record(entries, request, "window");
            }
        });
        HistoryViewModel vm = new HistoryViewModel(store, historyTasks);
        Transcript transcript = session.transcript();
        HistoryView content = new HistoryView(vm, opened -> {
            SavedSession saved = opened.session();
            HistoryEntry e = opened.entry();
            transcript.note("Opened @" + e.number() + " from the history: " + e.server() + ", "
                    + e.outcome().kind().word() + " (" + saved.entries().size() + " entries)");
            saved.entries().forEach(transcript::appendImported);
            byte[] bytes = saved.message();
            if (bytes != null) {
                try {
                    Path eml = Files.createTempFile("smtpx-history-" + e.number() + "-", ".eml");
                    eml.toFile().deleteOnExit();
                    Files.write(eml, bytes);
                    message.open(eml);
                } catch (IOException ex) {
                    transcript.note("The message of @" + e.number() + " cannot be shown: " + ex.getMessage());
                }
            }
            view.showTranscript();
        }, opened -> ReplayWindow.compare(view.getScene().getWindow(), opened.session(), "@"
                + opened.entry().number(), transcript.entries(), zoom),
                opened -> ReplayWindow.open(view.getScene().getWindow(), opened.session(), "@"
                + opened.entry().number(), null, zoom));
        Stage[] window = new Stage[1];
        view.installHistory(() -> {
            if (window[0] == null) {
                Stage stage = new Stage();
                stage.initOwner(view.getScene().getWindow());
                stage.setTitle(TITLE + ": history");
                Scene scene = new Scene(content, 1040, 460);
                zoom.bindFontSize(content, 13);
                zoom.installKeys(scene);
                scene.getStylesheets().addAll(view.getScene().getStylesheets());
                scene.getRoot().getStyleClass().addAll(view.getScene().getRoot().getStyleClass().stream()
                        .filter("dark"::equals).toList());
                stage.setScene(scene);
                // smtpx may have kept sessions meanwhile: read the folder again whenever the window comes back.
                stage.focusedProperty().addListener((o, was, now) -> {
                    if (now) {
                        vm.refresh();
                    }
                });
                window[0] = stage;
            }
            vm.refresh();
            window[0].show();
            window[0].toFront();
        });
        session.snapshotProperty().addListener((o, a, b) -> {
            if (!b.busy() && window[0] != null && window[0].isShowing()) {
                vm.refresh();
            }
        });
    }

    /** The lab server view model, for tests. */
    public LabViewModel lab() {
        return lab;
    }

    @Override
    public void stop() {
        if (lab != null) {
            lab.stop();
        }
        tasks.shutdown();
        messageTasks.shutdown();
        historyTasks.shutdown();
        tlsCheckTasks.shutdown();
    }

    /** The window on its own (mvn javafx:run): as the launcher, one line and exit 12 when it cannot open. */
    public static void main(String[] args) {
        try {
            launch(args);
        } catch (RuntimeException | LinkageError e) {
            System.err.println(org.smtpexplorer.Launcher.noWindow(e));
            System.exit(org.smtpexplorer.Launcher.NO_WINDOW);
        }
    }
}
