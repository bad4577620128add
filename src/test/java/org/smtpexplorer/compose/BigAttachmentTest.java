package org.smtpexplorer.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.testing.StreamingSink;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transport.ConnectOptions;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.TlsSettings;

/**
 * A 20 MiB attachment at -Xmx64m (the small-heap execution): composing, parsing back, importing and sending
 * must all stream from disk, or this runs out of memory.
 */
@Tag("smallheap")
class BigAttachmentTest {
    private static final long SIZE = 20L * 1024 * 1024;

    @TempDir
    Path dir;

    private ComposedMessage composeBig(Path big) throws Exception {
        LabDeliveryTest.writeRandom(big, SIZE);
        Draft d = Cases.base().withSubject("Große Datei").withAttachments(List.of(Draft.Attachment.of(big)));
        return new MessageComposer().compose(d, Caps.modern(), dir.resolve("big.eml"));
    }

    private static String digest(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return ParsedMessage.sha256(in);
        }
    }

    @Test
    void composesAndParsesBackWithoutHoldingTheAttachment() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("meaningful only in the small-heap execution")
                .isLessThan(128L * 1024 * 1024);
        Path big = dir.resolve("big.bin");
        ComposedMessage m = composeBig(big);

        assertThat(m.size()).isGreaterThan(SIZE * 4 / 3);
        assertThat(m.source().traits().longestLine()).isLessThanOrEqualTo(998);
        ParsedMessage back = ParsedMessage.parse(m.file());
        assertThat(back.subject()).isEqualTo("Große Datei");
        assertThat(back.attachmentDigests()).containsEntry("big.bin", digest(big));

        ImportedMessage imported = ImportedMessage.read(m.file());
        assertThat(imported.attachments()).singleElement().satisfies(p -> {
            assertThat(p.fileName()).isEqualTo("big.bin");
            assertThat(p.size()).isEqualTo(SIZE);
        });
        assertThat(RawSource.preview(m.file(), RawSource.DEFAULT_PREVIEW_BYTES).truncated()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DATA", "BDAT"})
    void streamsThroughDataAndBdat(String transfer) throws Exception {
        Path big = dir.resolve("big.bin");
        ComposedMessage m = composeBig(big);
        Path received = dir.resolve("received.eml");
        try (StreamingSink sink = new StreamingSink(received)) {
            SendRequest r = m.applyTo(SendRequest.of(ConnectOptions.of("127.0.0.1", sink.port(), SecurityMode.NONE,
                    TlsSettings.verified()).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))))
                    .with(b -> b.transfer(SendRequest.Transfer.valueOf(transfer)).chunkSize(4 * 1024 * 1024));

            SendResult result = new Session(r, new Transcript()).send();

            List<String> commands = new ArrayList<>(sink.await());
            assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(SendResult.Status.SENT);
            assertThat(commands).anyMatch(c -> c.startsWith(transfer));
        }
        assertThat(digest(received)).isEqualTo(digest(m.file()));
        assertThat(ParsedMessage.parse(received).attachmentDigests()).containsEntry("big.bin", digest(big));
    }
}
