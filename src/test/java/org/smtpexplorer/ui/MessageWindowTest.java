package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.mime.MimeNode;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A message composed in the window with a UTF-8 subject and two attachments, sent to the lab: the Message tab shows
 * its MIME tree, the attachment's decoded name and bytes, and the headers decoded beside their raw form.
 */
@ExtendWith(ApplicationExtension.class)
class MessageWindowTest {
    private static final String SUBJECT = "Grüße aus 東京 ✓";
    @TempDir
    Path tmp;

    @Start
    void start(Stage stage) {
        TestApp.show(stage, 1280, 720);
    }

    @Test
    void theMessageSentToTheLabIsShownAsItsMimeTree(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        byte[] pdf = new byte[30_000];
        new Random(5).nextBytes(pdf);
        Path report = Files.write(tmp.resolve("報告書.pdf"), pdf);
        Path notes = Files.writeString(tmp.resolve("café notes.txt"), "première ligne\n");
        TestApp.showCenterTab(robot, "Composer");
        robot.interact(() -> {
            robot.lookup("#subject").queryAs(TextField.class).setText(SUBJECT);
            robot.lookup("#body").queryAs(TextArea.class).setText("Hallo Bob,\nGrüße aus Köln.\n");
        });
        @SuppressWarnings("unchecked")
        ListView<Path> attachments = robot.lookup("#attachments").queryAs(ListView.class);
        robot.interact(() -> attachments.getItems().setAll(report, notes));
        Label status = robot.lookup("#status").queryAs(Label.class);
        robot.clickOn("#run-to-end");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        assertThat(status.getText()).startsWith("Run to end: sent: 250 ");

        TabPane center = robot.lookup("#center-tabs").queryAs(TabPane.class);
        robot.interact(() -> center.getSelectionModel().select(center.getTabs().stream()
                .filter(t -> t.getText().equals("Message")).findFirst().orElseThrow()));
        Label messageStatus = robot.lookup("#message-status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> messageStatus.getText().startsWith("Sent in this"
                + " session by ") && !messageStatus.getText().endsWith("reading..."));
        assertThat(messageStatus.getText()).startsWith("Sent in this session by BDAT: multipart/mixed, 3 parts, ");

        @SuppressWarnings("unchecked")
        TreeView<MimeNode> tree = robot.lookup("#message-tree").queryAs(TreeView.class);
        TreeItem<MimeNode> root = tree.getRoot();
        assertThat(root.getValue().contentType()).isEqualTo("multipart/mixed");
        assertThat(root.getChildren()).extracting(i -> i.getValue().contentType()).containsExactly("text/plain",
                "application/pdf", "text/plain");
        WaitForAsyncUtils.waitForFxEvents();
        List<String> shown = robot.lookup("#message-tree .tree-cell").queryAllAs(TreeCell.class).stream()
                .map(TreeCell::getText).filter(t -> t != null && !t.isEmpty()).toList();
        assertThat(shown).anySatisfy(t -> assertThat(t).startsWith("message  multipart/mixed  \"" + SUBJECT + "\""))
                .anySatisfy(t -> assertThat(t).startsWith("2  application/pdf  \"報告書.pdf\"  base64  29.3 KiB"))
                .anySatisfy(t -> assertThat(t).startsWith("3  text/plain  \"café notes.txt\""));

        StyleClassedTextArea headers = robot.lookup("#message-headers").queryAs(StyleClassedTextArea.class);
        assertThat(headers.getText()).contains("Subject: " + SUBJECT + "\n", "Subject: =?UTF-8?");

        TreeCell<?> pdfCell = robot.lookup("#message-tree .tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> c.getText() != null && c.getText().startsWith("2  application/pdf")).findFirst()
                .orElseThrow();
        robot.clickOn(pdfCell);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tree.getSelectionModel().getSelectedItem().getValue().fileName()).isEqualTo("報告書.pdf");
        List<String> part = robot.lookup("#message-properties .label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList();
        assertThat(part).contains("\"報告書.pdf\" (RFC 2231)", "attachment", "base64");
        assertThat(headers.getText()).contains("filename*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8.pdf");

        TabPane details = robot.lookup("#message-details").queryAs(TabPane.class);
        robot.interact(() -> details.getSelectionModel().select(2));
        TextArea content = robot.lookup("#message-content").queryAs(TextArea.class);
        Label note = robot.lookup("#message-content-note").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> note.getText().contains("not text"));
        assertThat(note.getText()).isEqualTo("30,000 bytes decoded; not text, so the first 4,096 bytes as hex");
        assertThat(content.getText()).startsWith(String.format("0000  %02x %02x", pdf[0] & 0xff, pdf[1] & 0xff));

        List<String> clipped = new ArrayList<>();
        for (int i = 0; i < details.getTabs().size(); i++) {
            int index = i;
            robot.interact(() -> details.getSelectionModel().select(index));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> ClippedLabelsTest.walk(center.getSelectionModel().getSelectedItem().getContent(),
                    clipped));
        }
        assertThat(clipped).isEmpty();
    }
}
