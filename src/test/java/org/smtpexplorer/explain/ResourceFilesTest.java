package org.smtpexplorer.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON files parse, keys are unique within a kind, and every entry is filled in. */
class ResourceFilesTest {

    /** file -> (array field -> key field) for every kind of entry. */
    private static final Map<String, Map<String, String>> KEYS = Map.of(
            "commands.json", Map.of("commands", "verb"),
            "replies.json", Map.of("classes", "key", "categories", "key", "codes", "code"),
            "enhanced-status.json", Map.of("classes", "code", "subjects", "subject", "details", "code"),
            "extensions.json", Map.of("extensions", "keyword"),
            "mechanisms.json", Map.of("mechanisms", "name"),
            "parameters.json", Map.of("parameters", "name"),
            "states.json", Map.of("states", "name"));

    private static final Set<String> STATUSES = Set.of("standard", "experimental", "obsolete", "historic", "legacy",
            "vendor", "draft");
    private static final Pattern RFC = Pattern.compile("RFC \\d+");

    private static JsonNode tree(String file) throws IOException {
        try (InputStream in = KnowledgeBase.class.getResourceAsStream(file)) {
            assertThat(in).as(file + " is on the class path").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void theTestCoversEveryResourceFile() {
        assertThat(KEYS.keySet()).containsExactlyInAnyOrderElementsOf(KnowledgeBase.RESOURCE_FILES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"commands.json", "replies.json", "enhanced-status.json", "extensions.json",
            "mechanisms.json", "parameters.json", "states.json"})
    void fileParsesAndKeysAreUniqueWithinEachKind(String file) throws IOException {
        JsonNode root = tree(file);
        assertThat(root.isObject()).isTrue();
        Set<String> fields = new HashSet<>();
        root.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as(file + " has exactly the expected arrays")
                .containsExactlyInAnyOrderElementsOf(KEYS.get(file).keySet());
        for (var kind : KEYS.get(file).entrySet()) {
            JsonNode array = root.get(kind.getKey());
            assertThat(array.isArray()).isTrue();
            assertThat(array.size()).as(file + " " + kind.getKey() + " is not empty").isPositive();
            List<String> keys = new ArrayList<>();
            for (JsonNode entry : array) {
                JsonNode key = entry.get(kind.getValue());
                assertThat(key).as(file + ": entry without " + kind.getValue() + ": " + entry).isNotNull();
                keys.add(key.asText().toUpperCase(Locale.ROOT));
            }
            assertThat(keys).as(file + " " + kind.getKey() + " keys are unique (case-insensitively)")
                    .doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"commands.json", "replies.json", "enhanced-status.json", "extensions.json",
            "mechanisms.json", "parameters.json", "states.json"})
    void everyEntryHasTitleSummaryAndSources(String file) throws IOException {
        JsonNode root = tree(file);
        for (var kind : KEYS.get(file).entrySet()) {
            for (JsonNode entry : root.get(kind.getKey())) {
                String where = file + " " + entry.get(kind.getValue());
                assertThat(entry.path("title").asText()).as(where + " title").isNotBlank();
                assertThat(entry.path("summary").asText()).as(where + " summary").isNotBlank();
                JsonNode sources = entry.path("sources");
                assertThat(sources.isArray() && sources.size() > 0).as(where + " has sources").isTrue();
                sources.forEach(s -> assertThat(s.asText()).as(where + " source").isNotBlank());
                if (entry.has("status")) {
                    String status = entry.get("status").asText();
                    assertThat(STATUSES).as(where + " status").contains(status);
                    if (!status.equals("vendor") && !status.equals("draft")) {
                        assertThat(sources).as(where + " is from an RFC, so it cites one")
                                .anySatisfy(s -> assertThat(RFC.matcher(s.asText()).find()).isTrue());
                    }
                }
            }
        }
    }

    @Test
    void summariesAreShort() throws IOException {
        for (String file : KEYS.keySet()) {
            JsonNode root = tree(file);
            for (var kind : KEYS.get(file).entrySet()) {
                for (JsonNode entry : root.get(kind.getKey())) {
                    String summary = entry.path("summary").asText();
                    long sentences = summary.split("(?<=[.!?])\\s+(?=[A-Z(\"])").length;
                    assertThat(sentences).as(file + " " + entry.get(kind.getValue()) + ": " + summary)
                            .isBetween(1L, 4L);
                }
            }
        }
    }

    @Test
    void typedLoadingMatchesTheRawFiles() throws IOException {
        KnowledgeBase kb = KnowledgeBase.load();
        assertThat(kb.commandVerbs()).hasSize(tree("commands.json").get("commands").size());
        assertThat(kb.extensionKeywords()).hasSize(tree("extensions.json").get("extensions").size());
        assertThat(kb.mechanismNames()).hasSize(tree("mechanisms.json").get("mechanisms").size());
        assertThat(kb.parameterNames()).hasSize(tree("parameters.json").get("parameters").size());
        assertThat(kb.replyCodes()).hasSize(tree("replies.json").get("codes").size());
        assertThat(kb.enhancedDetailCodes()).hasSize(tree("enhanced-status.json").get("details").size());
        assertThat(kb.all(Explanation.STATE)).hasSize(tree("states.json").get("states").size());
    }

    @Test
    void strictMapperRejectsUnknownFields() {
        ObjectMapper strict = KnowledgeBase.mapper();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> strict.readValue(
                        "{\"states\":[{\"name\":\"X\",\"title\":\"t\",\"summary\":\"s\",\"sorces\":[]}]}",
                        Entries.StateFile.class))
                .isInstanceOf(IOException.class);
    }
}
