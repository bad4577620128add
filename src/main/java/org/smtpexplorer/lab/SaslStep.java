package org.smtpexplorer.lab;

/** What the server side of a SASL mechanism wants next: send a challenge, or end in success or failure. */
sealed interface SaslStep {
    /** Send these bytes (base64-encoded) in a 334 reply and wait for the client's answer. */
    record Challenge(byte[] data) implements SaslStep {
    }

    /** Authenticated as {@code user}: reply 235. */
    record Success(String user) implements SaslStep {
    }

    /**
     * The exchange failed with this reply; {@code reason} is for the server log only, so the client learns no
     * more than the reply says.
     */
    record Failure(int code, String enhanced, String text, String reason) implements SaslStep {
        static Failure badCredentials(String reason) {
            return new Failure(535, "5.7.8", "Authentication credentials invalid", reason);
        }
    }
}
