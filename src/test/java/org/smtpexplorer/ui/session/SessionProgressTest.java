package org.smtpexplorer.ui.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.TlsSettings;
import org.smtpexplorer.ui.common.Poller;
import org.smtpexplorer.ui.common.Tasks;

/**
 * The session view model as plain JUnit, without the FX toolkit: the worker is a thread, the test thread plays the
 * FX thread (results queue up until it runs them), and the progress is sampled when the test says.
 */
class SessionProgressTest {
    private final BlockingQueue<Runnable> fxThread = new LinkedBlockingQueue<>();
    private final Tasks tasks = new Tasks(Executors.newSingleThreadExecutor(), fxThread::add);
    private final ManualPoller poller = new ManualPoller();

    /** Samples when {@link #tick()} is called, and knows which polls are running. */
    private static final class ManualPoller implements Poller {
        private final List<Runnable> running = new ArrayList<>();

        @Override
        public Polling start(Runnable sample) {
            running.add(sample);
            return () -> running.remove(sample);
        }

        void tick() {
            List.copyOf(running).forEach(Runnable::run);
        }
    }

    @AfterEach
    void stopWorker() {
        tasks.shutdown();
    }

    @Test
    void progressIsSampledOnTheFxThreadWhileTheWorkerSends() throws Exception {
        byte[] message = ("Subject: progress\r\n\r\n" + ("x".repeat(76) + "\r\n").repeat(2000))
                .getBytes(StandardCharsets.US_ASCII);
        try (ScriptedServer server = new ScriptedServer(Smtpx.script("""
                S: 220 mx.example ESMTP
                C: EHLO localhost
                S: 250 mx.example
                C: MAIL FROM:<a@example.com>
                S: 250 ok
                C: RCPT TO:<b@example.com>
                S: 250 ok
                C: DATA
                S: 354 go on
                !capture-until-dot
                S: 250 queued
                C: QUIT
                S: 221 bye
                """), ScriptedServer.Mode.WHOLE, null)) {
            SendRequest.Builder request = SendRequest.builder();
            request.connection(ConnectOptions.of("127.0.0.1", server.port(), SecurityMode.NONE,
                    TlsSettings.verified()).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
            request.from("a@example.com");
            request.to(List.of("b@example.com"));
            request.message(MessageSource.of(message, "test"));
            SendRequest r = request.build();
            SessionViewModel vm = new SessionViewModel(new Transcript(), tasks, () -> r, poller);

            vm.runToEnd();
            assertThat(vm.statusProperty().get()).isEqualTo("Run to end...");
            assertThat(poller.running).as("a poll runs while the worker works").hasSize(1);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.bodies().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(server.bodies()).as("the whole message reached the server").hasSize(1);
            assertThat(vm.progressProperty().get()).as("the worker never writes the property").isZero();
            poller.tick();
            assertThat(vm.progressProperty().get()).as("sampled once everything was sent").isEqualTo(1.0);

            Runnable result = fxThread.poll(10, TimeUnit.SECONDS);
            assertThat(result).as("the run's result, delivered to the FX thread").isNotNull();
            result.run();
            assertThat(vm.statusProperty().get()).isEqualTo("Run to end: sent: 250 queued");
            assertThat(poller.running).as("the poll stops with the run").isEmpty();
            assertThat(vm.progressProperty().get()).isEqualTo(1.0);
            assertThat(server.await()).isEmpty();
        }
    }
}
