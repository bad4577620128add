package org.smtpexplorer.ui.composer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An attachment is listed by name, size and type, not by its full path. */
class AttachmentTextTest {
    @Test
    void nameSizeAndType(@TempDir Path tmp) throws Exception {
        Path pdf = Files.write(tmp.resolve("報告書.pdf"), new byte[150_000]);
        assertThat(AttachmentText.describe(pdf)).isEqualTo("報告書.pdf  146 KiB  application/pdf");
        assertThat(AttachmentText.describe(tmp.resolve("gone.txt"))).isEqualTo("gone.txt  cannot be read  text/plain");
        assertThat(AttachmentText.bytes(512)).isEqualTo("512 bytes");
        assertThat(AttachmentText.bytes(1023)).isEqualTo("1023 bytes");
        assertThat(AttachmentText.bytes(1024)).isEqualTo("1 KiB");
        assertThat(AttachmentText.bytes(20L * 1024 * 1024)).isEqualTo("20.0 MiB");
    }
}
