package org.smtpexplorer.transport;

import java.util.List;
import org.smtpexplorer.engine.Redaction;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpException;

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

    /** The exact line proposed, secret included. */
    public String line() {
        return command.line();
    }

    /** The line carries an authentication secret, shown only when asked for. */
    public boolean hasSecret() {
        return command.hasSecret();
    }

    /** {@code line} as it may be shown without asking: an AUTH line's secret redacted, as the transcript does. */
    public static String redacted(String line) {
        try {
            return SmtpCommand.raw(line).redactedLine();
        } catch (SmtpException e) {
            return Redaction.MARK;
        }
    }

    /** Why {@code line} cannot be sent at all (a CR, LF or NUL would end it or smuggle a command), or null. */
    public static String unsendable(String line) {
        try {
            SmtpCommand.raw(line);
            return null;
        } catch (SmtpException e) {
            return e.getMessage();
        }
    }
}
