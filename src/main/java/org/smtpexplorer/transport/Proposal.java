package org.smtpexplorer.transport;

import java.util.List;
import org.smtpexplorer.engine.SmtpCommand;

/**
 * The command a session is about to send, held at a breakpoint for a person to decide on ({@link BeforeSend}).
 *
 * @param step        the step it belongs to
 * @param command     the command as the session would send it; its {@link SmtpCommand#redactedLine()} is what may be
 *                    shown without asking (an AUTH line carries a secret)
 * @param problems    why the engine would refuse it now (empty when it is in sequence): after a skip, the next command
 *                    may be out of sequence, and sending it anyway is the person's choice
 * @param notEditable why it can only be sent as it is, skipped or aborted (STARTTLS is followed by the handshake, a
 *                    BDAT line announces the bytes that follow it); null when it may be edited
 */
public record Proposal(Step step, SmtpCommand command, List<String> problems, String notEditable) {

    public Proposal {
        problems = List.copyOf(problems);
    }

    public boolean editable() {
        return notEditable == null;
    }
}
