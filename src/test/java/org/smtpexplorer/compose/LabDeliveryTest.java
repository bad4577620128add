package org.smtpexplorer.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.lab.ReceivedMessage;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.lab.Transfer;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.TlsSettings;

/**
 * Composed messages go through the lab server on loopback, as the app sends them: connect, EHLO, compose with the
 * capabilities just read, then the transaction by DATA or BDAT. The lab keeps the exact bytes it received, which
 * must be the composed file byte for byte and parse back to what was typed.
 */
class LabDeliveryTest {
    @TempDir
    static Path labData;
    @TempDir
    static Path files;
    static LabServer lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void startLab() throws IOException {
        lab = LabServer.start(LabConfig.builder().dataDir(labData).sizeLimit(64L * 1024 * 1024).build());
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    /** The outcome of one send: what was composed, what the sender said, and what the lab kept. */
    record Delivery(ComposedMessage composed, SendResult result, ReceivedMessage stored) {
    }

    static Stream<Arguments> casesByTransfer() throws IOException {
        return Cases.byTransfer(files);
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("casesByTransfer")
    void theLabKeepsTheComposedBytesAndTheyParseBack(Cases.Case c, SendRequest.Transfer transfer) throws Exception {
        Delivery d = send(lab, c.draft(), transfer, dir.resolve("out.eml"));

        assertThat(d.result().status()).as(String.valueOf(d.result().failure())).isEqualTo(SendResult.Status.SENT);
        assertThat(d.stored().transfer()).isEqualTo(Transfer.valueOf(transfer.name()));
        assertThat(d.stored().content()).isEqualTo(Files.readAllBytes(d.composed().file()));
        assertThat(d.stored().envelope().mailFrom()).isEqualTo("alice@example.com");
        assertThat(d.stored().envelope().recipients()).extracting(r -> r.address())
                .isEqualTo(d.composed().envelope().recipients());
        assertThat(d.stored().envelope().smtpUtf8()).isEqualTo(d.composed().envelope().smtpUtf8());

        ParsedMessage back = ParsedMessage.parse(d.stored().content());
        assertThat(back.subject()).isEqualTo(c.draft().subject());
        assertThat(back.from()).containsExactly(Cases.FROM);
        assertThat(back.to()).isEqualTo(c.expectedTo());
        assertThat(back.text()).isEqualTo(c.expectedText());
        assertThat(back.attachmentDigests()).hasSameSizeAs(c.draft().attachments());
        for (Draft.Attachment a : c.draft().attachments()) {
            try (InputStream in = Files.newInputStream(a.path())) {
                assertThat(back.attachmentDigests()).containsEntry(a.path().getFileName().toString(),
                        ParsedMessage.sha256(in));
            }
        }
    }

    @Test
    void nonAsciiAddressesUseSmtpUtf8WhenTheLabOffersIt() throws Exception {
        Delivery d = send(lab, Cases.chineseAddress().draft(), SendRequest.Transfer.DATA, dir.resolve("cn.eml"));

        assertThat(d.stored().envelope().smtpUtf8()).isTrue();
        assertThat(d.stored().envelope().recipients()).extracting(r -> r.address()).containsExactly("用户@例子.中国");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DATA", "BDAT"})
    void aTwentyMebibyteAttachmentArrivesWhole(String transfer) throws Exception {
        Path big = dir.resolve("big.bin");
        writeRandom(big, 20 * 1024 * 1024);
        Draft draft = Cases.base().withAttachments(List.of(Draft.Attachment.of(big)));

        Delivery d = send(lab, draft, SendRequest.Transfer.valueOf(transfer), dir.resolve("big.eml"));

        assertThat(d.result().status()).isEqualTo(SendResult.Status.SENT);
        assertThat(d.stored().size()).isEqualTo(Files.size(d.composed().file()));
        try (InputStream in = Files.newInputStream(big)) {
            assertThat(ParsedMessage.parse(d.stored().content()).attachmentDigests())
                    .containsEntry("big.bin", ParsedMessage.sha256(in));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DATA", "BDAT"})
    void anImportedMessageGoesOutByteForByte(String transfer) throws Exception {
        Path eml = Files.write(dir.resolve("in.eml"), ImportedMessageTest.EML.getBytes(StandardCharsets.UTF_8));
        ImportedMessage imported = ImportedMessage.read(eml);
        SendRequest.Builder r = SendRequest.builder();
        r.connection(ConnectOptions.of("127.0.0.1", lab.port(), SecurityMode.NONE, TlsSettings.verified()));
        r.from(imported.envelope().mailFrom());
        r.to(imported.envelope().recipients());
        r.message(imported.source());
        r.transfer(SendRequest.Transfer.valueOf(transfer));
        int before = lab.messages().size();

        SendResult result = new Session(r.build(), new Transcript()).send();

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(SendResult.Status.SENT);
        List<ReceivedMessage> all = lab.messages();
        assertThat(all).hasSize(before + 1);
        assertThat(all.get(all.size() - 1).content()).isEqualTo(Files.readAllBytes(eml));
    }

    /** A HELO-only server has no SMTPUTF8: the IDN domain goes as its A-label, headers as encoded words. */
    @Test
    void withoutSmtpUtf8TheLabGetsALabelsAndEncodedWords() throws Exception {
        try (LabServer legacy = LabServer.start(LabConfig.builder().dataDir(labData).scenario(Scenario.LEGACY)
                .build())) {
            Draft draft = Cases.idnDomain().draft().withSubject("Grüße aus München").withText("Grüße\n");

            Delivery d = send(legacy, draft, SendRequest.Transfer.DATA, dir.resolve("idn.eml"));

            assertThat(d.result().status()).as(String.valueOf(d.result().failure())).isEqualTo(SendResult.Status.SENT);
            assertThat(d.composed().problems().blocksSending()).isFalse();
            assertThat(d.stored().envelope().smtpUtf8()).isFalse();
            assertThat(d.stored().envelope().recipients()).extracting(r -> r.address())
                    .containsExactly("info@xn--fsqu00a.xn--fiqs8s");
            assertThat(AddressAnalysis.isAscii(new String(d.stored().content(), StandardCharsets.ISO_8859_1)))
                    .as("no 8-bit byte anywhere: the server has neither SMTPUTF8 nor 8BITMIME").isTrue();
            ParsedMessage back = ParsedMessage.parse(d.stored().content());
            assertThat(back.subject()).isEqualTo("Grüße aus München");
            assertThat(back.to()).containsExactly("info@xn--fsqu00a.xn--fiqs8s");
            assertThat(back.text()).isEqualTo("Grüße\r\n");
        }
    }

    /**
     * The composer blocks it with an explanation; forced anyway, the sender refuses before MAIL (here already
     * because the address can only be written into the headers as raw UTF-8).
     */
    @Test
    void withoutSmtpUtf8ANonAsciiLocalPartIsNeverSent() throws Exception {
        try (LabServer legacy = LabServer.start(LabConfig.builder().dataDir(labData).scenario(Scenario.LEGACY)
                .build())) {
            Delivery d = send(legacy, Cases.germanLocalPart().draft(), SendRequest.Transfer.DATA,
                    dir.resolve("de.eml"));

            assertThat(d.composed().problems().of(Problem.Severity.BLOCKING)).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("münchen@example.de", "cannot be downgraded"));
            assertThat(d.result().status()).isEqualTo(SendResult.Status.FAILED);
            assertThat(d.result().failure().failureClass()).isEqualTo(FailureClass.REFUSED_LOCALLY);
            assertThat(d.result().failure().getMessage()).contains("SMTPUTF8");
            assertThat(d.stored()).isNull();
        }
    }

    /**
     * Connects, reads the capabilities, composes with them and runs the transaction, ignoring the problems (the
     * tests look at them). The stored message is found by its Message-ID.
     */
    static Delivery send(LabServer server, Draft draft, SendRequest.Transfer transfer, Path file) throws Exception {
        Cases.Sent sent = Cases.composeAndSend(ConnectOptions.of("127.0.0.1", server.port(), SecurityMode.NONE,
                TlsSettings.verified()).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20)), draft, transfer,
                file);
        ComposedMessage composed = sent.composed();
        SendResult result = sent.result();
        String id = ParsedMessage.parse(file).message().getMessageID();
        ReceivedMessage stored = server.messages().stream()
                .filter(m -> new String(m.content(), StandardCharsets.ISO_8859_1).contains(id)).findFirst()
                .orElse(null);
        return new Delivery(composed, result, stored);
    }

    static void writeRandom(Path file, long size) throws IOException {
        java.util.Random random = new java.util.Random(20);
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buf.length) {
                random.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
    }
}
