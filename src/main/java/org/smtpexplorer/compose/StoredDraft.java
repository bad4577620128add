package org.smtpexplorer.compose;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A draft as kept by {@link DraftStore}.
 *
 * @param id      names the file; pass it back to save over the same draft
 * @param savedAt when it was last saved
 * @param draft   the draft
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredDraft(String id, Instant savedAt, Draft draft) {
}
