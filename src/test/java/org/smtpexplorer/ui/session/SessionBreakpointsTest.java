package org.smtpexplorer.ui.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.export.ScriptTarget;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.Step;
import org.smtpexplorer.transport.TlsSettings;
import org.smtpexplorer.ui.common.Poller;
import org.smtpexplorer.ui.common.Tasks;

/**
 * Breakpoints and "Copy as command" in the session view model, as plain JUnit: the worker is a thread, the test
 * thread plays the FX thread, and each dialogue is asserted byte for byte by the scripted server.
 */
class SessionBreakpointsTest {
    private static final byte[] MESSAGE = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String EHLO = """
            S: 220 mx.example ESMTP
            C: EHLO localhost
            S: 250-mx.example
            S: 250-PIPELINING
            S: 250 AUTH PLAIN
            """;
    private final BlockingQueue<Runnable> fxThread = new LinkedBlockingQueue<>();
    private final Tasks tasks = new Tasks(Executors.newSingleThreadExecutor(), fxThread::add);
    private final Poller poller = sample -> () -> { };

    @TempDir
    Path tmp;

    @AfterEach
    void stopWorker() {
        tasks.shutdown();
    }

    private SessionViewModel vm(int port) {
        return vm(port, b -> b);
    }

    private SessionViewModel vm(int port, java.util.function.UnaryOperator<SendRequest.Builder> more) {
        SendRequest.Builder r = SendRequest.builder()
                .connection(ConnectOptions.of("127.0.0.1", port, SecurityMode.NONE, TlsSettings.verified())
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .from("a@example.com").to(List.of("b@example.com", "c@example.com"))
                .message(MessageSource.of(MESSAGE, "test")).transfer(SendRequest.Transfer.DATA);
        SendRequest request = more.apply(r).build();
        return new SessionViewModel(new Transcript(), tasks, () -> request, poller);
    }

    /** Runs what the worker hands to the FX thread until {@code done}. */
    private void fxUntil(BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            Runnable r = fxThread.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(r).as("the FX thread got work before the deadline").isNotNull();
            r.run();
        }
    }

