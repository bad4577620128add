package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtpexplorer.engine.ReplyParser;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.ui.transcript.TranscriptView;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The transcript's colours, checked on rendered pixels rather than on style classes (a style-class test once
 * passed while every line was near-black): a client line and 2xx, 3xx, 4xx and 5xx replies each come out in their
 * own colour, in the light and in the dark theme.
 */
@ExtendWith(ApplicationExtension.class)
class TranscriptColourTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    /** The lines shown, one per kind, in order. */
    private static Transcript transcript() {
        Transcript t = new Transcript();
        t.client(SmtpCommand.mail("alice@example.com"), 1);
        for (String reply : List.of("250 2.1.0 Sender ok", "354 End data with <CR><LF>.<CR><LF>",
                "451 4.7.1 Greylisted, try again", "550 5.1.1 User unknown")) {
            t.server(new ReplyParser().feed((reply + "\r\n").getBytes(StandardCharsets.US_ASCII)).get(0), "MAIL", 1,
                    null);
        }
        return t;
    }

    /** The colour of each line's text: the pixel of its row farthest from the background. */
    private Map<String, Color> render(FxRobot robot, boolean dark) throws Exception {
        AtomicReference<TranscriptView> view = new AtomicReference<>();
        robot.interact(() -> {
            TranscriptView v = new TranscriptView(transcript(), false);
            Scene scene = new Scene(new StackPane(v), 900, 300);
            scene.getStylesheets().add(App.class.getResource("app.css").toExternalForm());
            Theme.apply(scene, dark);
            stage.setScene(scene);
            stage.show();
            v.drainNow();
            view.set(v);
        });
        WaitForAsyncUtils.waitForFxEvents(5);
        Map<String, Color> out = new LinkedHashMap<>();
        robot.interact(() -> {
            TranscriptView v = view.get();
            WritableImage image = v.snapshot(null, null);
            PixelReader px = image.getPixelReader();
            Color background = px.getColor((int) image.getWidth() - 5, (int) image.getHeight() - 5);
            List<String> names = List.of("client", "2xx", "3xx", "4xx", "5xx");
            for (int p = 0; p < names.size(); p++) {
                Bounds screen = v.area().getVisibleParagraphBoundsOnScreen(p);
                Bounds local = v.screenToLocal(screen);
                Color best = background;
                double bestDistance = 0;
                for (int y = (int) Math.max(0, local.getMinY()); y < Math.min(image.getHeight(), local.getMaxY()); y++) {
                    for (int x = 0; x < Math.min(image.getWidth(), 600); x++) {
                        Color c = px.getColor(x, y);
                        double d = distance(c, background);
                        if (d > bestDistance) {
                            bestDistance = d;
                            best = c;
                        }
                    }
                }
                out.put(names.get(p), best);
            }
        });
        return out;
    }

    private static double distance(Color a, Color b) {
        double r = a.getRed() - b.getRed();
        double g = a.getGreen() - b.getGreen();
        double bl = a.getBlue() - b.getBlue();
        return Math.sqrt(r * r + g * g + bl * bl);
    }

    private static void assertColours(Map<String, Color> got, Map<String, String> expected) {
        List<String> problems = new ArrayList<>();
        expected.forEach((line, hex) -> {
            Color want = Color.web(hex);
            Color have = got.get(line);
            if (distance(have, want) > 0.12) {
                problems.add(line + ": rendered " + have + ", expected " + hex);
            }
        });
        assertThat(problems).as("rendered colours %s", got).isEmpty();
        List<Color> all = new ArrayList<>(got.values());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                assertThat(distance(all.get(i), all.get(j))).as("%s and %s are distinct", all.get(i), all.get(j))
                        .isGreaterThan(0.15);
            }
        }
    }

    @Test
    void lightTheme(FxRobot robot) throws Exception {
        assertColours(render(robot, false), Map.of("client", "#1f5fbf", "2xx", "#1b7f3b", "3xx", "#8a6d00",
                "4xx", "#b85c00", "5xx", "#c0272d"));
    }

    @Test
    void darkTheme(FxRobot robot) throws Exception {
        try {
            assertColours(render(robot, true), Map.of("client", "#7fb0ff", "2xx", "#6fd08c", "3xx", "#e8d44d",
                    "4xx", "#ff8c42", "5xx", "#ff7b7b"));
        } finally {
            robot.interact(() -> Theme.apply(null, false));
        }
    }
}
