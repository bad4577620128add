package org.smtpexplorer.compose;

import java.util.ArrayList;
import java.util.List;

/** The problems and decisions found while checking or composing a draft, in the order found. */
public record Problems(List<Problem> all) {

    public Problems {
        all = List.copyOf(all);
    }

    public List<Problem> of(Problem.Severity severity) {
        return all.stream().filter(p -> p.severity() == severity).toList();
    }

    /** The problems about one field, for highlighting it. */
    public List<Problem> about(String field) {
        return all.stream().filter(p -> p.field().equals(field)).toList();
    }

    /** True when the message cannot be sent as it stands (a blocking or invalid problem). */
    public boolean blocksSending() {
        return all.stream().anyMatch(p -> p.severity().compareTo(Problem.Severity.BLOCKING) >= 0);
    }

    public boolean hasInvalid() {
        return all.stream().anyMatch(p -> p.severity() == Problem.Severity.INVALID);
    }

    Problems plus(List<Problem> more) {
        List<Problem> out = new ArrayList<>(all);
        out.addAll(more);
        return new Problems(out);
    }
}
