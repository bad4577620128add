package org.smtpexplorer.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.smtpexplorer.AtomicReplace;

/**
 * Drafts as JSON files, one per draft, in one folder (the app passes {@code <app data>/drafts/}). Drafts are never
 * lost: a save writes a temporary file, forces it to disk and moves it over the old one, so a crash leaves the old
 * or the new draft, never half of one; a file that cannot be read is renamed aside, never deleted.
 */
public final class DraftStore {
    private static final String SUFFIX = ".json";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final Path folder;
    private final Clock clock;

    public DraftStore(Path folder) {
        this(folder, Clock.systemUTC());
    }

    DraftStore(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    /**
     * The readable drafts, newest first, and what was set aside.
     *
     * @param drafts   every draft that could be read
     * @param setAside one error per unreadable file, each naming where the file was kept
     */
    public record Listing(List<StoredDraft> drafts, List<CorruptDraftException> setAside) {
        public Listing {
            drafts = List.copyOf(drafts);
            setAside = List.copyOf(setAside);
        }

        /** The draft to restore on start. */
        public Optional<StoredDraft> latest() {
            return drafts.stream().findFirst();
        }
    }

    /** Saves a draft; with a null or empty id it becomes a new draft with a new id. */
    public synchronized StoredDraft save(String id, Draft draft) throws IOException {
        String useId = id == null || id.isEmpty() ? UUID.randomUUID().toString() : checkId(id);
        StoredDraft stored = new StoredDraft(useId, clock.instant(), draft);
        Files.createDirectories(folder);
        Path target = file(useId);
        Path tmp = folder.resolve(useId + SUFFIX + ".tmp");
        ByteBuffer bytes = ByteBuffer.wrap(json.writeValueAsBytes(stored));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            // On disk before the move, or a crash could leave the new name pointing at an empty file.
            ch.force(true);
        }
        AtomicReplace.move(tmp, target);
        return stored;
    }

    /** One draft by id; a file that cannot be read is set aside and reported. */
    public synchronized StoredDraft load(String id) throws IOException {
        Path f = file(checkId(id));
        if (!Files.exists(f)) {
            throw new IOException("there is no draft " + id + " in " + folder);
        }
        return read(f);
    }

    public synchronized Listing list() throws IOException {
        List<StoredDraft> drafts = new ArrayList<>();
        List<CorruptDraftException> setAside = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return new Listing(drafts, setAside);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path f : files) {
                try {
                    drafts.add(read(f));
                } catch (CorruptDraftException e) {
                    setAside.add(e);
                }
            }
        }
        drafts.sort(Comparator.comparing(StoredDraft::savedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed());
        return new Listing(drafts, setAside);
    }

    /** Deletes a draft (sent or discarded); false when there was none. */
    public synchronized boolean delete(String id) throws IOException {
        return Files.deleteIfExists(file(checkId(id)));
    }

    private StoredDraft read(Path f) throws IOException {
        String id = f.getFileName().toString();
        id = id.substring(0, id.length() - SUFFIX.length());
        StoredDraft d;
        try {
            d = json.readValue(f.toFile(), StoredDraft.class);
        } catch (JsonProcessingException e) {
            throw setAside(f, "not a valid draft: " + e.getOriginalMessage() + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr()), e);
        }
        if (d == null || d.draft() == null) {
            throw setAside(f, "it holds no draft", null);
        }
        // The file name is the id: a copied or renamed file must not save over another draft.
        return new StoredDraft(id, d.savedAt(), d.draft());
    }

    private CorruptDraftException setAside(Path f, String reason, Throwable cause) throws IOException {
        Path aside = f.resolveSibling(f.getFileName() + ".corrupt-" + STAMP.format(clock.instant()));
        for (int i = 2; Files.exists(aside); i++) {
            aside = f.resolveSibling(f.getFileName() + ".corrupt-" + STAMP.format(clock.instant()) + "-" + i);
        }
        Files.move(f, aside);
        return new CorruptDraftException(f, aside, reason, cause);
    }

    private Path file(String id) {
        return folder.resolve(id + SUFFIX);
    }

    private static String checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("draft id \"" + id + "\" may only contain letters, digits and"
                    + " hyphens (at most 64)");
        }
        return id;
    }
}
