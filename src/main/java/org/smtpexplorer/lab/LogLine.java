package org.smtpexplorer.lab;

import java.time.Instant;

/**
 * One line of the server's side of a conversation.
 *
 * @param session   the session number
 * @param at        when the server read, sent or noted it
 * @param direction received from the client, sent to it, or a note by the server
 * @param text      the line without its terminator; AUTH secrets are replaced by a marker
 */
public record LogLine(int session, Instant at, Direction direction, String text) {

    /** Which way a line went. */
    public enum Direction {
        /** Client to server. */
        RECEIVED("C:"),
        /** Server to client. */
        SENT("S:"),
        /** The server's own remark: TLS established, message stored, connection dropped, ... */
        NOTE("--");

        private final String prefix;

        Direction(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    @Override
    public String toString() {
        return "[" + session + "] " + direction.prefix() + " " + text;
    }
}
