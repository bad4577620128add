package org.smtpexplorer.transport;

import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;

/** A person aborted the session at a breakpoint: the proposed command was not sent, and the session ends with QUIT. */
public final class AbortedAtBreakpoint extends SmtpException {
    private final Step step;

    public AbortedAtBreakpoint(Step step) {
        super(FailureClass.REFUSED_LOCALLY, "aborted at the breakpoint before " + step.label() + ": it was not sent,"
                + " and the session ends with QUIT");
        this.step = step;
    }

    public Step step() {
        return step;
    }
}
