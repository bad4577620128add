package org.smtpexplorer.lab;

/**
 * What the server knew about the session when a message was accepted.
 *
 * @param session     the session number, as in the server log
 * @param client      the client's address and port
 * @param helo        the name the client gave in its last HELO or EHLO
 * @param esmtp       true when that was EHLO
 * @param tls         true when the session was inside TLS
 * @param tlsProtocol e.g. "TLSv1.3"; null without TLS
 * @param tlsCipher   the cipher suite; null without TLS
 * @param authUser    the user authenticated with AUTH; null when none
 */
public record SessionInfo(int session, String client, String helo, boolean esmtp, boolean tls, String tlsProtocol,
                          String tlsCipher, String authUser) {
}
