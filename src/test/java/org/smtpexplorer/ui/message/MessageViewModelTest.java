package org.smtpexplorer.ui.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.mime.MessageTree;
import org.smtpexplorer.mime.MimeNode;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SentMessage;
import org.smtpexplorer.ui.common.Tasks;

/** The message view model, as plain JUnit: reads on a worker, results delivered when the test says. */
class MessageViewModelTest {
    private static final String MESSAGE = """
            From: alice@example.com
            Subject: =?ISO-8859-1?Q?Caf=E9?=
             =?UTF-8?B?4pyTIOS4reaWhw==?=
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain; charset=UTF-8
            Content-Transfer-Encoding: quoted-printable

            Gr=C3=BC=C3=9Fe =E2=80=AE reversed
            --b
            Content-Type: application/pdf
            Content-Disposition: attachment; filename*=UTF-8''%E5%A0%B1%E5%91%8A.pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQKJcfsj6IK
            --b--
            """.replace("\n", "\r\n");

    @TempDir
    Path dir;
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final BlockingQueue<Runnable> fx = new LinkedBlockingQueue<>();
    private final MessageViewModel vm = new MessageViewModel(new Tasks(worker, fx::add));

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    /** Runs the next result the worker handed to the "FX thread". */
    private void deliver() throws InterruptedException {
        Runnable r = fx.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a result from the worker").isNotNull();
        r.run();
    }

    @Test
    void anEmlFileIsReadAndItsRootSelected() throws Exception {
        Path file = Files.writeString(dir.resolve("received.eml"), MESSAGE);
        assertThat(vm.statusProperty().get()).isEqualTo(MessageViewModel.NOTHING_YET);
        vm.open(file);
        assertThat(vm.busyProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).isEqualTo("received.eml: reading...");
        deliver();
        assertThat(vm.busyProperty().get()).isFalse();
        MessageTree t = vm.treeProperty().get();
        assertThat(t.nodes()).hasSize(3);
        assertThat(vm.statusProperty().get()).isEqualTo("received.eml: multipart/mixed, 2 parts, "
                + String.format("%,d", MESSAGE.length()) + " bytes");
        assertThat(vm.selectedProperty().get()).isSameAs(t.root());
        assertThat(vm.headers()).extracting(MessageViewModel.HeaderRow::name).containsExactly("From", "Subject",
                "MIME-Version", "Content-Type");
        MessageViewModel.HeaderRow subject = vm.headers().get(1);
        assertThat(subject.decoded()).isEqualTo("Café✓ 中文");
        assertThat(subject.raw()).isEqualTo("Subject: =?ISO-8859-1?Q?Caf=E9?=\\r\\n\n =?UTF-8?B?4pyTIOS4reaWhw==?=\\r\\n");
        assertThat(vm.contentProperty().get().note()).isEqualTo("Reading...");
        deliver();
        assertThat(vm.contentProperty().get().note()).startsWith("The body as it is in the message");
        assertThat(vm.contentProperty().get().text()).contains("--b--");

        MimeNode text = t.nodes().get(1);
        vm.select(text);
        assertThat(vm.properties()).contains(new MessageViewModel.Row("Charset", "UTF-8"),
                new MessageViewModel.Row("Transfer encoding", "quoted-printable"));
        deliver();
        MessageViewModel.Shown shown = vm.contentProperty().get();
        assertThat(shown.hex()).isFalse();
        assertThat(shown.note()).isEqualTo("Decoded from quoted-printable, read as UTF-8");
        assertThat(shown.text()).as("a bidi override is shown, not obeyed").isEqualTo("Grüße \\u202e reversed");

        MimeNode pdf = t.nodes().get(2);
        vm.select(pdf);
        assertThat(vm.properties()).contains(new MessageViewModel.Row("File name", "\"報告.pdf\" (RFC 2231)"),
                new MessageViewModel.Row("Size", "header 142 bytes, body 20 bytes as sent, 15 bytes decoded"));
        deliver();
        shown = vm.contentProperty().get();
        assertThat(shown.hex()).isTrue();
        assertThat(shown.note()).isEqualTo("15 bytes decoded; not text, so the first 15 bytes as hex");
        assertThat(shown.text()).isEqualTo("0000  25 50 44 46 2d 31 2e 34 0a 25 c7 ec 8f a2 0a"
                + "   ".repeat(1) + "  %PDF-1.4.%.....");
    }

