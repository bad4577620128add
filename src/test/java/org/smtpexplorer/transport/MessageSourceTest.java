package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large message file's traits are scanned in the background and kept for the same unchanged file: same path,
 * size, modification time and inode. A file changed in any of these is scanned again, and so is one modified too
 * recently for its time to tell a rewrite apart. A small file is scanned at once.
 */
class MessageSourceTest {
    private static final FileTime AN_HOUR_AGO = FileTime.from(Instant.now().minusSeconds(3600));

    @TempDir
    Path tmp;

    /** Large enough to be scanned in the background: 1 MiB of CRLF lines, then {@code end}. */
    private static final String FILLER = ("x".repeat(62) + "\r\n").repeat(16 * 1024);

    private Path write(String name, String content, FileTime modified) throws IOException {
        Path p = Files.writeString(tmp.resolve(name), content + FILLER, StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(p, modified);
        return p;
    }

    @Test
    void aFileNamesItselfAndHasTheTraitsOfAScan() throws IOException {
        Path p = write("a.eml", "Subject: caf\u00e9\n\nbody\r\n", AN_HOUR_AGO);
        MessageSource m = MessageSource.of(p);
        assertThat(m.file()).contains(p);
        assertThat(m.size()).isEqualTo(Files.size(p));
        assertThat(m.traits()).isEqualTo(MessageTraits.scan(p));
        assertThat(m.traits().nonAsciiHeaders()).isTrue();
        assertThat(m.traits().bareLf()).isEqualTo(2);
        assertThat(m.traits().longestLine()).isEqualTo(62);
        assertThat(MessageSource.of(new byte[] {'x'}, "bytes").file()).isEmpty();
    }

    @Test
    void theSameUnchangedFileIsScannedOnce() throws IOException {
        Path p = write("same.eml", "Subject: x\r\n\r\nbody\r\n", AN_HOUR_AGO);
        MessageTraits first = MessageSource.of(p).traits();
        assertThat(MessageSource.of(p).traits()).isSameAs(first);
        assertThat(MessageSource.of(tmp.resolve(".").resolve("same.eml")).traits()).as("the same file, named otherwise")
                .isSameAs(first);
    }

    @Test
    void aFileChangedInSizeOrTimeIsScannedAgain() throws IOException {
        Path p = write("changes.eml", "Subject: x\r\n\r\nbody\r\n", AN_HOUR_AGO);
        MessageTraits first = MessageSource.of(p).traits();
        write("changes.eml", "Subject: x\n\nbody\n", AN_HOUR_AGO);
        MessageTraits shorter = MessageSource.of(p).traits();
        assertThat(shorter.bareLf()).isEqualTo(3);
        // Same size, new content, another time: the time tells.
        write("changes.eml", "Subject: x\r\n\r\nb\u00e9dy\r\n", FileTime.from(Instant.now().minusSeconds(60)));
        MessageTraits sameSize = MessageSource.of(p).traits();
        assertThat(sameSize).isNotSameAs(first);
        assertThat(sameSize.eightBit()).isTrue();
        assertThat(first.eightBit()).isFalse();
    }

    @Test
    void aFileModifiedJustNowIsNotKept() throws IOException {
        Path p = Files.writeString(tmp.resolve("fresh.eml"), "Subject: x\r\n\r\nbody\r\n" + FILLER);
        MessageTraits first = MessageSource.of(p).traits();
        // Rewritten within the same clock tick, it could keep size and time: so nothing was kept.
        Files.writeString(p, "Subject: x\r\n\r\nb\ndy\r\n" + FILLER);
        MessageTraits second = MessageSource.of(p).traits();
        assertThat(second).isNotSameAs(first);
        assertThat(second.bareLf()).isEqualTo(1);
    }

    @Test
    void aSmallFileIsScannedAtOnceAndNotKept() throws IOException {
        Path p = Files.writeString(tmp.resolve("small.eml"), "Subject: x\n\nbody\n");
        Files.setLastModifiedTime(p, AN_HOUR_AGO);
        MessageTraits first = MessageSource.of(p).traits();
        assertThat(first.bareLf()).isEqualTo(3);
        assertThat(MessageSource.of(p).traits()).isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void aMissingFileFailsAtOnce() {
        assertThatThrownBy(() -> MessageSource.of(tmp.resolve("none.eml"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aDirectoryFailsAtOnceAsBefore() {
        assertThatThrownBy(() -> MessageSource.of(tmp)).isInstanceOf(IOException.class);
    }
}
