package org.smtpexplorer.ui.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.TlsSettings;
import org.smtpexplorer.ui.common.Tasks;
import org.smtpexplorer.ui.connection.ConnectionViewModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The session view model reads the form on the FX thread and does everything slow on the worker. */
@ExtendWith(ApplicationExtension.class)
class SessionViewModelTest {
    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new Pane(), 100, 100));
        stage.show();
    }

    @Test
    void theMessageIsComposedOnTheWorkerNotTheFxThread(FxRobot robot) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        SendRequest request = new SendRequest();
        request.connection = ConnectOptions.of("127.0.0.1", closedPort, SecurityMode.NONE, TlsSettings.verified())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
        AtomicReference<String> preparedOn = new AtomicReference<>();
        AtomicReference<String> composedOn = new AtomicReference<>();
        SessionViewModel vm = new SessionViewModel(new Transcript(), new Tasks(), () -> {
            preparedOn.set(Thread.currentThread().getName());
            return new ConnectionViewModel.Prepared(request, r -> composedOn.set(Thread.currentThread().getName()));
        });
        robot.interact(vm::runToEnd);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.statusProperty().get().startsWith("Run to end: "));
        assertThat(preparedOn.get()).isEqualTo("JavaFX Application Thread");
        assertThat(composedOn.get()).isEqualTo("smtp-explorer-worker");
        assertThat(vm.statusProperty().get()).contains("no recipient");
    }
}
