package org.smtpexplorer.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The accepted messages: numbered, the latest ones kept in memory, and with a maildir each also written as
 * N.eml (the exact bytes) and N.json (envelope and session facts). Numbering continues after the highest N already
 * in the maildir, so a restart never overwrites earlier messages.
 */
final class MessageStore {
    private static final Pattern EML = Pattern.compile("([0-9]{1,9})\\.eml");

    private final Path maildir;
    private final int keep;
    private final Deque<ReceivedMessage> kept = new ArrayDeque<>();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private int next = 1;

    MessageStore(Path maildir, int keep) throws IOException {
        this.maildir = maildir;
        this.keep = keep;
        if (maildir != null) {
            Files.createDirectories(maildir);
            try (Stream<Path> files = Files.list(maildir)) {
                next = files.map(p -> EML.matcher(p.getFileName().toString()))
                        .filter(Matcher::matches)
                        .mapToInt(m -> Integer.parseInt(m.group(1)))
                        .max().orElse(0) + 1;
            }
        }
    }

    /**
     * Numbers and keeps a message; with a maildir, writes it first.
     *
     * @throws IOException when the maildir cannot be written; then the message is not kept either
     */
    synchronized ReceivedMessage add(Instant at, SessionInfo session, Envelope envelope, Transfer transfer,
                                     List<Long> chunkSizes, byte[] content) throws IOException {
        ReceivedMessage m = new ReceivedMessage(next++, at, session, envelope, transfer, chunkSizes, content);
        if (maildir != null) {
            Files.write(maildir.resolve(m.number() + ".eml"), content);
            Files.write(maildir.resolve(m.number() + ".json"), json.writeValueAsBytes(m));
        }
        kept.addLast(m);
        while (kept.size() > keep) {
            kept.removeFirst();
        }
        return m;
    }

    synchronized List<ReceivedMessage> list() {
        return List.copyOf(kept);
    }
}
