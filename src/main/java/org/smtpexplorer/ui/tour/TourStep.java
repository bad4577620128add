package org.smtpexplorer.ui.tour;

import java.util.List;

/**
 * One stop of the guided tour, as written in tour.json.
 *
 * @param title     short name
 * @param scenario  lab scenario id
 * @param security  none, starttls, starttls-if-available or implicit
 * @param auth      "(none)", "auto" or a mechanism
 * @param to        recipients
 * @param bodyBytes when above 0, the body is made this long (e.g. to exceed SIZE)
 * @param chunkSize BDAT chunk size, 0 for the default
 * @param watch     what to look for in the transcript, for the learner
 * @param expect    text the transcript must contain once the step has run (used by the tour's test)
 */
public record TourStep(String title, String scenario, String security, String auth, List<String> to, int bodyBytes,
                       int chunkSize, String watch, String expect) {
}
