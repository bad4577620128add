package org.smtpexplorer.engine;

/** Every failure the engine and its transport report: a message for people plus a machine-readable class. */
public class SmtpException extends RuntimeException {
    private final FailureClass failureClass;
    private final transient SmtpReply reply;

    public SmtpException(FailureClass failureClass, String message) {
        this(failureClass, message, null, null);
    }

    public SmtpException(FailureClass failureClass, String message, SmtpReply reply) {
        this(failureClass, message, reply, null);
    }

    public SmtpException(FailureClass failureClass, String message, SmtpReply reply, Throwable cause) {
        super(message, cause);
        this.failureClass = failureClass;
        this.reply = reply;
    }

    public FailureClass failureClass() {
        return failureClass;
    }

    /** The server reply that caused this failure, or null when it was not a reply. */
    public SmtpReply reply() {
        return reply;
    }

    public static SmtpException protocol(String message) {
        return new SmtpException(FailureClass.PROTOCOL, message);
    }

    public static SmtpException refused(String message) {
        return new SmtpException(FailureClass.REFUSED_LOCALLY, message);
    }
}
