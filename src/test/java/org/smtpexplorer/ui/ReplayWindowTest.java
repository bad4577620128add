package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.transcript.SavedSession;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SavedRequests;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.TlsSettings;
import org.smtpexplorer.ui.replay.DiffRow;
import org.smtpexplorer.ui.common.Zoom;
import org.smtpexplorer.ui.replay.ReplayWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Replay against..." in the window: the form opened by the public entry point asks for the password (and says so
 * when it is missing), the server is taken from the connection form's suggestion (a greylisting lab), the
 * side-by-side window fills, the refused recipient's row is tinted and marked, selecting it shows both exchanges
 * and what 451 and 4.7.1 mean; at 1280x720 and 1920x1080 no label is cut short without a tooltip. Screenshots of
 * both sizes go to target/screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class ReplayWindowTest {
    @TempDir
    Path dir;
    private Stage owner;
    private final List<LabServer> labs = new ArrayList<>();

    @Start
    void start(Stage stage) {
        owner = stage;
        Scene scene = new Scene(new BorderPane(new Label("owner")), 400, 300);
        scene.getStylesheets().add(App.class.getResource("app.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        labs.forEach(LabServer::close);
    }

    private LabServer lab(Scenario scenario) throws IOException {
        LabServer lab = LabServer.start(LabConfig.builder().dataDir(dir.resolve("lab" + labs.size()))
                .scenario(scenario).build());
        labs.add(lab);
        return lab;
    }

    private SavedSession savedAgainst(LabServer modern) throws IOException {
        SendRequest request = SendRequest.builder()
                .connection(ConnectOptions.of("127.0.0.1", modern.port(), SecurityMode.STARTTLS,
                        TlsSettings.trusting(modern.certificatePath())).withTimeouts(Duration.ofSeconds(10),
                        Duration.ofSeconds(10)))
                .helo("client.example").authMechanism("SCRAM-SHA-256")
                .credentials(new Credentials("alice", "wonderland".toCharArray()))
                .from("alice@lab.example").to(List.of("bob@elsewhere.test"))
                .message(MessageSource.of(("Subject: replay\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII),
                        "test message")).build();
        Transcript transcript = new Transcript();
        SendResult sent = new Session(request, transcript).send();
        assertThat(sent.status()).isEqualTo(SendResult.Status.SENT);
        return SavedRequests.session(transcript.entries(), request);
    }

    private static Button button(FxRobot robot, String text) {
        return robot.lookup((Node n) -> n instanceof Button b && text.equals(b.getText())).queryButton();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReplayAgainstAGreylistingLabShowsTheRefusedRecipientSideBySide(FxRobot robot) throws Exception {
        SavedSession saved = savedAgainst(lab(Scenario.MODERN));
        LabServer greylist = lab(Scenario.GREYLIST);
        Platform.runLater(() -> ReplayWindow.open(owner, saved, "modern.json", new ReplayWindow.Suggestion(
                "127.0.0.1", greylist.port(), greylist.certificatePath().toString()), new Zoom()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#replay-password").tryQuery()
                .isPresent());
        robot.interact(() -> robot.lookup("#replay-use-form").queryButton().fire());
        robot.interact(() -> button(robot, "Replay").fire());
        Label error = robot.lookup("#replay-error").queryAs(Label.class);
        assertThat(error.getText()).isEqualTo("Password: the replay authenticates as alice with SCRAM-SHA-256: give"
                + " the password (it is not saved), or choose no AUTH");
        robot.interact(() -> robot.lookup("#replay-password").queryAs(PasswordField.class).setText("wonderland"));
        robot.interact(() -> button(robot, "Replay").fire());

        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#replay-summary").tryQuery()
                .map(n -> ((Label) n).getText().startsWith("replay ran to the end")).orElse(false));
        Label summary = robot.lookup("#replay-summary").queryAs(Label.class);
        assertThat(summary.getText()).startsWith("replay ran to the end; 4 steps differ; first difference: RCPT"
                + " TO:<bob@elsewhere.test> \u2014 250 2.1.5 vs 451 4.7.1");
        Stage window = (Stage) summary.getScene().getWindow();
        assertThat(window.getTitle()).isEqualTo("Replay of modern.json against 127.0.0.1:" + greylist.port());
        ListView<DiffRow> list = robot.lookup("#diff-rows").queryAs(ListView.class);
        assertThat(list.getItems()).extracting(DiffRow::name).contains("RCPT", "BDAT", "RSET", "QUIT");

        int rcpt = 1;
        assertThat(list.getItems().get(rcpt).name()).isEqualTo("RCPT");
        robot.interact(() -> list.getSelectionModel().select(rcpt));
        assertThat(robot.lookup("#detail-saved").queryAs(TextArea.class).getText())
                .contains("S: 250 2.1.5 Recipient <bob@elsewhere.test> OK\\r\\n");
        assertThat(robot.lookup("#detail-other").queryAs(TextArea.class).getText()).contains("S: 451 4.7.1");
        assertThat(robot.lookup("#detail-explanation").queryAs(TextArea.class).getText()).contains("4.7.1");
        // What the user sees: the RCPT row is tinted with the "differs" colour and says so in a glyph and a word.
        ListCell<DiffRow> cell = robot.lookup(".diff-changed").match((Node n) -> n instanceof ListCell<?> c
                && c.getItem() instanceof DiffRow d && d.name().equals("RCPT")).query();
        assertThat(robot.from(cell).lookup(".diff-marker").queryAs(Label.class).getText()).isEqualTo("\u2260 differs");
        assertThat(robot.from(cell).lookup(".diff-line-differs").queryAll()).hasSize(2);
        Color tint = pixelInside(cell, window);
        assertThat(tint).as("the differing row's background").isEqualTo(Color.web("#fdebc8"));
        ListCell<DiffRow> alike = robot.lookup(".diff-alike").match((Node n) -> n instanceof ListCell<?> c
                && c.getItem() instanceof DiffRow d && d.name().equals("QUIT")).query();
        assertThat(pixelInside(alike, window)).isNotEqualTo(tint);

        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            robot.interact(() -> {
                window.setX(0);
                window.setY(0);
                window.setWidth(size[0]);
                window.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            List<String> cut = new ArrayList<>();
            robot.interact(() -> ClippedLabelsTest.walk(window.getScene().getRoot(), cut));
            assertThat(cut).as("labels cut short without a tooltip at %dx%d", size[0], size[1]).isEmpty();
            Node cancel = robot.lookup("#replay-cancel").query();
            Bounds b = cancel.localToScene(cancel.getLayoutBounds());
            assertThat(b.getMaxX()).isLessThanOrEqualTo(window.getScene().getWidth());
            screenshot(window.getScene(), Path.of("target", "screenshots", "replay-" + size[0] + "x" + size[1]
                    + ".png"));
        }
        // A+ for a projector: the rows' text grows.
        Label line = robot.from(cell).lookup(".diff-line").queryAs(Label.class);
        double before = line.getFont().getSize();
        robot.interact(() -> robot.lookup("#replay-zoom-in").queryButton().fire());
        robot.interact(() -> robot.lookup("#replay-zoom-in").queryButton().fire());
        WaitForAsyncUtils.waitForFxEvents();
        ListCell<DiffRow> again = robot.lookup(".diff-changed").match((Node n) -> n instanceof ListCell<?> c
                && c.getItem() instanceof DiffRow d && d.name().equals("RCPT")).query();
        assertThat(robot.from(again).lookup(".diff-line").queryAs(Label.class).getFont().getSize())
                .isGreaterThan(before * 1.2);
        assertThat(greylist.messages()).isEmpty();
    }

    /** A pixel of {@code cell}'s background: inside its left padding's band, right of the marker bar. */
    private static Color pixelInside(ListCell<DiffRow> cell, Window window) throws Exception {
        Color[] c = new Color[1];
        WaitForAsyncUtils.asyncFx(() -> {
            Bounds b = cell.localToScene(cell.getLayoutBounds());
            WritableImage img = window.getScene().snapshot(null);
            PixelReader px = img.getPixelReader();
            c[0] = px.getColor((int) b.getMaxX() - 4, (int) b.getMinY() + 3);
        }).get(10, TimeUnit.SECONDS);
        return c[0];
    }

    private static void screenshot(Scene scene, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        WritableImage[] img = new WritableImage[1];
        WaitForAsyncUtils.asyncFx(() -> img[0] = scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        int w = (int) img[0].getWidth();
        int h = (int) img[0].getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader px = img[0].getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, px.getArgb(x, y));
            }
        }
        ImageIO.write(out, "png", file.toFile());
    }
}
