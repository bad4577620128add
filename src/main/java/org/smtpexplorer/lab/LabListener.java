package org.smtpexplorer.lab;

/**
 * Told about what happens in the lab server. Called on the session's own thread, so an implementation must be
 * quick and must hand work for a UI over to the UI thread itself. An exception thrown here is ignored.
 */
public interface LabListener {
    /** A message was accepted and stored. */
    default void messageReceived(ReceivedMessage message) {
    }

    /** A line was added to the server log. */
    default void logged(LogLine line) {
    }
}
