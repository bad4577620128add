package org.smtpexplorer.cli;

import java.util.List;
import java.util.Optional;
import org.smtpexplorer.explain.Explanation;
import org.smtpexplorer.explain.KnowledgeBase;
import org.smtpexplorer.transcript.TranscriptEntry;

/** The one-line explanation `smtpx send --explain` prints under a command or reply. */
final class Annotator {
    private final KnowledgeBase kb = KnowledgeBase.load();

    Optional<String> annotate(TranscriptEntry e) {
        List<Explanation> xs = kb.explain(e);
        if (xs.isEmpty() || xs.get(0).kind().equals(Explanation.ENHANCED)) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder("  ^ ").append(line(xs.get(0)));
        if (xs.size() > 1 && e instanceof TranscriptEntry.Reply r) {
            sb.append("\n  ^ ").append(r.enhanced()).append(": ").append(line(xs.get(1)));
        }
        return Optional.of(sb.toString());
    }

    private static String line(Explanation x) {
        return x.title() + (x.sources().isEmpty() ? "" : " (" + x.sources().get(0) + ")");
    }
}