    @Test
    void aFileThatCannotBeReadSaysWhyAndClearsTheView() throws Exception {
        vm.open(Files.writeString(dir.resolve("ok.eml"), MESSAGE));
        deliver();
        deliver();
        vm.open(dir.resolve("missing.eml"));
        deliver();
        assertThat(vm.statusProperty().get()).startsWith("missing.eml: cannot be read: ").contains("missing.eml");
        assertThat(vm.treeProperty().get()).isNull();
        assertThat(vm.selectedProperty().get()).isNull();
        assertThat(vm.headers()).isEmpty();
        assertThat(vm.properties()).isEmpty();
    }

    @Test
    void aNewerReadWinsOverAnOlderOne() throws Exception {
        Path first = Files.writeString(dir.resolve("first.eml"), MESSAGE);
        Path second = Files.writeString(dir.resolve("second.eml"), "Subject: two\r\n\r\nbody\r\n");
        vm.open(first);
        vm.open(second);
        deliver();
        deliver();
        assertThat(vm.statusProperty().get()).isEqualTo("second.eml: text/plain, 22 bytes");
        assertThat(vm.treeProperty().get().root().header("Subject")).isEqualTo("two");
    }

    @Test
    void theMessageSentIsShownWithHowItWentOut() throws Exception {
        MessageSource source = MessageSource.of("Subject: sent\n\nbody\n".getBytes(StandardCharsets.US_ASCII),
                "in memory");
        assertThat(vm.hasSentProperty().get()).isFalse();
        vm.showSent(new SentMessage(source, "DATA", 23, 3));
        assertThat(vm.hasSentProperty().get()).isTrue();
        deliver();
        assertThat(vm.statusProperty().get()).isEqualTo("Sent in this session by DATA (its 3 bare line ends went out"
                + " as CRLF: 23 bytes on the wire): text/plain, 20 bytes");
        assertThat(vm.treeProperty().get().root().header("Subject")).isEqualTo("sent");
        deliver();
        vm.open(Files.writeString(dir.resolve("other.eml"), MESSAGE));
        deliver();
        deliver();
        vm.showLastSent();
        deliver();
        assertThat(vm.treeProperty().get().root().header("Subject")).isEqualTo("sent");
    }

    @Test
    void aMessageSentWhileTheViewIsHiddenIsReadWhenItIsShownAndOnlyTheLastOne() throws Exception {
        vm.setShowing(false);
        vm.showSent(new SentMessage(MessageSource.of("Subject: first\n\nbody\n".getBytes(StandardCharsets.US_ASCII),
                "in memory"), "DATA", 23, 0));
        vm.showSent(new SentMessage(MessageSource.of("Subject: second\n\nbody\n".getBytes(StandardCharsets.US_ASCII),
                "in memory"), "BDAT", 23, 0));
        assertThat(vm.hasSentProperty().get()).isTrue();
        assertThat(fx.poll(200, TimeUnit.MILLISECONDS)).as("nothing is read while hidden").isNull();
        assertThat(vm.statusProperty().get()).isEqualTo(MessageViewModel.NOTHING_YET);
        vm.setShowing(true);
        deliver();
        assertThat(vm.treeProperty().get().root().header("Subject")).isEqualTo("second");
        assertThat(vm.statusProperty().get()).startsWith("Sent in this session by BDAT");
        deliver();
        vm.setShowing(false);
        vm.setShowing(true);
        assertThat(fx.poll(200, TimeUnit.MILLISECONDS)).as("shown again: nothing new to read").isNull();
    }

