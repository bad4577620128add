package org.smtpexplorer.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtpexplorer.transport.SendRequest;

class DraftStoreTest {
    @TempDir
    Path dir;

    private static Draft full(Path attachment) {
        return Draft.empty().withFrom("Jörg <jorg@example.com>").withTo("用户@例子.中国").withCc("c@example.com")
                .withBcc("b@example.com").withReplyTo("r@example.com").withSubject("Grüße").withText("Text\n")
                .withHtml("<p>x</p>").withHeaders(List.of(new Draft.Header("X-Test", "1")))
                .withAttachments(List.of(new Draft.Attachment(attachment, "image/png", true, "img@example.com")))
                .withOptions(new Draft.Options(TransferEncoding.QUOTED_PRINTABLE, SendRequest.Toggle.ON,
                        "SUCCESS,FAILURE", "HDRS", "env-1", true, SendRequest.Transfer.BDAT, 4096));
    }

    private static DraftStore store(Path folder, String instant) {
        return new DraftStore(folder, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void aDraftComesBackAsItWasSaved() throws IOException {
        Draft d = full(dir.resolve("报告 1.png"));
        DraftStore store = new DraftStore(dir.resolve("drafts"));

        StoredDraft saved = store.save(null, d);
        StoredDraft loaded = store.load(saved.id());

        assertThat(loaded.draft()).isEqualTo(d);
        assertThat(loaded.id()).isEqualTo(saved.id());
        assertThat(loaded.savedAt()).isEqualTo(saved.savedAt());
    }

    @Test
    void savingAgainReplacesTheDraftAndTheLatestIsRestored() throws IOException {
        Path folder = dir.resolve("drafts");
        StoredDraft first = store(folder, "2025-01-01T10:00:00Z").save(null, Draft.empty().withSubject("one"));
        StoredDraft second = store(folder, "2025-01-01T11:00:00Z").save(null, Draft.empty().withSubject("two"));
        store(folder, "2025-01-01T12:00:00Z").save(first.id(), Draft.empty().withSubject("one, edited"));

        DraftStore.Listing listing = new DraftStore(folder).list();

        assertThat(listing.drafts()).extracting(s -> s.draft().subject()).containsExactly("one, edited", "two");
        assertThat(listing.latest()).get().extracting(StoredDraft::id).isEqualTo(first.id());
        assertThat(listing.setAside()).isEmpty();
        assertThat(second.id()).isNotEqualTo(first.id());
    }

    @Test
    void aFailedWriteLeavesTheOldDraftWhole() throws IOException {
        Path folder = dir.resolve("drafts");
        DraftStore store = new DraftStore(folder);
        StoredDraft saved = store.save(null, Draft.empty().withSubject("kept"));
        // The temporary file cannot be created where a directory stands, so this save fails before the move.
        Files.createDirectory(folder.resolve(saved.id() + ".json.tmp"));

        assertThatThrownBy(() -> store.save(saved.id(), Draft.empty().withSubject("lost")))
                .isInstanceOf(IOException.class);

        assertThat(store.load(saved.id()).draft().subject()).isEqualTo("kept");
    }

    @Test
    void aSaveLeavesNoTemporaryFileBehind() throws IOException {
        Path folder = dir.resolve("drafts");
        new DraftStore(folder).save("abc", Draft.empty());

        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("abc.json");
        }
    }

    @Test
    void aCorruptFileIsKeptAsideWithAClearErrorAndTheNextDraftIsRestored() throws IOException {
        Path folder = dir.resolve("drafts");
        DraftStore store = store(folder, "2025-02-03T04:05:06Z");
        store.save("good", Draft.empty().withSubject("good"));
        Files.writeString(folder.resolve("broken.json"), "{\"id\": \"broken\", \"draft\": {\"subject\": ");

        DraftStore.Listing listing = store.list();

        assertThat(listing.latest()).get().extracting(s -> s.draft().subject()).isEqualTo("good");
        assertThat(listing.setAside()).singleElement().satisfies(e -> {
            assertThat(e.getMessage()).contains("broken.json", "cannot be read", "kept as",
                    "broken.json.corrupt-20250203T040506");
            assertThat(e.keptAs()).exists().hasContent("{\"id\": \"broken\", \"draft\": {\"subject\": ");
        });
        assertThat(folder.resolve("broken.json")).doesNotExist();
        assertThat(store.list().setAside()).as("set aside once, not again").isEmpty();
    }

    @Test
    void loadingACorruptDraftThrowsAndKeepsItAside() throws IOException {
        Path folder = dir.resolve("drafts");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("x.json"), "[1, 2]");
        DraftStore store = new DraftStore(folder);

        CorruptDraftException e = org.assertj.core.api.Assertions.catchThrowableOfType(CorruptDraftException.class,
                () -> store.load("x"));

        assertThat(e.keptAs()).exists();
        assertThat(e.getMessage()).contains("x.json");
    }