    @Test
    void runToEndPausesWarnsAboutAnOutOfSequenceEditAndGoesOnWithTheEditedLine() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(EHLO + """
                C: MAIL FROM:<teacher@example.com>
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                C: RCPT TO:<c@example.com>
                S: 250 ok
                C: DATA
                S: 354 go
                !read-until-dot
                S: 250 queued
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            SessionViewModel vm = vm(server.port());
            vm.pauseBefore(Step.MAIL, true);
            vm.runToEnd();
            fxUntil(() -> vm.pausedProperty().get() != null);
            assertThat(vm.pausedProperty().get().line()).isEqualTo("MAIL FROM:<a@example.com>");
            assertThat(vm.statusProperty().get()).isEqualTo("Paused before MAIL FROM (breakpoint): Send, Skip or"
                    + " Abort");
            SessionSnapshot held = vm.snapshotProperty().get();
            assertThat(held.busy()).isTrue();
            assertThat(held.state()).as("the state graph shows where the run stands").isEqualTo(SessionState.READY);
            assertThat(vm.problemsWith("RCPT TO:<b@example.com>")).singleElement().asString()
                    .contains("RCPT is not legal now");
            assertThat(vm.problemsWith("MAIL FROM:<teacher@example.com>")).isEmpty();
            vm.runToEnd();
            vm.step(Step.QUIT);
            assertThat(vm.pausedProperty().get()).as("F5 and the step buttons wait while paused").isNotNull();
            vm.sendPaused("MAIL FROM:<teacher@example.com>");
            assertThat(vm.pausedProperty().get()).isNull();
            fxUntil(() -> vm.statusProperty().get().startsWith("Run to end: "));
            assertThat(vm.statusProperty().get()).isEqualTo("Run to end: sent: 250 queued");
            assertThat(server.await()).isEmpty();
        }
    }

    @Test
    void skippingARecipientInRunToEndSendsToTheOtherOnly() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(EHLO + """
                C: MAIL FROM:<a@example.com>
                S: 250 ok
                C: RCPT TO:<c@example.com>
                S: 250 ok
                C: DATA
                S: 354 go
                !read-until-dot
                S: 250 queued
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            SessionViewModel vm = vm(server.port());
            vm.pauseBefore(Step.RCPT, true);
            vm.runToEnd();
            fxUntil(() -> vm.pausedProperty().get() != null);
            assertThat(vm.pausedProperty().get().line()).isEqualTo("RCPT TO:<b@example.com>");
            vm.skipPaused();
            fxUntil(() -> vm.pausedProperty().get() != null);
            assertThat(vm.pausedProperty().get().line()).isEqualTo("RCPT TO:<c@example.com>");
            vm.pauseBefore(Step.RCPT, false);
            vm.sendPaused(null);
            fxUntil(() -> vm.statusProperty().get().startsWith("Run to end: "));
            assertThat(vm.statusProperty().get()).isEqualTo("Run to end: sent: 250 queued");
            assertThat(server.await()).isEmpty();
        }
    }

    @Test
    void escAtABreakpointAbortsWithQuitAndALineThatCannotBeSentKeepsThePause() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(EHLO + """
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            SessionViewModel vm = vm(server.port());
            vm.pauseBeforeEvery(true);
            assertThat(vm.pauseBeforeProperty().get()).containsExactlyInAnyOrderElementsOf(SessionViewModel.PAUSABLE);
            vm.step(Step.CONNECT);
            fxUntil(() -> vm.statusProperty().get().startsWith("Connect: 220"));
            vm.step(Step.EHLO);
            fxUntil(() -> vm.pausedProperty().get() != null);
            vm.sendPaused(null);
            fxUntil(() -> vm.statusProperty().get().startsWith("EHLO: 250"));
            vm.step(Step.MAIL);
            fxUntil(() -> vm.pausedProperty().get() != null);
            vm.sendPaused("MAIL FROM:<a@example.com>\nRSET");
            assertThat(vm.statusProperty().get()).startsWith("Cannot send the edited MAIL FROM: command contains LF");
            assertThat(vm.pausedProperty().get()).as("still paused").isNotNull();
            vm.cancel();
            fxUntil(() -> !vm.snapshotProperty().get().busy());
            assertThat(vm.statusProperty().get()).isEqualTo("MAIL FROM: aborted at the breakpoint before MAIL FROM:"
                    + " it was not sent, and the session ends with QUIT");
            assertThat(vm.snapshotProperty().get().open()).isFalse();
            assertThat(server.await()).isEmpty();
        }
    }

    @Test
    void aSkippedStepSaysSoAndTheSessionStaysWhereItWas() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            SessionViewModel vm = vm(server.port());
            vm.pauseBefore(Step.EHLO, true);
            vm.step(Step.CONNECT);
            fxUntil(() -> vm.statusProperty().get().startsWith("Connect: 220"));
            vm.nextStep();
            fxUntil(() -> vm.pausedProperty().get() != null);
            vm.skipPaused();
            fxUntil(() -> !vm.snapshotProperty().get().busy());
            assertThat(vm.statusProperty().get()).isEqualTo("EHLO: skipped at the breakpoint; nothing was sent");
            assertThat(vm.snapshotProperty().get().state()).isEqualTo(SessionState.GREETED);
            vm.step(Step.QUIT);
            fxUntil(() -> vm.statusProperty().get().startsWith("QUIT: 221"));
            assertThat(server.await()).isEmpty();
        }
    }

    @Test
    void copyAsCommandWritesTheMessageForTheScriptAndLeavesThePasswordOut() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Smtpx.script(EHLO + """
                C: AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=
                S: 235 ok
                C: MAIL FROM:<a@example.com>
                C: RCPT TO:<b@example.com>
                C: RCPT TO:<c@example.com>
                C: DATA
                S: 250 ok
                S: 250 ok
                S: 250 ok
                S: 354 go
                !read-until-dot
                S: 250 queued
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            SessionViewModel vm = vm(server.port(), b -> b.authMechanism("PLAIN").allowPlaintextAuth(true)
                    .credentials(new Credentials("alice", "wonderland".toCharArray())));
            AtomicReference<String> script = new AtomicReference<>();
            vm.copyAsCommand(ScriptTarget.PYTHON, tmp, script::set);
            assertThat(vm.statusProperty().get()).isEqualTo("Copy as command: no session yet; connect or run one"
                    + " first");
            vm.runToEnd();
            fxUntil(() -> vm.statusProperty().get().startsWith("Run to end: "));
            assertThat(server.await()).isEmpty();
            vm.copyAsCommand(ScriptTarget.PYTHON, tmp.resolve("exports"), script::set);
            fxUntil(() -> script.get() != null);
            List<Path> files;
            try (var list = Files.list(tmp.resolve("exports"))) {
                files = list.toList();
            }
            assertThat(files).singleElement().satisfies(f -> {
                assertThat(f.getFileName().toString()).matches("session-[0-9]{8}-[0-9]{6}\\.eml");
                assertThat(Files.readAllBytes(f)).isEqualTo(MESSAGE);
                assertThat(script.get()).contains("MESSAGE_FILE = '" + f.toAbsolutePath() + "'");
            });
            assertThat(script.get()).contains("PASSWORD_ENV = 'SMTPX_PASSWORD'", "USER = 'alice'", "AUTH PLAIN")
                    .doesNotContain("wonderland", "AGFsaWNlAHdvbmRlcmxhbmQ=");
            assertThat(vm.statusProperty().get()).startsWith("Copied as a python command; the message it sends is "
                    + files.get(0));

            script.set(null);
            vm.copyAsCommand(ScriptTarget.SWAKS, tmp.resolve("exports"), script::set);
            fxUntil(() -> script.get() != null);
            assertThat(script.get()).startsWith("#!/bin/sh").contains("--auth=PLAIN", "--auth-user='alice'",
                    "SWAKS_OPT_auth_password=\"$SMTPX_PASSWORD\"").doesNotContain("wonderland");
        }
    }
}
