package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Point2D;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.transcript.Ladder.Kind;
import org.smtpexplorer.transcript.Ladder.Rung;
import org.smtpexplorer.transcript.LadderLayout;
import org.smtpexplorer.transcript.LadderLayout.Shape;
import org.smtpexplorer.transcript.TranscriptEntry;
import org.smtpexplorer.ui.ladder.LadderView;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The ladder of a real lab session, run to the end in the window: STARTTLS, AUTH, MAIL with two recipients (one
 * refused) and three BDAT chunks, the envelope and the first chunk in one pipelined flight. Checks the drawn ladder's
 * layout model (arrows, labels, the TLS band, the fan), the colours of rendered pixels, the selection shared with the
 * text transcript and the Explain pane, and the exports.
 */
@ExtendWith(ApplicationExtension.class)
class LadderWindowTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        TestApp.show(stage, 1280, 720);
    }

    private static int row(List<Rung> rungs, Kind kind, String labelStart) {
        for (int i = 0; i < rungs.size(); i++) {
            if (rungs.get(i).kind() == kind && rungs.get(i).label().startsWith(labelStart)) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " rung starts with " + labelStart + " in " + rungs);
    }

    static double distance(Color a, Color b) {
        return Math.sqrt(Math.pow(a.getRed() - b.getRed(), 2) + Math.pow(a.getGreen() - b.getGreen(), 2)
                + Math.pow(a.getBlue() - b.getBlue(), 2));
    }

    /** The colour of the canvas at {@code x}, {@code y} (canvas coordinates), as rendered. */
    static Color pixel(FxRobot robot, LadderView view, double x, double y) {
        AtomicReference<Color> c = new AtomicReference<>();
        robot.interact(() -> {
            view.drainNow();
            PixelReader px = view.canvas().snapshot(null, null).getPixelReader();
            c.set(px.getColor((int) Math.round(x), (int) Math.round(y)));
        });
        return c.get();
    }

    /** Scrolls row {@code row} into view and returns its shape in canvas coordinates. */
    static Shape shown(FxRobot robot, LadderView view, int row) {
        AtomicReference<Shape> s = new AtomicReference<>();
        robot.interact(() -> {
            view.viewModel().select(row);
            view.drainNow();
            Shape layout = view.viewModel().layout().shape(row, view.columns());
            double dy = view.canvasY(0);
            s.set(new Shape(layout.row(), layout.rung(), layout.x1(), layout.y1() + dy, layout.x2(), layout.y2() + dy,
                    layout.label(), layout.labelX(), layout.labelY() + dy, layout.align(), layout.fan()));
        });
        return s.get();
    }

    /** A point inside the arrowhead of {@code s}, a few pixels back from its tip. */
    private static Point2D inHead(Shape s) {
        double len = Math.hypot(s.x2() - s.x1(), s.y2() - s.y1());
        return new Point2D(s.x2() - (s.x2() - s.x1()) / len * 6, s.y2() - (s.y2() - s.y1()) / len * 6);
    }

    @Test
    void aPipelinedStarttlsAuthBdatSessionAsALadder(FxRobot robot, @TempDir Path tmp) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        String body = "The ladder draws every command and reply of this session as an arrow. ".repeat(30);
        TestApp.showCenterTab(robot, "Composer");
        robot.interact(() -> {
            robot.lookup("#to").queryAs(TextField.class).setText("bob@lab.example, nobody@lab.example");
            robot.lookup("#body").queryAs(TextArea.class).setText(body);
            robot.lookup("#chunk-size").queryAs(TextField.class).setText("1000");
            @SuppressWarnings("unchecked")
            ComboBox<String> mech = robot.lookup("#auth-mechanism").queryAs(ComboBox.class);
            mech.setValue("SCRAM-SHA-256");
        });
        TestApp.showCenterTab(robot, "Ladder");
        robot.clickOn("#run-to-end");
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        assertThat(status.getText()).startsWith("Run to end: sent, but accepted for only 1 of 2");
        LadderView view = robot.lookup("#ladder").queryAs(LadderView.class);
        robot.interact(view::drainNow);
        LadderLayout layout = view.viewModel().layout();
        List<Rung> rungs = new ArrayList<>();
        for (int i = 0; i < layout.size(); i++) {
            rungs.add(layout.rung(i));
        }

        // The arrows: one per command and reply, the TLS band, encryption after it.
        int starttls = row(rungs, Kind.COMMAND, "STARTTLS");
        int band = row(rungs, Kind.TLS, "TLS TLSv1.");
        assertThat(band).isEqualTo(starttls + 2);
        assertThat(rungs.stream().filter(r -> r.kind() == Kind.TLS)).hasSize(1);
        assertThat(LadderLayout.label(rungs.get(band)))
                .matches("(?s)TLS handshake \\(\\d+(\\.\\d)? (µs|ms|s)\\): certificate verified\nTLSv1\\..*");
        assertThat(rungs.stream().filter(r -> r.label().contains("new after TLS")).map(Rung::label).toList())
                .singleElement().asString().endsWith("new after TLS: AUTH, REQUIRETLS");
        assertThat(rungs.subList(0, band)).noneMatch(Rung::encrypted);
        assertThat(rungs.subList(band, rungs.size())).allMatch(Rung::encrypted);
        assertThat(rungs.get(row(rungs, Kind.COMMAND, "AUTH SCRAM-SHA-256")).label())
                .isEqualTo("AUTH SCRAM-SHA-256 <redacted>");
        assertThat(rungs.get(row(rungs, Kind.REPLY, "235")).replyClass()).isEqualTo(2);
        int mail = row(rungs, Kind.COMMAND, "MAIL FROM:<alice@lab.example>");
        List<String> flight = new ArrayList<>();
        for (int i = mail; i < mail + 5; i++) {
            flight.add(rungs.get(i).kind() + " " + rungs.get(i).label());
        }
        assertThat(flight.subList(1, 5)).containsExactly("COMMAND RCPT TO:<bob@lab.example>",
                "COMMAND RCPT TO:<nobody@lab.example>", "COMMAND BDAT 1000", "PAYLOAD BDAT payload, 1000 bytes");
        List<Rung> chunks = rungs.stream().filter(r -> r.kind() == Kind.PAYLOAD).toList();
        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(0).bytes()).isEqualTo(1000);
        assertThat(chunks.get(1).bytes()).isEqualTo(1000);
        assertThat(chunks.get(2).bytes()).isBetween(1L, 999L);
        assertThat(LadderLayout.label(chunks.get(0))).isEqualTo("BDAT chunk, 1,000 bytes");
        assertThat(rungs.stream().filter(r -> r.kind() == Kind.COMMAND && r.label().startsWith("BDAT"))
                .map(Rung::label)).containsExactly("BDAT 1000", "BDAT 1000", "BDAT " + chunks.get(2).bytes() + " LAST");
        int refused = row(rungs, Kind.REPLY, "550 5.1.1 <nobody@lab.example>");
        assertThat(rungs.get(refused).refusal()).isTrue();
        assertThat(LadderLayout.label(rungs.get(refused))).startsWith("\u2716 550");
        assertThat(rungs.stream().filter(r -> r.kind() == Kind.REPLY && r.latencyMicros() >= 0)).hasSizeGreaterThan(10);

        // The pipelined flight is drawn as a fan: the commands leave together, their replies come back together.
        LadderLayout.Burst burst = layout.burst(mail);
        assertThat(burst.fan()).isTrue();
        assertThat(burst.first()).isEqualTo(mail);
        assertThat(burst.caption()).isEqualTo("\u21c9 pipelined: 6 commands + 3 chunks, then 6 replies");
        LadderLayout.Columns c = view.columns();
        for (int k = 1; k < 5; k++) {
            Shape s = layout.shape(mail + k, c);
            assertThat(s.fan()).isTrue();
            assertThat(s.y1() - layout.shape(mail, c).y1()).isEqualTo(k * layout.fanStep());
            assertThat(s.y2() - layout.shape(mail, c).y2()).isEqualTo(k * layout.rowHeight());
        }
        int firstReply = burst.first() + burst.outgoing();
        assertThat(rungs.get(firstReply).label()).startsWith("250 2.1.0");
        assertThat(layout.shape(firstReply + 2, c).y1() - layout.shape(firstReply, c).y1())
                .isEqualTo(2 * layout.fanStep());

        // Rendered colours: a command arrow in the client's blue, replies by class, the band's green.
        Shape mailArrow = shown(robot, view, mail);
        Point2D p = inHead(mailArrow);
        assertThat(distance(pixel(robot, view, p.getX(), p.getY()), Color.web("#1f5fbf"))).as("MAIL arrowhead")
                .isLessThan(0.08);
        int ok = row(rungs, Kind.REPLY, "235");
        Shape okArrow = shown(robot, view, ok);
        p = inHead(okArrow);
        assertThat(distance(pixel(robot, view, p.getX(), p.getY()), Color.web("#1b7f3b"))).as("235 arrowhead")
                .isLessThan(0.08);
        Shape refusedArrow = shown(robot, view, refused);
        p = inHead(refusedArrow);
        assertThat(distance(pixel(robot, view, p.getX(), p.getY()), Color.web("#c0272d"))).as("550 arrowhead")
                .isLessThan(0.08);
        int challenge = row(rungs, Kind.REPLY, "334");
        p = inHead(shown(robot, view, challenge));
        assertThat(distance(pixel(robot, view, p.getX(), p.getY()), Color.web("#8a6d00"))).as("334 arrowhead")
                .isLessThan(0.08);
        Shape bandShape = shown(robot, view, band);
        assertThat(distance(pixel(robot, view, bandShape.x1() + 6, (bandShape.y1() + bandShape.y2()) / 2),
                Color.web("#e6f4ea"))).as("TLS band").isLessThan(0.05);

        // A click on an arrow selects it, here and in the transcript; Explain and the exact bytes follow.
        robot.interact(() -> view.viewModel().select(-1));
        refusedArrow = shown(robot, view, refused);
        robot.interact(() -> view.viewModel().select(-1));
        double x = (refusedArrow.x1() + refusedArrow.x2()) / 2;
        double y = refusedArrow.y1() + (refusedArrow.y2() - refusedArrow.y1()) * (x - refusedArrow.x1())
                / (refusedArrow.x2() - refusedArrow.x1());
        Point2D screen = view.canvas().localToScreen(x, y);
        robot.clickOn(screen.getX(), screen.getY());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.viewModel().selectedRowProperty().get()).isEqualTo(refused);
        TranscriptEntry selected = view.selectedEntryProperty().get();
        assertThat(((TranscriptEntry.Reply) selected).code()).isEqualTo(550);
        String explained = robot.lookup("#explain-panel").queryAs(javafx.scene.control.ScrollPane.class).getContent()
                .lookupAll(".label").stream().map(n -> ((Label) n).getText()).reduce("", (a, b) -> a + b + "\n");
        assertThat(explained).contains("550").contains("5.1.1");
        assertThat(robot.lookup("#ladder-bytes").queryAs(TextArea.class).getText())
                .isEqualTo("C: RCPT TO:<nobody@lab.example>\\r\\n\n"
                        + "S: 550 5.1.1 <nobody@lab.example>: User unknown\\r\\n");

        // The transcript, brought to the front, has its caret on that reply's line.
        MainView main = (MainView) stage.getScene().getRoot();
        StyleClassedTextArea area = main.transcriptView().area();
        robot.interact(() -> robot.lookup("#center-tabs").queryAs(TabPane.class).getSelectionModel().select(0));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> main.transcriptView().selectedEntryProperty().get()
                == selected);
        assertThat(area.getParagraph(area.getCurrentParagraph()).getText()).contains("S: 550 5.1.1");
        assertThat(view.viewModel().selectedRowProperty().get()).isEqualTo(refused);

        // And the other way: a line of the transcript selects its arrow.
        robot.interact(() -> {
            for (int i = 0; i < area.getParagraphs().size(); i++) {
                if (area.getParagraph(i).getText().contains("C: STARTTLS")) {
                    area.moveTo(i, 0);
                    break;
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.viewModel().selectedRowProperty().get()).isEqualTo(starttls);

        // Exports: SVG and Mermaid text, and a PNG of the whole ladder, taller than the view.
        Path svg = tmp.resolve("session.svg");
        Path png = tmp.resolve("session.png");
        Path mmd = tmp.resolve("session.mmd");
        robot.interact(() -> {
            try {
                main.saveLadder(svg, null);
                main.saveLadder(png, null);
                main.saveLadder(mmd, null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(Files.readString(svg, StandardCharsets.UTF_8)).startsWith("<?xml").contains("<svg")
                .contains("data-seq").contains("TLS handshake").doesNotContain("wonderland");
        assertThat(Files.readString(mmd, StandardCharsets.UTF_8)).startsWith("sequenceDiagram")
                .contains("C->>S: STARTTLS");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(Math.max(LadderView.PNG_MIN_WIDTH, (int) view.canvas().getWidth()));
        assertThat(image.getHeight()).isGreaterThan((int) view.canvas().getHeight())
                .isGreaterThanOrEqualTo((int) (layout.headerHeight() + layout.totalHeight()));
        // The MAIL arrowhead in the PNG, where the whole ladder puts it.
        Shape whole = layout.shape(mail, layout.columns(image.getWidth()));
        double len = Math.hypot(whole.x2() - whole.x1(), whole.y2() - whole.y1());
        int px = (int) Math.round(whole.x2() - (whole.x2() - whole.x1()) / len * 6);
        int py = (int) Math.round(layout.headerHeight() + whole.y2() - (whole.y2() - whole.y1()) / len * 6);
        int rgb = image.getRGB(px, py);
        assertThat(distance(Color.rgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff), Color.web("#1f5fbf")))
                .as("MAIL arrowhead in the PNG").isLessThan(0.08);
    }
}
