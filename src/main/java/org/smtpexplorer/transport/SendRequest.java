package org.smtpexplorer.transport;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.smtpexplorer.engine.auth.Credentials;

/**
 * Everything one session needs, as an immutable value: read from the form or the command line once, then passed
 * along; a change is a copy ({@link #with}, {@link #toBuilder()}), so no two parties (or threads) ever change the
 * same request. The defaults ({@link #defaults()}) are what a careful user would pick.
 *
 * @param connection         where and how to connect
 * @param helo               the name for EHLO and HELO
 * @param authMechanism      mechanism name, "auto", or null for no AUTH
 * @param credentials        user and password for AUTH, or null
 * @param allowPlaintextAuth PLAIN, LOGIN and tokens may go without TLS
 * @param from               the envelope sender ("" for the null sender)
 * @param to                 the envelope recipients
 * @param message            the message, or null (not needed before DATA, or made by {@code messageFactory})
 * @param messageFactory     when set, composes the envelope and the message once the server is known
 * @param transfer           DATA, BDAT, or the best the server offers
 * @param chunkSize          BDAT chunk size in bytes; 0 (the default) to let the plan choose: the whole message in
 *                           one chunk, or growing chunks behind a pipelined envelope ({@link SendingPlan#nextChunk})
 * @param pipelining         pipeline when the server offers PIPELINING
 * @param smtpUtf8           SMTPUTF8: when needed and offered, always, or never
 * @param body               the BODY= parameter, or decided from the message
 * @param lineEndings        bare CR and LF made CRLF, or kept (BDAT only)
 * @param dsnNotify          DSN NOTIFY=, or null
 * @param dsnRet             DSN RET=, or null
 * @param envid              DSN ENVID= as plain text (encoded as xtext when sent), or null
 * @param requireTls         MAIL carries REQUIRETLS
 * @param quitAfter          where a run stops (then sends QUIT)
 */
