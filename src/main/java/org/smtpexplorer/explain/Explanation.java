package org.smtpexplorer.explain;

import java.util.List;
import java.util.Objects;

/**
 * One explanation for a learner: what a command, reply code, enhanced status code, EHLO extension,
 * SASL mechanism, MAIL/RCPT parameter or session state means.
 *
 * @param kind    one of {@link #COMMAND}, {@link #REPLY}, {@link #ENHANCED}, {@link #EXTENSION},
 *                {@link #MECHANISM}, {@link #PARAMETER}, {@link #STATE}
 * @param key     canonical key within the kind, e.g. "RCPT", "354", "5.7.1", "CHUNKING", "NOTIFY"
 * @param title   one-line title
 * @param text    the explanation; may contain line breaks between paragraphs or labelled lines
 * @param sources where it is defined, e.g. "RFC 5321 §4.1.1.1"
 * @param seeAlso related queries that {@link KnowledgeBase#explain(String)} understands
 */
public record Explanation(String kind, String key, String title, String text, List<String> sources,
                          List<String> seeAlso) {

    public static final String COMMAND = "command";
    public static final String REPLY = "reply";
    public static final String ENHANCED = "enhanced";
    public static final String EXTENSION = "extension";
    public static final String MECHANISM = "mechanism";
    public static final String PARAMETER = "parameter";
    public static final String STATE = "state";

    public Explanation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        sources = sources == null ? List.of() : List.copyOf(sources);
        seeAlso = seeAlso == null ? List.of() : List.copyOf(seeAlso);
    }
}
