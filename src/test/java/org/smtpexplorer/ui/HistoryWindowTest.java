package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.history.HistoryEntry;
import org.smtpexplorer.history.HistoryStore;
import org.smtpexplorer.history.Outcome;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.transcript.TranscriptExport;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A run to the end is kept in the history; Ctrl+H lists it, the search filters it, opening it loads its transcript
 * into the window; the window's JSON export carries the request and the message.
 */
@ExtendWith(ApplicationExtension.class)
class HistoryWindowTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        TestApp.show(stage);
    }

    @Test
    void aSessionIsKeptListedSearchedAndOpened(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        robot.clickOn("#run-to-end");
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        assertThat(status.getText()).doesNotContain("not kept in the history");
        HistoryStore store = HistoryStore.inDataFolder();
        List<HistoryEntry> kept = store.list().entries();
        assertThat(kept).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("window");
            assertThat(e.outcome().kind()).isEqualTo(Outcome.Kind.DELIVERED);
            assertThat(e.to()).isNotEmpty();
        });
        // Secrets stay out of the stored session: the lab's password is "wonderland".
        assertThat(Files.readString(store.fileOf(kept.get(0)))).doesNotContain("wonderland")
                .contains("<redacted>");

        // Reachable from the Session menu (after Import JSON...) and by Ctrl+H.
        List<String> items = robot.lookup("#session-menu").queryAs(MenuButton.class).getItems().stream()
                .map(MenuItem::getId).toList();
        assertThat(items.indexOf("history-item")).isEqualTo(items.indexOf("import-json") + 1).isPositive();
        robot.push(KeyCode.CONTROL, KeyCode.H);
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        TableView<HistoryEntry> table = robot.lookup("#history-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        assertThat(robot.lookup("#history-status").queryAs(Label.class).getText()).startsWith("1 session (");

        TextField search = robot.lookup("#history-search").queryAs(TextField.class);
        robot.clickOn(search).write("no-such-server");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).isEmpty();
        robot.interact(() -> search.setText("DELIVERED"));
        assertThat(table.getItems()).hasSize(1);

        MainView main = (MainView) stage.getScene().getRoot();
        int entries = main.transcript().size();
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#history-open");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> main.transcript().size() > entries);
        List<TranscriptEntry> after = main.transcript().since(entries);
        assertThat(after.get(0).text()).startsWith("Opened @1 from the history: 127.0.0.1:");
        assertThat(after).hasSize(1 + store.load(kept.get(0)).entries().size());
        assertThat(after).anyMatch(e -> e.text().startsWith("AUTH ") && e.text().endsWith("<redacted>"));

        // Look at it as the user sees it: the History window fits, nothing clipped.
        Window history = table.getScene().getWindow();
        assertThat(history.getWidth()).isLessThanOrEqualTo(1280);
        assertThat(history.getHeight()).isLessThanOrEqualTo(720);
    }

    @Test
    void theWindowsJsonExportKeepsTheRequestAndTheMessage(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        robot.clickOn("#run-to-end");
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        MainView main = (MainView) stage.getScene().getRoot();
        Path file = Files.createTempDirectory("smtpx-export").resolve("window.json");
        robot.interact(() -> main.session().exportJson(file));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> status.getText().startsWith("Exported "));
        assertThat(status.getText()).contains("with the request and the message");
        SavedSession saved;
        try (InputStream in = Files.newInputStream(file)) {
            saved = TranscriptExport.readSession(in);
        }
        assertThat(saved.request()).isNotNull();
        assertThat(saved.request().user()).isEqualTo("alice");
        assertThat(saved.request().to()).isNotEmpty();
        assertThat(saved.message()).isNotEmpty();
        assertThat(saved.messageSha256()).isEqualTo(SavedSession.sha256(saved.message()));
        assertThat(Files.readString(file)).doesNotContain("wonderland");
    }
}
