package org.smtpexplorer.compose;

import java.util.stream.Collectors;

/** The draft cannot be turned into a message; {@link #problems()} names each field and the rule it breaks. */
public final class InvalidDraftException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Problems problems;

    public InvalidDraftException(Problems problems) {
        super(problems.of(Problem.Severity.INVALID).stream().map(p -> p.field() + ": " + p.message())
                .collect(Collectors.joining("; ")));
        this.problems = problems;
    }

    /** Every problem found, the invalid ones and any others. */
    public Problems problems() {
        return problems;
    }
}