public record SendRequest(ConnectOptions connection, String helo, String authMechanism, Credentials credentials,
                          boolean allowPlaintextAuth, String from, List<String> to, MessageSource message,
                          MessageFactory messageFactory, Transfer transfer, int chunkSize, boolean pipelining,
                          Toggle smtpUtf8, Body body, LineEndings lineEndings, String dsnNotify, String dsnRet,
                          String envid, boolean requireTls, Stop quitAfter) {

    /** Where a run stops (then sends QUIT). */
    public enum Stop { CONNECT, GREETING, EHLO, TLS, AUTH, MAIL, RCPT, DATA, NONE }

    public enum Transfer { AUTO, DATA, BDAT }

    public enum Toggle { AUTO, ON, OFF }

    public enum Body { AUTO, SEVEN_BIT, EIGHT_BIT_MIME, BINARY_MIME }

    /** What happens to bare CR and bare LF in the message: made CRLF (the default), or kept for testing servers. */
    public enum LineEndings { NORMALISE, KEEP }

    public SendRequest {
        Objects.requireNonNull(helo, "helo");
        Objects.requireNonNull(from, "from");
        to = List.copyOf(to);
        Objects.requireNonNull(transfer, "transfer");
        Objects.requireNonNull(smtpUtf8, "smtpUtf8");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(lineEndings, "lineEndings");
        Objects.requireNonNull(quitAfter, "quitAfter");
    }

    /** A request with no connection yet and every option at its default. */
    public static SendRequest defaults() {
        return new SendRequest(null, "localhost", null, null, false, "", List.of(), null, null, Transfer.AUTO,
                0, true, Toggle.AUTO, Body.AUTO, LineEndings.NORMALISE, null, null, null, false,
                Stop.NONE);
    }

    /** The defaults, connecting as {@code connection} says. */
    public static SendRequest of(ConnectOptions connection) {
        return defaults().with(b -> b.connection(connection));
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from this request. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with what {@code change} sets: {@code request.with(b -> b.from("a@example.com"))}. */
    public SendRequest with(UnaryOperator<Builder> change) {
        return change.apply(toBuilder()).build();
    }

    /** Builds a request field by field; {@link #build()} checks it. */
    public static final class Builder {
        private ConnectOptions connection;
        private String helo;
        private String authMechanism;
        private Credentials credentials;
        private boolean allowPlaintextAuth;
        private String from;
        private List<String> to;
        private MessageSource message;
        private MessageFactory messageFactory;
        private Transfer transfer;
        private int chunkSize;
        private boolean pipelining;
        private Toggle smtpUtf8;
        private Body body;
        private LineEndings lineEndings;
        private String dsnNotify;
        private String dsnRet;
        private String envid;
        private boolean requireTls;
        private Stop quitAfter;

        private Builder(SendRequest r) {
            connection = r.connection;
            helo = r.helo;
            authMechanism = r.authMechanism;
            credentials = r.credentials;
            allowPlaintextAuth = r.allowPlaintextAuth;
            from = r.from;
            to = r.to;
            message = r.message;
            messageFactory = r.messageFactory;
            transfer = r.transfer;
            chunkSize = r.chunkSize;
            pipelining = r.pipelining;
            smtpUtf8 = r.smtpUtf8;
            body = r.body;
            lineEndings = r.lineEndings;
            dsnNotify = r.dsnNotify;
            dsnRet = r.dsnRet;
            envid = r.envid;
            requireTls = r.requireTls;
            quitAfter = r.quitAfter;
        }

        public Builder connection(ConnectOptions v) {
            connection = v;
            return this;
        }

        public Builder helo(String v) {
            helo = v;
            return this;
        }

        public Builder authMechanism(String v) {
            authMechanism = v;
            return this;
        }

        public Builder credentials(Credentials v) {
            credentials = v;
            return this;
        }

        public Builder allowPlaintextAuth(boolean v) {
            allowPlaintextAuth = v;
            return this;
        }

        public Builder from(String v) {
            from = v;
            return this;
        }

        public Builder to(List<String> v) {
            to = v;
            return this;
        }

        public Builder message(MessageSource v) {
            message = v;
            return this;
        }

        public Builder messageFactory(MessageFactory v) {
            messageFactory = v;
            return this;
        }

        public Builder transfer(Transfer v) {
            transfer = v;
            return this;
        }

        public Builder chunkSize(int v) {
            chunkSize = v;
            return this;
        }

        public Builder pipelining(boolean v) {
            pipelining = v;
            return this;
        }

        public Builder smtpUtf8(Toggle v) {
            smtpUtf8 = v;
            return this;
        }

        public Builder body(Body v) {
            body = v;
            return this;
        }

        public Builder lineEndings(LineEndings v) {
            lineEndings = v;
            return this;
        }

        public Builder dsnNotify(String v) {
            dsnNotify = v;
            return this;
        }

        public Builder dsnRet(String v) {
            dsnRet = v;
            return this;
        }

        public Builder envid(String v) {
            envid = v;
            return this;
        }

        public Builder requireTls(boolean v) {
            requireTls = v;
            return this;
        }

        public Builder quitAfter(Stop v) {
            quitAfter = v;
            return this;
        }

        public SendRequest build() {
            return new SendRequest(connection, helo, authMechanism, credentials, allowPlaintextAuth, from, to,
                    message, messageFactory, transfer, chunkSize, pipelining, smtpUtf8, body, lineEndings, dsnNotify,
                    dsnRet, envid, requireTls, quitAfter);
        }
    }

    /** Credentials are secret: never in a string. */
    @Override
    public String toString() {
        return "SendRequest[" + (connection == null ? "no connection" : connection.host() + ":" + connection.port())
                + ", from <" + from + ">, " + to.size() + " recipient(s)" + (authMechanism == null ? ""
                : ", AUTH " + authMechanism) + "]";
    }
}
