package org.smtpexplorer.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileStoreTest {
    @Test
    void savesReplacesDeletesAndNeverWritesAPassword(@TempDir Path dir) throws Exception {
        ProfileStore store = new ProfileStore(dir.resolve("sub/profiles.json"));
        assertThat(store.load()).allMatch(Profile::builtIn).anyMatch(p -> p.port() == 2587);
        Profile p = new Profile("work", "mail.example.net", 587, "starttls", "me", "auto", "me@example.net", "",
                false, false, false);
        store.save(p);
        store.save(new Profile("work", "mail.example.net", 465, "implicit", "me", "auto", "me@example.net", "",
                false, false, false));
        assertThat(store.load()).filteredOn(x -> !x.builtIn()).singleElement()
                .extracting(Profile::port).isEqualTo(465);
        String json = Files.readString(dir.resolve("sub/profiles.json"));
        assertThat(json).doesNotContainIgnoringCase("password\"");
        store.delete("work");
        assertThat(store.load()).allMatch(Profile::builtIn);
        assertThatThrownBy(() -> store.save(ProfileStore.builtIns().get(0))).hasMessageContaining("built-in");
        Files.writeString(dir.resolve("sub/profiles.json"), "{not json");
        assertThatThrownBy(store::load).hasMessageContaining("cannot read saved profiles");
    }
}
