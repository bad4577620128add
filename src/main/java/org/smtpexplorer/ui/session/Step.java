package org.smtpexplorer.ui.session;

/** The buttons of the step bar, in session order. */
public enum Step {
    CONNECT("Connect"), EHLO("EHLO"), HELO("HELO"), STARTTLS("STARTTLS"), AUTH("AUTH"), MAIL("MAIL FROM"),
    RCPT("RCPT TO"), DATA("DATA"), BDAT("BDAT"), RSET("RSET"), NOOP("NOOP"), QUIT("QUIT");

    private final String label;

    Step(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
