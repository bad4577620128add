package org.smtpexplorer.transport;

import java.util.Set;

/**
 * Where a session pauses before a command goes out, and who decides there. The session proposes the command it
 * would send; {@link #decide} answers, blocking the session's thread until a person has. While any breakpoint is
 * set, the session pipelines nothing, so that each command pauses on its own and goes out alone.
 *
 * <p>A step pauses once, before its first command: AUTH before its first line (the lines answering the server's
 * challenges follow without a pause), BDAT before its first chunk, RCPT before each recipient. The RSET the session
 * sends itself to clean up after a refusal, and the QUIT that ends a failed or aborted session, never pause.
 */
public interface Breakpoints {

    /** The steps to pause before; read before each command, so a breakpoint set during a run counts from then. */
    Set<Step> steps();

    /** Blocks until a person decides on {@code proposal}; called on the session's thread. */
    BeforeSend decide(Proposal proposal);
}
