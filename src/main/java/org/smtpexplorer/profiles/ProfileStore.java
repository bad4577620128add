package org.smtpexplorer.profiles;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.smtpexplorer.AtomicReplace;

/**
 * Profiles in one JSON file (profiles.json in the app data folder), written atomically. The built-in examples come
 * first and are never written.
 */
public final class ProfileStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path file;

    public ProfileStore(Path file) {
        this.file = file;
    }

    /** The examples: the real Postfix that src/test/interop/postfix-lab.sh starts on loopback. */
    public static List<Profile> builtIns() {
        return List.of(
                new Profile("Local Postfix: submission (interop script)", "127.0.0.1", 2587, "starttls",
                        "explorer.local", "auto", "alice@example.com", "/tmp/smtpx-interop/tls/ca.pem", false,
                        false, true),
                new Profile("Local Postfix: relay (interop script)", "127.0.0.1", 2525, "starttls-if-available",
                        "explorer.local", "(none)", "", "/tmp/smtpx-interop/tls/ca.pem", false, false, true),
                new Profile("Local Postfix: implicit TLS (interop script)", "127.0.0.1", 2465, "implicit",
                        "explorer.local", "auto", "alice@example.com", "/tmp/smtpx-interop/tls/ca.pem", false,
                        false, true));
    }

    /** Built-ins first, then the saved ones; a missing file is no profiles, an unreadable one an error. */
    public List<Profile> load() throws IOException {
        List<Profile> all = new ArrayList<>(builtIns());
        all.addAll(saved());
        return all;
    }

    private List<Profile> saved() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Profile>>() { });
        } catch (IOException e) {
            throw new IOException("cannot read saved profiles from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Saves (or replaces, by name) one profile. */
    public void save(Profile profile) throws IOException {
        if (profile.builtIn()) {
            throw new IllegalArgumentException("built-in profiles are not saved");
        }
        if (profile.name() == null || profile.name().isBlank()) {
            throw new IllegalArgumentException("a profile needs a name");
        }
        List<Profile> list = new ArrayList<>(saved());
        list.removeIf(p -> p.name().equals(profile.name()));
        list.add(profile);
        write(list);
    }

    public void delete(String name) throws IOException {
        List<Profile> list = new ArrayList<>(saved());
        if (list.removeIf(p -> p.name().equals(name))) {
            write(list);
        }
    }

    private void write(List<Profile> list) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), list);
        AtomicReplace.move(tmp, file);
    }
}
