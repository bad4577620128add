package org.smtpexplorer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traits kept on disk between runs: found again for the same unchanged file, never for a file that changed, even one
 * given its old size and modification time back; a bounded, newest-first list that a broken file does not upset.
 */
class TraitsStoreTest {
    private static final MessageTraits SOME = new MessageTraits(true, false, true, 1234, 5, 6);
    /** Later than any file here was written, by more than the racy window. */
    private static final long LATER = System.currentTimeMillis() + 60_000;

    @TempDir
    Path tmp;

    private Path message(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.US_ASCII);
    }

    @Test
    void theSameUnchangedFileFindsItsTraitsAgain() throws IOException {
        TraitsStore store = new TraitsStore(tmp.resolve("data").resolve("traits-cache"));
        Path m = message("m.eml", "Subject: x\r\n\r\nbody\r\n");
        String id = TraitsStore.identity(m, LATER);
        assertThat(id).isNotNull();
        assertThat(store.find(id)).isNull();
        store.keep(id, SOME);
        assertThat(store.find(id)).isEqualTo(SOME);
        assertThat(new TraitsStore(tmp.resolve("data").resolve("traits-cache")).find(TraitsStore.identity(m, LATER)))
                .as("read back from the file, as the next run does").isEqualTo(SOME);
    }

    @Test
    void aFileRewrittenWithItsOldSizeAndModificationTimeIsNotTakenForTheOldOne() throws IOException {
        TraitsStore store = new TraitsStore(tmp.resolve("traits-cache"));
        Path m = message("m.eml", "Subject: x\r\n\r\nbody\r\n");
        FileTime modified = Files.getLastModifiedTime(m);
        String before = TraitsStore.identity(m, LATER);
        store.keep(before, SOME);
        // What cp -p or touch -d leave: new bytes, the same size, the old modification time. Only the change time
        // (set by the system, never back) tells.
        sleepPastATick();
        Files.writeString(m, "Subject: y\r\n\r\nbodY\r\n", StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(m, modified);
        assertThat(Files.size(m)).isEqualTo(Long.parseLong(before.split("\t")[0]));
        assertThat(Files.getLastModifiedTime(m)).isEqualTo(modified);
        String after = TraitsStore.identity(m, LATER);
        assertThat(after).isNotEqualTo(before);
        assertThat(store.find(after)).isNull();
    }

    @Test
    void aFileChangedInTheLastTwoSecondsIsNotKept() throws IOException {
        Path m = message("m.eml", "Subject: x\r\n\r\nbody\r\n");
        assertThat(TraitsStore.identity(m, System.currentTimeMillis())).isNull();
        assertThat(TraitsStore.identity(m, System.currentTimeMillis() + TraitsStore.RACY_MILLIS + 10)).isNotNull();
    }

    @Test
    void theNewestAreKeptFirstOneLinePerPathAndNoMoreThanTheLimit() throws IOException {
        Path file = tmp.resolve("traits-cache");
        TraitsStore store = new TraitsStore(file);
        Path first = message("first.eml", "a\r\n");
        String firstId = TraitsStore.identity(first, LATER);
        store.keep(firstId, SOME);
        for (int i = 0; i < TraitsStore.ENTRIES + 5; i++) {
            Path m = message("m" + i + ".eml", "b\r\n");
            store.keep(TraitsStore.identity(m, LATER), new MessageTraits(false, false, false, i, 0, 0));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).startsWith("# SMTP Explorer");
        assertThat(lines).hasSize(TraitsStore.ENTRIES + 1);
        assertThat(lines.get(1)).endsWith("m" + (TraitsStore.ENTRIES + 4) + ".eml");
        assertThat(store.find(firstId)).as("the oldest went").isNull();
        Path last = tmp.resolve("m" + (TraitsStore.ENTRIES + 4) + ".eml");
        store.keep(TraitsStore.identity(last, LATER), SOME);
        assertThat(Files.readAllLines(file).stream().filter(l -> l.endsWith(last.toString()))).hasSize(1);
        assertThat(store.find(TraitsStore.identity(last, LATER))).isEqualTo(SOME);
    }

    @Test
    void aBrokenStoreIsReadAsEmptyAndWrittenAfresh() throws IOException {
        Path file = tmp.resolve("traits-cache");
        Files.write(file, new byte[] {'x', '\t', (byte) 0xff, (byte) 0xfe, '\n', '1', '\t', '2', '\n'});
        TraitsStore store = new TraitsStore(file);
        Path m = message("m.eml", "a\r\n");
        String id = TraitsStore.identity(m, LATER);
        assertThat(store.find(id)).isNull();
        store.keep(id, SOME);
        assertThat(store.find(id)).isEqualTo(SOME);
        Files.writeString(file, "# header\n" + id.replace("\t" + m, "") + "\t1\t0\t1\tnot-a-number\t0\t0\t" + m + "\n");
        assertThat(store.find(id)).as("a line that does not parse is no answer").isNull();
        assertThat(Files.list(tmp).filter(p -> p.toString().endsWith(".tmp"))).as("no temporary file left").isEmpty();
    }

    /**
     * The whole path: a large file's traits found in the data folder's store are what MessageSource gives, without
     * a scan (the kept traits here are not the file's, which a scan would have found). A scan, when there was one,
     * leaves its traits in the store for the next run.
     */
    @Test
    void aMessageSourceTakesKeptTraitsAndKeepsWhatItScanned() throws Exception {
        Path known = tmp.resolve("known.eml");
        Path unknown = tmp.resolve("unknown.eml");
        byte[] text = ("Subject: big\r\n\r\n" + "plain text line\r\n".repeat(80_000)).getBytes(StandardCharsets.US_ASCII);
        Files.write(known, text);
        Files.write(unknown, text);
        // Out of the racy window: files are kept only once they are two seconds old.
        Thread.sleep(TraitsStore.RACY_MILLIS + 100);
        assertThat(System.getProperty("smtpexplorer.data")).as("tests keep their data apart (the pom)").isNotNull();
        TraitsStore store = TraitsStore.inDataFolder();
        store.keep(TraitsStore.identity(known), SOME);
        assertThat(MessageSource.of(known).traits()).isEqualTo(SOME);

        MessageTraits scanned = MessageSource.of(unknown).traits();
        assertThat(scanned.eightBit()).isFalse();
        assertThat(scanned.longestLine()).isEqualTo(15);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (store.find(TraitsStore.identity(unknown)) == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(store.find(TraitsStore.identity(unknown))).isEqualTo(scanned);
    }

    private static void sleepPastATick() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
