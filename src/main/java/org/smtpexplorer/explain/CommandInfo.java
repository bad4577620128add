package org.smtpexplorer.explain;

import java.util.List;
import java.util.Objects;

/**
 * Structured facts about one SMTP command, as stored in {@code commands.json}.
 *
 * @param verb       the command verb in upper case, e.g. "RCPT"
 * @param title      short title, e.g. "RCPT TO: add a recipient"
 * @param summary    two or three sentences for a learner
 * @param syntax     the command's syntax, ABNF-like
 * @param legalIn    session states (engine names) in which a client may send it; for the commands the engine
 *                   sends, taken from its state table (SessionRules), not from the JSON
 * @param parameters its arguments and parameters, one line each
 * @param replies    replies it commonly gets, one line each, starting with the code
 * @param extension  the EHLO keyword that advertises it, or null for base SMTP commands
 * @param status     "standard", "experimental", "obsolete", "historic", "vendor" or "draft"
 * @param sources    where it is defined
 * @param seeAlso    related queries
 */
public record CommandInfo(String verb, String title, String summary, String syntax, List<String> legalIn,
                          List<String> parameters, List<String> replies, String extension, String status,
                          List<String> sources, List<String> seeAlso) {
    public CommandInfo {
        Objects.requireNonNull(verb, "verb");
        legalIn = legalIn == null ? List.of() : List.copyOf(legalIn);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        replies = replies == null ? List.of() : List.copyOf(replies);
        sources = sources == null ? List.of() : List.copyOf(sources);
        seeAlso = seeAlso == null ? List.of() : List.copyOf(seeAlso);
    }

    /** True when a client may send this command in the given engine state (case-insensitive). */
    public boolean legalIn(String state) {
        return state != null && legalIn.stream().anyMatch(s -> s.equalsIgnoreCase(state.trim()));
    }
}
