package org.smtpexplorer.engine;

/**
 * A reply matched to the command it answers.
 *
 * @param command the command (verb CONNECT for the greeting), or null for an unsolicited 421
 * @param reply   the reply
 * @param flight  the pipelined flight the command went out in; every command has one, even alone
 * @param before  session state before the reply
 * @param after   session state after it
 */
public record Exchange(SmtpCommand command, SmtpReply reply, int flight, SessionState before, SessionState after) {
}
