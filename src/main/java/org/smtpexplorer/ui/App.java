package org.smtpexplorer.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.ui.common.Tasks;
import org.smtpexplorer.ui.connection.ConnectionViewModel;
import org.smtpexplorer.ui.session.SessionViewModel;

/** The SMTP Explorer window. */
public final class App extends Application {
    public static final String TITLE = "SMTP Explorer";
    private final Tasks tasks = new Tasks();

    @Override
    public void start(Stage stage) {
        stage.setTitle(TITLE);
        stage.setScene(createScene());
        stage.show();
    }

    /** Builds the whole window's scene; tests use it directly. */
    public Scene createScene() {
        ConnectionViewModel connection = new ConnectionViewModel();
        SessionViewModel session = new SessionViewModel(new Transcript(), tasks, connection::toRequest);
        MainView view = new MainView(connection, session, null);
        Scene scene = new Scene(view, 1360, 840);
        scene.getStylesheets().add(App.class.getResource("app.css").toExternalForm());
        return scene;
    }

    @Override
    public void stop() {
        tasks.shutdown();
    }

    public static void main(String[] args) {
        launch(args);
    }
}
