package org.smtpexplorer.ui.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.compose.DraftStore;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.Transition;
import org.smtpexplorer.engine.Verb;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.Step;
import org.smtpexplorer.transport.TlsSettings;
import org.smtpexplorer.ui.common.Tasks;
import org.smtpexplorer.ui.composer.ComposerViewModel;
import org.smtpexplorer.ui.connection.ConnectionViewModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The session view model reads the form on the FX thread and does everything slow on the worker; the message is
 * composed there, for the server actually connected, and a blocking problem stops it before MAIL.
 */
@ExtendWith(ApplicationExtension.class)
class SessionViewModelTest {
    @TempDir
    Path tmp;

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new Pane(), 100, 100));
        stage.show();
    }

    private static final String EHLO_WITHOUT_SMTPUTF8 = """
            S: 220 mx.example ESMTP
            C: EHLO explorer.local
            S: 250-mx.example
            S: 250 8BITMIME
            """;

    private void waitForStatus(SessionViewModel vm, String prefix) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.statusProperty().get().startsWith(prefix)
                && !vm.snapshotProperty().get().busy());
    }

    @Test
    void theMessageIsComposedOnTheWorkerForTheServerConnected(FxRobot robot) throws Exception {
        AtomicReference<String> preparedOn = new AtomicReference<>();
        AtomicReference<String> composedOn = new AtomicReference<>();
        AtomicReference<Capabilities> composedFor = new AtomicReference<>();
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(EHLO_WITHOUT_SMTPUTF8 + """
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            SessionViewModel vm = new SessionViewModel(new Transcript(), new Tasks(), () -> {
                preparedOn.set(Thread.currentThread().getName());
                return SendRequest.of(ConnectOptions.of("127.0.0.1", server.port(), SecurityMode.NONE,
                        TlsSettings.verified())).with(b -> b.helo("explorer.local").messageFactory((request, caps) -> {
                            composedOn.set(Thread.currentThread().getName());
                            composedFor.set(caps);
                            throw SmtpException.refused("stopped by the test's composer");
                        }));
            });
            robot.interact(vm::runToEnd);
            waitForStatus(vm, "Run to end: ");
            assertThat(server.await()).isEmpty();
            assertThat(preparedOn.get()).isEqualTo("JavaFX Application Thread");
            assertThat(composedOn.get()).isEqualTo("smtp-explorer-worker");
            assertThat(composedFor.get().eightBitMime()).isTrue();
            assertThat(vm.statusProperty().get()).contains("stopped by the test's composer");
        }
    }

    @Test
    void aBlockingProblemFoundWithTheServersEhloStopsTheMessageBeforeMail(FxRobot robot) throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(EHLO_WITHOUT_SMTPUTF8 + """
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            AtomicReference<SessionViewModel> vm = new AtomicReference<>();
            AtomicReference<ComposerViewModel> composer = new AtomicReference<>();
            robot.interact(() -> {
                ConnectionViewModel form = new ConnectionViewModel();
                form.target("127.0.0.1", server.port(), SecurityMode.NONE, null);
                form.authMechanismProperty().set(ConnectionViewModel.NO_AUTH);
                form.fromProperty().set("alice@example.com");
                // A non-ASCII local part has no ASCII form: without SMTPUTF8 it cannot be sent.
                form.toProperty().set("\u7528\u6237@example.com");
                ComposerViewModel c = new ComposerViewModel(form, new DraftStore(tmp.resolve("drafts")));
                form.setMessageFactory(c::snapshotForSend);
                composer.set(c);
                SessionViewModel s = new SessionViewModel(new Transcript(), new Tasks(), form::prepare);
                vm.set(s);
                s.runToEnd();
            });
            waitForStatus(vm.get(), "Run to end: ");
            assertThat(server.await()).as("no MAIL was sent").isEmpty();
            assertThat(vm.get().statusProperty().get()).contains("cannot go to this server")
                    .contains("non-ASCII local part");
            // With the server known, the composer's own list says the same, live.
            List<String> before = List.copyOf(composer.get().problems());
            assertThat(before).noneMatch(p -> p.startsWith("BLOCKING") && p.contains("does not offer SMTPUTF8"));
            robot.interact(() -> composer.get().serverCapabilitiesProperty().set(Capabilities.none()));
            assertThat(composer.get().problems()).anyMatch(p -> p.startsWith("BLOCKING")
                    && p.contains("does not offer SMTPUTF8"));
        }
    }

    @Test
    void theStepButtonsFollowTheSessionsAllowedSteps(FxRobot robot) throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO explorer.local
                S: 250-mx.example
                S: 250-STARTTLS
                S: 250 AUTH PLAIN
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            AtomicReference<SessionViewModel> vm = new AtomicReference<>();
            robot.interact(() -> {
                ConnectionViewModel form = new ConnectionViewModel();
                form.target("127.0.0.1", server.port(), SecurityMode.STARTTLS, null);
                form.authMechanismProperty().set("PLAIN");
                form.userProperty().set("u");
                form.passwordProperty().set("p");
                SessionViewModel s = new SessionViewModel(new Transcript(), new Tasks(), form::prepare);
                vm.set(s);
                s.step(Step.CONNECT);
            });
            waitForStatus(vm.get(), "Connect: ");
            robot.interact(() -> vm.get().step(Step.EHLO));
            waitForStatus(vm.get(), "EHLO: ");
            SessionSnapshot snap = vm.get().snapshotProperty().get();
            assertThat(snap.state()).as(vm.get().statusProperty().get() + "\n"
                    + vm.get().transcript().entries()).isEqualTo(SessionState.READY);
            // STARTTLS is required: no AUTH and no MAIL in clear, though the state table allows both in READY.
            assertThat(snap.enabled()).contains(Step.STARTTLS, Step.EHLO, Step.NOOP, Step.QUIT)
                    .doesNotContain(Step.AUTH, Step.MAIL, Step.CONNECT);
            assertThat(snap.legal()).doesNotContain(Verb.MAIL);
            robot.interact(() -> vm.get().step(Step.QUIT));
            waitForStatus(vm.get(), "QUIT: ");
            assertThat(vm.get().snapshotProperty().get().enabled()).containsExactly(Step.CONNECT);
            assertThat(server.await()).isEmpty();
        }
    }

    /** Each snapshot carries the state moves its step made, and only those: the state graph traces them. */
    @Test
    void eachSnapshotCarriesTheMovesOfItsStep(FxRobot robot) throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(EHLO_WITHOUT_SMTPUTF8 + """
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            SessionViewModel vm = new SessionViewModel(new Transcript(), new Tasks(), () -> SendRequest.of(
                    ConnectOptions.of("127.0.0.1", server.port(), SecurityMode.NONE, TlsSettings.verified()))
                    .with(b -> b.helo("explorer.local")));
            robot.interact(() -> vm.step(Step.CONNECT));
            waitForStatus(vm, "Connect: 220");
            assertThat(vm.snapshotProperty().get().moved()).extracting(Transition::from, Transition::to)
                    .containsExactly(tuple(SessionState.DISCONNECTED, SessionState.CONNECTED),
                            tuple(SessionState.CONNECTED, SessionState.GREETED));
            robot.interact(() -> vm.step(Step.EHLO));
            waitForStatus(vm, "EHLO: 250");
            assertThat(vm.snapshotProperty().get().moved()).extracting(Transition::from, Transition::to)
                    .containsExactly(tuple(SessionState.GREETED, SessionState.READY));
            robot.interact(() -> vm.step(Step.QUIT));
            waitForStatus(vm, "QUIT: 221");
            assertThat(vm.snapshotProperty().get().moved()).extracting(Transition::from, Transition::to)
                    .containsExactly(tuple(SessionState.READY, SessionState.CLOSED));
        }
    }
}
