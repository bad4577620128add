package org.smtpexplorer.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtpexplorer.interop.PostfixLab;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.TlsSettings;

/**
 * The composer's cases (UTF-8 subject, Japanese file name, Chinese and German addresses, IDN domain, dot lines, a
 * line over 998 octets, no final line end) through the real Postfix, by DATA and by BDAT: what arrives is the
 * composed file byte for byte (after Postfix's Received header) and parses back to what was typed.
 */
@Tag("interop")
class PostfixComposerInteropTest {
    @TempDir
    static Path files;
    static PostfixLab postfix;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        postfix = PostfixLab.load();
    }

    static Stream<Arguments> casesByTransfer() throws IOException {
        return Cases.byTransfer(files);
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("casesByTransfer")
    void postfixDeliversTheComposedBytes(Cases.Case c, SendRequest.Transfer transfer) throws Exception {
        Path file = dir.resolve("out.eml");
        Cases.Sent sent = Cases.composeAndSend(ConnectOptions.of(postfix.get("host"), postfix.port("relay.port"),
                SecurityMode.STARTTLS, TlsSettings.trusting(Path.of(postfix.get("ca.pem"))))
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30)), c.draft(), transfer, file);
        // Postfix offers SMTPUTF8, so nothing here should block sending.
        assertThat(sent.composed().problems().blocksSending()).as("%s", sent.composed().problems().all()).isFalse();
        SendResult result = sent.result();
        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(SendResult.Status.SENT);
        String id = ParsedMessage.parse(file).message().getMessageID();
        byte[] arrived = postfix.delivered(id);
        assertThat(arrived).isEqualTo(Files.readAllBytes(file));
        ParsedMessage back = ParsedMessage.parse(arrived);
        assertThat(back.subject()).isEqualTo(c.draft().subject());
        assertThat(back.to()).isEqualTo(c.expectedTo());
        assertThat(back.text()).isEqualTo(c.expectedText());
        for (Draft.Attachment a : c.draft().attachments()) {
            try (InputStream in = Files.newInputStream(a.path())) {
                assertThat(back.attachmentDigests()).containsEntry(a.path().getFileName().toString(),
                        ParsedMessage.sha256(in));
            }
        }
    }
}
