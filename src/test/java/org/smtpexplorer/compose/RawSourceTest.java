package org.smtpexplorer.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawSourceTest {
    @TempDir
    Path dir;

    @Test
    void aSmallMessageIsShownWhole() throws Exception {
        Path f = Files.writeString(dir.resolve("m.eml"), "Subject: ä\r\n\r\nbody\r\n");

        RawSource.Preview p = RawSource.preview(f, 1024);

        assertThat(p.text()).isEqualTo("Subject: ä\r\n\r\nbody\r\n");
        assertThat(p.truncated()).isFalse();
        assertThat(p.totalBytes()).isEqualTo(Files.size(f));
    }

    @Test
    void aLongMessageIsCutAtACharacterBoundary() throws Exception {
        // "ab" then a 3-octet character: cutting at 4 octets would split it.
        Path f = Files.writeString(dir.resolve("m.eml"), "ab用户 and more");

        RawSource.Preview p = RawSource.preview(f, 4);

        assertThat(p.text()).isEqualTo("ab");
        assertThat(p.shownBytes()).isEqualTo(2);
        assertThat(p.truncated()).isTrue();
        assertThat(RawSource.preview(f, 5).text()).isEqualTo("ab用");
        assertThatThrownBy(() -> RawSource.preview(f, 0)).hasMessageContaining("maxBytes");
    }
}