    @Test
    void aDraftWithoutDraftContentIsCorruptToo() throws IOException {
        Path folder = dir.resolve("drafts");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("empty.json"), "{\"id\": \"empty\"}");

        assertThat(new DraftStore(folder).list().setAside()).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("holds no draft"));
    }

    @Test
    void deleteRemovesADraftAndTheFolderMayNotExistYet() throws IOException {
        DraftStore store = new DraftStore(dir.resolve("not-yet"));
        assertThat(store.list().drafts()).isEmpty();

        StoredDraft s = store.save(null, Draft.empty());
        assertThat(store.delete(s.id())).isTrue();
        assertThat(store.delete(s.id())).isFalse();
        assertThat(store.list().drafts()).isEmpty();
    }

    @Test
    void anIdCannotPointOutsideTheFolder() {
        DraftStore store = new DraftStore(dir);

        assertThatThrownBy(() -> store.load("../secret")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters, digits and hyphens");
    }

    @Test
    void unknownFieldsAndMissingOnesAreTolerated() throws IOException {
        Path folder = dir.resolve("drafts");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("old.json"), "{\"savedAt\": \"2024-01-01T00:00:00Z\", \"future\": 1,"
                + " \"draft\": {\"subject\": \"hi\", \"newField\": true}}");

        StoredDraft d = new DraftStore(folder).load("old");

        assertThat(d.draft().subject()).isEqualTo("hi");
        assertThat(d.draft().to()).isEmpty();
        assertThat(d.draft().options()).isEqualTo(Draft.Options.defaults());
        assertThat(d.id()).isEqualTo("old");
    }

    @Test
    void aFileHoldingJsonNullIsSetAsideToo() throws IOException {
        Path folder = dir.resolve("drafts");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("nothing.json"), "null");

        assertThat(new DraftStore(folder).list().setAside()).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("nothing.json", "holds no draft"));
    }

    @Test
    void aSecondCorruptCopyInTheSameSecondDoesNotReplaceTheFirst() throws IOException {
        Path folder = dir.resolve("drafts");
        Files.createDirectories(folder);
        DraftStore store = store(folder, "2025-02-03T04:05:06Z");
        Path file = folder.resolve("x.json");

        Files.writeString(file, "first");
        CorruptDraftException first = catchThrowableOfType(CorruptDraftException.class, () -> store.load("x"));
        Files.writeString(file, "second");
        CorruptDraftException second = catchThrowableOfType(CorruptDraftException.class, () -> store.load("x"));
        Files.writeString(file, "third");
        CorruptDraftException third = catchThrowableOfType(CorruptDraftException.class, () -> store.load("x"));

        assertThat(first.keptAs()).hasFileName("x.json.corrupt-20250203T040506").hasContent("first");
        assertThat(second.keptAs()).hasFileName("x.json.corrupt-20250203T040506-2").hasContent("second");
        assertThat(third.keptAs()).hasFileName("x.json.corrupt-20250203T040506-3").hasContent("third");
    }

    @Test
    void theErrorSaysOnWhichLineADraftFileIsBroken() throws IOException {
        Path folder = dir.resolve("drafts");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("x.json"), "{\n  \"id\": \"x\",\n  \"draft\": {\"subject\": oops}\n}\n");

        assertThat(new DraftStore(folder).list().setAside()).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("oops", "at line 3"));
    }

    @Test
    void theListIsNewestFirstWhateverTheFileNames() throws IOException {
        Path folder = dir.resolve("drafts");
        for (int i = 0; i < 10; i++) {
            // Ids in the opposite order to the times, so neither name nor creation order gives the answer.
            store(folder, "2025-01-01T%02d:00:00Z".formatted(i)).save("draft-" + (9 - i), Draft.empty()
                    .withSubject("saved at " + i));
        }

        DraftStore.Listing listing = new DraftStore(folder).list();

        assertThat(listing.drafts()).extracting(d -> d.draft().subject()).containsExactly("saved at 9",
                "saved at 8", "saved at 7", "saved at 6", "saved at 5", "saved at 4", "saved at 3", "saved at 2",
                "saved at 1", "saved at 0");
    }
}
