package org.smtpexplorer.cli;

import java.util.Optional;
import org.smtpexplorer.explain.Explanation;
import org.smtpexplorer.explain.KnowledgeBase;
import org.smtpexplorer.transcript.TranscriptEntry;

/** The one-line explanation `smtpx send --explain` prints under a command or reply. */
final class Annotator {
    private final KnowledgeBase kb = KnowledgeBase.load();

    Optional<String> annotate(TranscriptEntry e) {
        Optional<Explanation> x = switch (e.kind()) {
            case CLIENT -> e.verb() == null || e.verb().equals("RAW") || e.verb().equals("AUTH_RESPONSE")
                    ? Optional.empty() : kb.command(e.verb());
            case SERVER -> e.code() == null ? Optional.empty()
                    : kb.replyCode(e.code(), e.verb() == null ? null
                    : e.verb().equals("END_OF_DATA") ? KnowledgeBase.END_OF_DATA : e.verb());
            default -> Optional.empty();
        };
        if (x.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder("  ^ ").append(line(x.get()));
        if (e.enhanced() != null) {
            kb.enhancedStatus(e.enhanced()).ifPresent(en -> sb.append("\n  ^ ").append(e.enhanced()).append(": ")
                    .append(line(en)));
        }
        return Optional.of(sb.toString());
    }

    private static String line(Explanation x) {
        return x.title() + (x.sources().isEmpty() ? "" : " (" + x.sources().get(0) + ")");
    }
}
