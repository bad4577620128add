package org.smtpexplorer.engine.auth;

import java.util.List;

/** One SASL mechanism's client side: challenges in, responses out, all as raw (not base64) bytes. */
public interface SaslMechanism {
    /** The name as in the AUTH command, e.g. "SCRAM-SHA-256". */
    String name();

    /** True when the password or token crosses the wire in a form an eavesdropper can use. */
    boolean sendsReusableSecret();

    /** The client's first message sent with AUTH, or null when the mechanism waits for the server. */
    byte[] initialResponse();

    /** The response to one 334 challenge. */
    byte[] respond(byte[] challenge);

    /**
     * Called when the server says 235. Mechanisms that authenticate the server too (SCRAM) throw here when the
     * server never proved itself.
     */
    default void succeeded() {
    }

    /**
     * Secret-free warnings raised while answering the last challenge (a weak parameter the server chose), for the
     * transcript; each is returned once.
     */
    default List<String> drainWarnings() {
        return List.of();
    }

    /** A readable, secret-free account of a server challenge, for the transcript; null when there is none. */
    default String describeChallenge(byte[] challenge) {
        return null;
    }
}
