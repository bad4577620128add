package org.smtpexplorer.engine;

/** Classes of failure, each with the process exit code that `smtpx` uses for it. */
public enum FailureClass {
    USAGE(2, "usage error"),
    CONNECT(3, "could not connect"),
    TLS(4, "TLS failure"),
    AUTH(5, "authentication failed"),
    REJECTED(6, "rejected by the server"),
    PROTOCOL(7, "protocol violation by the server"),
    TIMEOUT(8, "timed out"),
    REFUSED_LOCALLY(9, "refused before sending"),
    IO(10, "connection lost"),
    UNKNOWN_OUTCOME(11, "outcome unknown: the message may have been delivered");

    private final int exitCode;
    private final String summary;

    FailureClass(int exitCode, String summary) {
        this.exitCode = exitCode;
        this.summary = summary;
    }

    public int exitCode() {
        return exitCode;
    }

    public String summary() {
        return summary;
    }
}
