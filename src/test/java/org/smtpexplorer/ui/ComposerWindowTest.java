package org.smtpexplorer.ui;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.lab.ReceivedMessage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Composing in the window: live address analysis, an attachment with a Japanese name, sent to the lab intact. */
@ExtendWith(ApplicationExtension.class)
class ComposerWindowTest {
    @TempDir
    Path tmp;
    private App app;

    @Start
    void start(Stage stage) {
        app = TestApp.create();
        stage.setScene(app.createScene());
        stage.show();
    }

    @Test
    void composeAnalyseAttachAndSend(FxRobot robot) throws Exception {
        ExplorerWindowScriptedTest.awaitLab(robot);
        byte[] pdf = new byte[150_000];
        new java.util.Random(3).nextBytes(pdf);
        Path file = Files.write(tmp.resolve("報告書.pdf"), pdf);
        TestApp.showCenterTab(robot, "Composer");
        robot.interact(() -> {
            robot.lookup("#to").queryAs(TextField.class).setText("用户@例子.中国, info@münchen.de");
            robot.lookup("#cc").queryAs(TextField.class).setText("carol@lab.example");
            robot.lookup("#bcc").queryAs(TextField.class).setText("secret-bcc@lab.example");
        });
        @SuppressWarnings("unchecked")
        ListView<Path> attachments = robot.lookup("#attachments").queryAs(ListView.class);
        robot.interact(() -> attachments.getItems().add(file));
        Label analysis = robot.lookup("#address-analysis").queryAs(Label.class);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(analysis.getText()).contains("用户@例子.中国").contains("xn--mnchen-3ya.de");
        int before = app.lab().server().messages().size();
        javafx.scene.control.TabPane tabs = robot.lookup("#center-tabs").queryAs(javafx.scene.control.TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> t.getText().equals("Composer")).findFirst().orElseThrow()));
        robot.clickOn("#run-to-end");
        assertThat(tabs.getSelectionModel().getSelectedItem().getText()).as("the run is watched in the transcript")
                .isEqualTo("Transcript");
        Label status = robot.lookup("#status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Run to end: "));
        assertThat(status.getText()).startsWith("Run to end: sent: 250 ");
        assertThat(app.lab().server().messages()).hasSize(before + 1);
        ReceivedMessage m = app.lab().server().messages().get(before);
        assertThat(m.contentAsString()).doesNotContain("secret-bcc");
        MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(m.content()));
        var part = ((Multipart) parsed.getContent()).getBodyPart(1);
        assertThat(part.getFileName()).isEqualTo("報告書.pdf");
        assertThat(part.getInputStream().readAllBytes()).isEqualTo(pdf);
        assertThat(m.toString() + m.envelope()).contains("secret-bcc@lab.example");
    }
}