    @Test
    void theSelectedPartIsSavedUnderASafeNameAndTheStatusSaysWhatWasWritten() throws Exception {
        vm.open(Files.writeString(dir.resolve("m.eml"), MESSAGE.replace("name*=UTF-8''%E5%A0%B1%E5%91%8A.pdf",
                "name=\"../../etc/pa:ss?wd\"")));
        deliver();
        deliver();
        assertThat(vm.suggestedFileName()).isEqualTo("message.eml");
        MimeNode pdf = vm.treeProperty().get().nodes().stream().filter(n -> n.contentType().equals(
                "application/pdf")).findFirst().orElseThrow();
        vm.select(pdf);
        deliver();
        assertThat(pdf.fileName()).isEqualTo("../../etc/pa:ss?wd");
        assertThat(vm.suggestedFileName()).as("no folder, no character a file system refuses").isEqualTo("pa_ss_wd");
        Path target = dir.resolve("saved.pdf");
        vm.saveSelected(target);
        assertThat(vm.statusProperty().get()).isEqualTo("Saving part " + pdf.number() + " to " + target + "...");
        deliver();
        assertThat(Files.readAllBytes(target)).startsWith("%PDF-1.4".getBytes(StandardCharsets.US_ASCII));
        assertThat(vm.statusProperty().get()).isEqualTo("Saved part " + pdf.number() + " (" + Files.size(target)
                + " bytes, decoded from base64) to " + target);
        vm.saveSelected(dir.resolve("no-such-folder").resolve("x.pdf"));
        deliver();
        assertThat(vm.statusProperty().get()).startsWith("Could not save part " + pdf.number() + " to ");
    }

    @Test
    void labelsSayWhatEachPartIs() throws Exception {
        MessageTree t = MessageTree.read(MESSAGE.getBytes(StandardCharsets.UTF_8), "x", () -> false);
        assertThat(t.nodes()).extracting(MessageViewModel::label).containsExactly(
                "message  multipart/mixed  \"Café✓ 中文\"  2 parts",
                "1  text/plain  quoted-printable  20 bytes (34 bytes encoded)",
                "2  application/pdf  \"報告.pdf\"  base64  15 bytes (20 bytes encoded)");
        MessageTree broken = MessageTree.read(("Content-Type: multipart/mixed; boundary=nowhere\r\n"
                + "MIME-Version: 1.0\r\n\r\n--elsewhere\r\n").getBytes(StandardCharsets.US_ASCII), "x", () -> false);
        assertThat(MessageViewModel.label(broken.root())).isEqualTo("message  multipart/mixed  0 parts  \u26a0 1");
        assertThat(MessageViewModel.describe(broken.root(), broken)).last().satisfies(r -> {
            assertThat(r.name()).isEqualTo("\u26a0 Problem");
            assertThat(r.value()).contains("boundary \"nowhere\" never occurs");
        });
        assertThat(MessageViewModel.summary(broken)).isEqualTo("multipart/mixed, 0 parts, 83 bytes; 1 problem"
                + " (marked \u26a0)");
        MessageTree nested = MessageTree.read(("Content-Type: multipart/mixed; boundary=o\r\nMIME-Version: 1.0\r\n"
                + "\r\n--o\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n--i\r\n\r\na\r\n--i\r\n\r\nb"
                + "\r\n--i--\r\n--o--\r\n").getBytes(StandardCharsets.US_ASCII), "x", () -> false);
        assertThat(MessageViewModel.summary(nested)).startsWith("multipart/mixed, 1 part (2 bodies in all), ");
    }

    @Test
    void sizesAreShownForPeople() {
        assertThat(MessageViewModel.human(1)).isEqualTo("1 byte");
        assertThat(MessageViewModel.human(1023)).isEqualTo("1023 bytes");
        assertThat(MessageViewModel.human(40_000)).isEqualTo("39.1 KiB");
        assertThat(MessageViewModel.human(5L << 20)).isEqualTo("5.0 MiB");
        assertThat(MessageViewModel.human(3L << 30)).isEqualTo("3.00 GiB");
    }

    @Test
    void aLongTextIsCutAndSaysSo() throws Exception {
        String body = "line of text\r\n".repeat(20_000);
        MessageTree t = MessageTree.read(("Content-Type: text/plain; charset=us-ascii\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII), "x", () -> false);
        MessageViewModel.Shown shown = MessageViewModel.show(t.content(t.root(), MessageViewModel.TEXT_LIMIT));
        assertThat(shown.note()).isEqualTo("Read as US-ASCII; only the first 128.0 KiB of 273.4 KiB are shown");
        assertThat(shown.text()).hasSize(MessageViewModel.TEXT_LIMIT - MessageViewModel.TEXT_LIMIT / 14);
    }
}
