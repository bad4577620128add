package org.smtpexplorer.ui;

import java.nio.file.Files;
import javafx.application.Application;
import javafx.stage.Stage;
import org.smtpexplorer.testing.TlsCheckLab;
import org.smtpexplorer.tlscheck.TlsCheck;

/**
 * The window with its Domain TLS check pointed at the loopback lab of {@link TlsCheckLab} (example.test,
 * badtlsa.example.test, unsigned.test, ...), for looking at the panel and for screenshots; nothing leaves loopback.
 * Run {@link Main} with the test class path and -Dsmtpexplorer.data=SOME_TEMP_DIR.
 */
public final class TlsCheckDemo extends Application {
    private TlsCheckLab lab;
    private App app;

    @Override
    public void start(Stage stage) throws Exception {
        lab = new TlsCheckLab(Files.createTempDirectory("tls-check-demo"));
        app = new App(App.defaultLab().build(), (d, progress, onCancel) -> {
            TlsCheck check = new TlsCheck(lab.settings(lab.lab.port()));
            onCancel.accept(check::cancel);
            return check.run(d, progress);
        });
        app.start(stage);
    }

    @Override
    public void stop() {
        app.stop();
        lab.close();
    }

    /** The entry point: a class that is no Application, as the app's own launcher, so JavaFX starts from the class path. */
    public static final class Main {
        private Main() {
        }

        public static void main(String[] args) {
            Application.launch(TlsCheckDemo.class, args);
        }
    }
}
