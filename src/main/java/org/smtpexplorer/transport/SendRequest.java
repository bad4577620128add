package org.smtpexplorer.transport;

import java.util.ArrayList;
import java.util.List;
import org.smtpexplorer.engine.auth.Credentials;

/** Everything one send needs; the defaults are what a careful user would pick. */
public final class SendRequest {
    /** Where a run stops (then sends QUIT). */
    public enum Stop { CONNECT, GREETING, EHLO, TLS, AUTH, MAIL, RCPT, DATA, NONE }

    public enum Transfer { AUTO, DATA, BDAT }

    public enum Toggle { AUTO, ON, OFF }

    public enum Body { AUTO, SEVEN_BIT, EIGHT_BIT_MIME, BINARY_MIME }

    /** What happens to bare CR and bare LF in the message: made CRLF (the default), or kept for testing servers. */
    public enum LineEndings { NORMALISE, KEEP }

    public ConnectOptions connection;
    public String helo = "localhost";
    /** Mechanism name, "auto", or null for no AUTH. */
    public String authMechanism;
    public Credentials credentials;
    public boolean allowPlaintextAuth;
    public String from = "";
    public List<String> to = new ArrayList<>();
    public MessageSource message;
    /** When set, the envelope and the message are composed by it once the server's capabilities are known. */
    public MessageFactory messageFactory;
    public Transfer transfer = Transfer.AUTO;
    public int chunkSize = 1024 * 1024;
    public boolean pipelining = true;
    public Toggle smtpUtf8 = Toggle.AUTO;
    public Body body = Body.AUTO;
    public LineEndings lineEndings = LineEndings.NORMALISE;
    public String dsnNotify;
    public String dsnRet;
    public String envid;
    public boolean requireTls;
    public Stop quitAfter = Stop.NONE;
}
