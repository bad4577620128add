package org.smtpexplorer.transport;

/**
 * The message a session sent (or began to send): its bytes as the source gives them, and how they went out.
 *
 * @param source                 the message, readable again (a composed message is a file)
 * @param transfer               "DATA" or "BDAT"
 * @param wireSize               its size on the wire, after line-end normalisation and before dot-stuffing
 * @param bareLineEndsSentAsCrlf bare CR or LF in the source that went out as CRLF (0 when the bytes went out
 *                               exactly as in the source)
 */
public record SentMessage(MessageSource source, String transfer, long wireSize, long bareLineEndsSentAsCrlf) {
}
