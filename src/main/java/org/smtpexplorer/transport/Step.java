package org.smtpexplorer.transport;

import org.smtpexplorer.engine.Verb;

/** The steps of a session a person can take one at a time (the window's step buttons), in session order. */
public enum Step {
    CONNECT("Connect", null), EHLO("EHLO", Verb.EHLO), HELO("HELO", Verb.HELO), STARTTLS("STARTTLS", Verb.STARTTLS),
    AUTH("AUTH", Verb.AUTH), MAIL("MAIL FROM", Verb.MAIL), RCPT("RCPT TO", Verb.RCPT), DATA("DATA", Verb.DATA),
    BDAT("BDAT", Verb.BDAT), RSET("RSET", Verb.RSET), NOOP("NOOP", Verb.NOOP), QUIT("QUIT", Verb.QUIT);

    private final String label;
    private final Verb verb;

    Step(String label, Verb verb) {
        this.label = label;
        this.verb = verb;
    }

    /** The command the step sends; null for Connect. */
    public Verb verb() {
        return verb;
    }

    public String label() {
        return label;
    }
}
