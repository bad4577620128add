package org.smtpexplorer.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.IDN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.smtpexplorer.engine.Addresses;
import org.smtpexplorer.engine.BodyType;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.engine.DotStuffer;
import org.smtpexplorer.engine.Exchange;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.MailParameters;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.SmtpReply;
import org.smtpexplorer.engine.Verb;
import org.smtpexplorer.engine.auth.AuthExchange;
import org.smtpexplorer.engine.auth.Mechanisms;
import org.smtpexplorer.transcript.Transcript;

/**
 * Runs a whole session for one message: greeting, EHLO (HELO fallback), STARTTLS and EHLO again, AUTH, the
 * envelope (pipelined when offered), DATA or BDAT, QUIT. Used by {@code smtpx send} and the app's "Run to end".
 */
public final class MessageSender {
    private static final int PREVIEW_BYTES = 2048;

    private final SendRequest request;
    private final Transcript transcript;
    private volatile SmtpConnection connection;
    private volatile ProgressListener progress = (sent, total) -> { };

    /** Told how many message bytes have gone out. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(long sent, long total);
    }

    public MessageSender(SendRequest request, Transcript transcript) {
        this.request = request;
        this.transcript = transcript;
    }

    public void onProgress(ProgressListener listener) {
        this.progress = listener;
    }

    /** Cancels from any thread. */
    public void cancel() {
        SmtpConnection c = connection;
        if (c != null) {
            c.cancel();
        }
    }

    public SendResult send() {
        List<SendResult.RecipientResult> recipients = new ArrayList<>();
        try {
            validateUpFront();
            connection = SmtpConnection.open(request.connection, transcript);
            if (request.quitAfter == SendRequest.Stop.CONNECT) {
                connection.close();
                return stopped(recipients);
            }
            greeting();
            if (request.quitAfter == SendRequest.Stop.GREETING) {
                return quit(stopped(recipients));
            }
            hello();
            if (request.quitAfter == SendRequest.Stop.EHLO) {
                return quit(stopped(recipients));
            }
            secure();
            if (request.quitAfter == SendRequest.Stop.TLS) {
                return quit(stopped(recipients));
            }
            authenticate();
            if (request.quitAfter == SendRequest.Stop.AUTH) {
                return quit(stopped(recipients));
            }
            return quit(transaction(recipients));
        } catch (SmtpException e) {
            recordFailure(e);
            if (connection != null) {
                connection.quitQuietly();
            }
            SendResult.Status status = e.failureClass() == FailureClass.UNKNOWN_OUTCOME
                    ? SendResult.Status.UNKNOWN : SendResult.Status.FAILED;
            return new SendResult(status, recipients, null, e, tls());
        }
    }

    /** The connection, once {@link #connect()} or {@link #send()} opened it. */
    public SmtpConnection connection() {
        return connection;
    }

    /** Step: opens the connection (no greeting read yet). */
    public SmtpConnection connect() {
        connection = SmtpConnection.open(request.connection, transcript);
        return connection;
    }

    /** Step: reads the greeting; anything but 220 is a rejection. */
    public Exchange greeting() {
        Exchange greeting = connection.readGreeting();
        if (greeting.reply().code() != 220) {
            throw rejected("the server refused the session at its greeting", greeting.reply());
        }
        return greeting;
    }

    /** Puts the failure in the transcript, unless the connection already did when it failed. */
    private void recordFailure(SmtpException e) {
        List<org.smtpexplorer.transcript.TranscriptEntry> entries = transcript.since(Math.max(0, transcript.size() - 3));
        boolean recorded = entries.stream().anyMatch(x -> x.kind() == org.smtpexplorer.transcript.EntryKind.ERROR
                && e.getMessage().equals(x.text()));
        if (!recorded) {
            transcript.error(e.getMessage(), e.failureClass().name());
        }
    }

    private TlsInfo tls() {
        return connection == null ? null : connection.tlsInfo();
    }

    private SendResult stopped(List<SendResult.RecipientResult> recipients) {
        transcript.note("Stopped after " + request.quitAfter.name().toLowerCase() + ", as asked");
        return new SendResult(SendResult.Status.STOPPED, recipients, null, null, tls());
    }

    private SendResult quit(SendResult result) {
        connection.quitQuietly();
        return result;
    }

    private void validateUpFront() {
        if (request.quitAfter.ordinal() > SendRequest.Stop.AUTH.ordinal()) {
            Addresses.checkPath("sender", request.from, true);
            if (request.to.isEmpty()) {
                throw SmtpException.refused("no recipient: give at least one");
            }
            for (String r : request.to) {
                Addresses.checkPath("recipient", r, false);
            }
            if (request.message == null && request.quitAfter.ordinal() > SendRequest.Stop.RCPT.ordinal()) {
                throw SmtpException.refused("no message to send");
            }
        }
        if (request.chunkSize < 1) {
            throw SmtpException.refused("chunk size must be at least 1 byte");
        }
    }

    /** Step: EHLO, falling back to HELO after 500 or 502. */
    public void hello() {
        Exchange ehlo = connection.execute(SmtpCommand.ehlo(request.helo));
        int code = ehlo.reply().code();
        if (code == 500 || code == 502) {
            transcript.note("EHLO not understood (" + code + "): falling back to HELO, without any extension"
                    + " (RFC 5321 §3.2)");
            Exchange helo = connection.execute(SmtpCommand.helo(request.helo));
            if (!helo.reply().isPositive()) {
                throw rejected("the server refused HELO", helo.reply());
            }
        } else if (!ehlo.reply().isPositive()) {
            throw rejected("the server refused EHLO", ehlo.reply());
        }
        for (String w : connection.protocol().capabilities().warnings()) {
            transcript.note("EHLO: " + w);
        }
    }

    /** Step: STARTTLS and EHLO again, as the security mode asks. */
    public void secure() {
        SecurityMode mode = request.connection.security();
        if (mode == SecurityMode.NONE || mode == SecurityMode.IMPLICIT) {
            return;
        }
        Capabilities caps = connection.protocol().capabilities();
        if (!caps.startTls()) {
            if (mode == SecurityMode.STARTTLS) {
                throw new SmtpException(FailureClass.TLS, "the server does not offer STARTTLS and TLS is required;"
                        + " nothing more is sent (if it usually does, something may be stripping it)");
            }
            transcript.note("The server does not offer STARTTLS: continuing without TLS (starttls-if-available)");
            return;
        }
        Exchange x = connection.startTls();
        if (x.reply().code() != 220) {
            boolean closing = x.reply().code() == 421;
            if (mode == SecurityMode.STARTTLS || closing) {
                throw new SmtpException(FailureClass.TLS, "STARTTLS refused: " + x.reply().summary()
                        + (closing ? "; the server is closing the session" : "; TLS is required, so nothing more is"
                        + " sent"), x.reply());
            }
            transcript.note("STARTTLS refused (" + x.reply().summary() + "): continuing without TLS");
            return;
        }
        transcript.note("Capabilities from before TLS are discarded; EHLO again (RFC 3207 §4.2)");
        hello();
    }

    /** Step: AUTH with the requested (or the strongest offered) mechanism; nothing when no AUTH was asked. */
    public void authenticate() {
        if (request.authMechanism == null) {
            return;
        }
        if (request.credentials == null) {
            throw SmtpException.refused("AUTH needs a user name and a password");
        }
        Set<String> offered = connection.protocol().capabilities().authMechanisms();
        String mech = request.authMechanism;
        if (mech.equalsIgnoreCase("auto")) {
            mech = Mechanisms.choose(offered).orElseThrow(() -> new SmtpException(FailureClass.AUTH, offered.isEmpty()
                    ? "the server offers no AUTH here" + (connection.protocol().isTls() ? ""
                    : " (many servers offer it only after STARTTLS)")
                    : "none of the offered mechanisms (" + String.join(" ", offered) + ") is supported"));
            transcript.note("AUTH auto: chose " + mech + " from " + String.join(" ", offered));
        }
        AuthExchange auth = AuthExchange.create(Mechanisms.create(mech, request.credentials,
                request.connection.host(), request.connection.port()), connection.protocol().isTls(),
                request.allowPlaintextAuth);
        if (!connection.protocol().isTls()) {
            transcript.note("Warning: authenticating without TLS, as explicitly allowed");
        }
        SmtpCommand next = auth.start();
        int notesShown = 0;
        while (next != null) {
            Exchange x = connection.execute(next);
            try {
                next = auth.onReply(x.reply());
            } finally {
                for (String n : auth.notes().subList(notesShown, auth.notes().size())) {
                    transcript.note(n);
                }
                notesShown = auth.notes().size();
            }
        }
        transcript.note("Authenticated as " + request.credentials.username() + " with " + mech);
    }

    /** What the envelope will carry, decided from the message and the server's capabilities. */
    private record Plan(boolean utf8, BodyType body, boolean bdat, long size) {
    }

    private Plan plan() {
        Capabilities caps = connection.protocol().capabilities();
        MessageTraits traits = request.message == null ? new MessageTraits(false, false, false, 0)
                : request.message.traits();
        long size = request.message == null ? 0 : request.message.size();
        BodyType body = bodyType(caps, traits);
        Plan plan = new Plan(useSmtpUtf8(caps, traits), body, useBdat(caps, body), size);
        if (caps.sizeLimit().isPresent() && size > caps.sizeLimit().getAsLong()) {
            throw SmtpException.refused("the message is " + size + " bytes and the server's SIZE limit is "
                    + caps.sizeLimit().getAsLong() + " bytes; it was not sent");
        }
        return plan;
    }

    /** The MAIL command for this message and server: SIZE, BODY, SMTPUTF8, DSN and REQUIRETLS as they apply. */
    public SmtpCommand mailCommand() {
        Plan plan = plan();
        Capabilities caps = connection.protocol().capabilities();
        MailParameters.Builder mp = MailParameters.builder();
        if (caps.has("SIZE") && request.message != null) {
            mp.size(plan.size());
        }
        if (plan.body() != null) {
            mp.body(plan.body());
        }
        if (plan.utf8()) {
            mp.smtpUtf8();
        }
        if (request.dsnRet != null) {
            mp.ret(request.dsnRet);
        }
        if (request.envid != null) {
            mp.envid(request.envid);
        }
        if (request.requireTls) {
            if (!connection.protocol().isTls()) {
                throw SmtpException.refused("REQUIRETLS needs a TLS connection (RFC 8689 §4.1)");
            }
            mp.requireTls();
        }
        return SmtpCommand.mail(address(request.from, plan.utf8()), mp.build());
    }

    /** One RCPT command per recipient, with the DSN parameters when asked. */
    public List<SmtpCommand> rcptCommands() {
        boolean utf8 = plan().utf8();
        List<SmtpCommand> out = new ArrayList<>();
        for (String r : request.to) {
            MailParameters.Builder rp = MailParameters.builder();
            if (request.dsnNotify != null) {
                rp.notify(request.dsnNotify);
                rp.orcpt(r);
            }
            out.add(SmtpCommand.rcpt(address(r, utf8), rp.build()));
        }
        return out;
    }

    /**
     * Step: sends the message after MAIL and RCPT were accepted: DATA and the body, or BDAT chunks, as the
     * request and the server's capabilities decide.
     */
    public SendResult sendBody(List<SendResult.RecipientResult> results) {
        Plan plan = plan();
        if (plan.bdat()) {
            return bdatTransfer(List.of(), results, plan.size(), false);
        }
        Exchange data = connection.execute(SmtpCommand.data());
        if (data.reply().code() != 354) {
            connection.execute(SmtpCommand.rset());
            throw rejected("the server refused DATA", data.reply());
        }
        return dataTransfer(results, plan.size());
    }

    /** Step: the whole transaction, MAIL to the end of the message, pipelined when the server allows. */
    public SendResult transaction(List<SendResult.RecipientResult> results) {
        Capabilities caps = connection.protocol().capabilities();
        Plan plan = plan();
        boolean bdat = plan.bdat();
        long size = plan.size();
        List<SmtpCommand> flight = new ArrayList<>();
        flight.add(mailCommand());
        boolean stopAtMail = request.quitAfter == SendRequest.Stop.MAIL;
        if (!stopAtMail) {
            flight.addAll(rcptCommands());
        }
        boolean toData = request.quitAfter.ordinal() > SendRequest.Stop.RCPT.ordinal();
        boolean pipeline = request.pipelining && caps.pipelining();
        if (pipeline) {
            transcript.note("PIPELINING: " + (toData ? "MAIL, " + request.to.size() + " RCPT and "
                    + (bdat ? "the first BDAT chunk" : "DATA") : "the envelope") + " go out in one flight");
        }
        List<Exchange> envelope = new ArrayList<>();
        boolean dataInFlight = false;
        if (pipeline) {
            if (toData && !bdat) {
                flight.add(SmtpCommand.data());
                dataInFlight = true;
            }
            if (toData && bdat) {
                return bdatTransfer(flight, results, size, true);
            }
            connection.send(flight, false);
            for (int i = 0; i < flight.size(); i++) {
                envelope.add(connection.readReply());
            }
        } else {
            for (SmtpCommand c : flight) {
                Exchange x = connection.execute(c);
                envelope.add(x);
                if (c.verb() == Verb.MAIL && !x.reply().isPositive()) {
                    break;
                }
            }
        }
        Exchange mail = envelope.get(0);
        if (!mail.reply().isPositive()) {
            recordRecipients(envelope, results);
            if (dataInFlight) {
                connection.execute(SmtpCommand.rset());
            }
            throw rejected("the server refused the sender", mail.reply());
        }
        recordRecipients(envelope, results);
        if (stopAtMail || !toData) {
            return stopped(results);
        }
        if (results.stream().noneMatch(SendResult.RecipientResult::accepted)) {
            if (dataInFlight) {
                Exchange data = envelope.get(envelope.size() - 1);
                if (data.reply().code() == 354) {
                    // RFC 2920 §3.1: DATA was accepted though no recipient was; end it empty, then reset.
                    transcript.note("No recipient was accepted but DATA got 354: sending an empty body to end it");
                    connection.endData(connection.protocol().beginData());
                    connection.readReply();
                }
                connection.execute(SmtpCommand.rset());
            } else {
                connection.execute(SmtpCommand.rset());
            }
            throw rejected("the server accepted none of the recipients", results.get(0).reply());
        }
        if (!dataInFlight) {
            return sendBody(results);
        }
        Exchange data = envelope.get(envelope.size() - 1);
        if (data.reply().code() != 354) {
            connection.execute(SmtpCommand.rset());
            throw rejected("the server refused DATA", data.reply());
        }
        return dataTransfer(results, size);
    }

    private void recordRecipients(List<Exchange> envelope, List<SendResult.RecipientResult> results) {
        int i = 0;
        for (Exchange x : envelope) {
            if (x.command().verb() == Verb.RCPT) {
                SendResult.RecipientResult r = new SendResult.RecipientResult(request.to.get(i++), x.reply());
                results.add(r);
                if (!r.accepted()) {
                    transcript.note("Recipient " + r.address() + " refused: " + x.reply().summary());
                }
            }
        }
    }

    private SendResult dataTransfer(List<SendResult.RecipientResult> results, long size) {
        DotStuffer stuffer = connection.protocol().beginData();
        byte[] buf = new byte[64 * 1024];
        long sent = 0;
        byte[] preview = null;
        try (InputStream in = request.message.open()) {
            var out = connection.payloadStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                if (preview == null) {
                    preview = Arrays.copyOf(buf, Math.min(n, PREVIEW_BYTES));
                }
                stuffer.encode(buf, 0, n, out);
                sent += n;
                progress.progress(sent, size);
            }
        } catch (IOException e) {
            throw failWhileSending(e);
        }
        transcript.payload("message body: " + stuffer.inputBytes() + " bytes, " + stuffer.outputBytes()
                + " on the wire after dot-stuffing and CRLF normalisation", preview == null ? new byte[0] : preview,
                stuffer.inputBytes(), "DATA");
        connection.endData(stuffer);
        Exchange fin = readFinal();
        if (!fin.reply().isPositive()) {
            throw rejected("the server refused the message after DATA", fin.reply());
        }
        return new SendResult(SendResult.Status.SENT, results, fin.reply(), null, tls());
    }

    /** Reads the reply to the end of the message; losing the connection here leaves the outcome unknown. */
    private Exchange readFinal() {
        try {
            return connection.readReply();
        } catch (SmtpException e) {
            if (e.failureClass() == FailureClass.IO || e.failureClass() == FailureClass.TIMEOUT) {
                throw new SmtpException(FailureClass.UNKNOWN_OUTCOME, "the whole message was sent but no final"
                        + " reply came (" + e.getMessage() + "); it may have been delivered. Not resent", null, e);
            }
            throw e;
        }
    }

    private SmtpException failWhileSending(IOException e) {
        return new SmtpException(FailureClass.IO, "cannot read the message: " + e.getMessage(), null, e);
    }

    /**
     * BDAT (RFC 3030). With {@code envelope} non-empty, the envelope and the first chunk go out in one flight.
     * A failure reply to a non-final chunk stops the transfer and resets the transaction.
     */
    private SendResult bdatTransfer(List<SmtpCommand> envelope, List<SendResult.RecipientResult> results, long size,
                                    boolean pipelined) {
        long chunk = request.chunkSize;
        long chunks = Math.max(1, (size + chunk - 1) / chunk);
        boolean pipelineChunks = connection.protocol().capabilities().pipelining() && request.pipelining;
        List<Exchange> envelopeReplies = new ArrayList<>();
        int outstanding = 0;
        long sent = 0;
        byte[] buf = new byte[64 * 1024];
        SmtpReply failure = null;
        SmtpReply last = null;
        try (InputStream in = request.message.open()) {
            for (long i = 0; i < chunks; i++) {
                long len = Math.min(chunk, size - sent);
                boolean isLast = i == chunks - 1;
                List<SmtpCommand> flight = new ArrayList<>(i == 0 ? envelope : List.of());
                flight.add(SmtpCommand.bdat(len, isLast));
                connection.send(flight, false);
                outstanding += flight.size();
                byte[] preview = null;
                long left = len;
                var out = connection.payloadStream();
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw abandonChunk(new SmtpException(FailureClass.IO,
                                "the message became shorter while it was sent"));
                    }
                    if (preview == null && i == 0) {
                        preview = Arrays.copyOf(buf, Math.min(n, PREVIEW_BYTES));
                    }
                    out.write(buf, 0, n);
                    left -= n;
                    sent += n;
                    progress.progress(sent, size);
                }
                connection.flush();
                transcript.payload("BDAT chunk " + (i + 1) + " of " + chunks + ": " + len + " bytes",
                        preview == null ? new byte[0] : preview, len, "BDAT");
                List<Exchange> arrived = new ArrayList<>();
                if (pipelineChunks && !isLast) {
                    arrived.addAll(connection.pollReplies());
                } else {
                    while (outstanding > arrived.size()) {
                        arrived.add(isLast ? readFinal() : connection.readReply());
                    }
                }
                outstanding -= arrived.size();
                for (Exchange x : arrived) {
                    if (x.command().verb() == Verb.BDAT) {
                        last = x.reply();
                        if (!x.reply().isPositive() && failure == null) {
                            failure = x.reply();
                        }
                    } else {
                        envelopeReplies.add(x);
                    }
                }
                if (!envelopeReplies.isEmpty() && i == 0 && envelopeReplies.size() == envelope.size()) {
                    recordRecipients(envelopeReplies, results);
                }
                if (failure != null || (!envelopeReplies.isEmpty()
                        && !envelopeReplies.get(0).reply().isPositive())) {
                    break;
                }
            }
            while (outstanding > 0) {
                Exchange x = readFinal();
                outstanding--;
                if (x.command().verb() == Verb.BDAT) {
                    last = x.reply();
                    if (!x.reply().isPositive() && failure == null) {
                        failure = x.reply();
                    }
                } else {
                    envelopeReplies.add(x);
                }
            }
        } catch (IOException e) {
            throw abandonChunk(failWhileSending(e));
        }
        if (pipelined && results.isEmpty()) {
            recordRecipients(envelopeReplies, results);
        }
        if (pipelined && !envelopeReplies.get(0).reply().isPositive()) {
            connection.execute(SmtpCommand.rset());
            throw rejected("the server refused the sender", envelopeReplies.get(0).reply());
        }
        if (failure != null) {
            if (connection.protocol().state() == org.smtpexplorer.engine.SessionState.BDAT_CHUNKS) {
                transcript.note("A BDAT chunk failed: the transfer stops and the transaction is reset (RFC 3030)");
                connection.execute(SmtpCommand.rset());
            }
            throw rejected(results.stream().noneMatch(SendResult.RecipientResult::accepted)
                    ? "the server accepted none of the recipients" : "the server refused the message during BDAT",
                    failure);
        }
        return new SendResult(SendResult.Status.SENT, results, last, null, tls());
    }

    /**
     * The message could not be read to the end of a BDAT chunk already announced. The chunk cannot be completed,
     * and the server would count any further command (even QUIT) as message bytes: the session is abandoned.
     */
    private SmtpException abandonChunk(SmtpException e) {
        connection.protocol().fail();
        return e;
    }

    private boolean useSmtpUtf8(Capabilities caps, MessageTraits traits) {
        boolean needed = Addresses.needsSmtpUtf8(request.from) || request.to.stream().anyMatch(
                Addresses::needsSmtpUtf8) || traits.nonAsciiHeaders();
        return switch (request.smtpUtf8) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> needed && caps.smtpUtf8();
        };
    }

    private BodyType bodyType(Capabilities caps, MessageTraits traits) {
        return switch (request.body) {
            case SEVEN_BIT -> BodyType.SEVEN_BIT;
            case EIGHT_BIT_MIME -> BodyType.EIGHT_BIT_MIME;
            case BINARY_MIME -> BodyType.BINARY_MIME;
            case AUTO -> {
                if (traits.binary() && caps.binaryMime() && caps.chunking()
                        && request.transfer != SendRequest.Transfer.DATA) {
                    yield BodyType.BINARY_MIME;
                }
                if (traits.binary()) {
                    throw SmtpException.refused("the message has NUL bytes or lines over 998 octets and the server"
                            + " does not offer BINARYMIME with CHUNKING; re-encode it (base64 or"
                            + " quoted-printable) first");
                }
                if (traits.eightBit()) {
                    if (!caps.eightBitMime() && !caps.smtpUtf8()) {
                        throw SmtpException.refused("the message has 8-bit bytes and the server offers neither"
                                + " 8BITMIME nor SMTPUTF8; re-encode it as 7-bit (quoted-printable or base64) first,"
                                + " or force --body-type 8bitmime");
                    }
                    yield caps.eightBitMime() ? BodyType.EIGHT_BIT_MIME : null;
                }
                yield null;
            }
        };
    }

    private boolean useBdat(Capabilities caps, BodyType body) {
        boolean bdat = switch (request.transfer) {
            case BDAT -> true;
            case DATA -> false;
            case AUTO -> caps.chunking();
        };
        if (body == BodyType.BINARY_MIME && !bdat) {
            throw SmtpException.refused("BODY=BINARYMIME can only be sent with BDAT (RFC 3030 §3)");
        }
        return bdat;
    }

    /** The address as sent: with SMTPUTF8 as typed; without it, an IDN domain becomes its A-label form. */
    private String address(String addr, boolean utf8) {
        if (utf8 || !Addresses.needsSmtpUtf8(addr)) {
            return addr;
        }
        int at = addr.lastIndexOf('@');
        String local = addr.substring(0, at);
        if (Addresses.needsSmtpUtf8(local)) {
            throw SmtpException.refused("the address <" + addr + "> has a non-ASCII local part, which needs"
                    + " SMTPUTF8, and " + (request.smtpUtf8 == SendRequest.Toggle.OFF ? "SMTPUTF8 is turned off"
                    : "the server does not offer SMTPUTF8") + "; it cannot be downgraded (RFC 6531)");
        }
        String domain;
        try {
            domain = IDN.toASCII(addr.substring(at + 1), IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw SmtpException.refused("the domain of <" + addr + "> is not a valid internationalised name: "
                    + e.getMessage());
        }
        String ascii = local + "@" + domain;
        transcript.note("Without SMTPUTF8, <" + addr + "> is sent as <" + ascii + "> (IDN A-label, RFC 5890)");
        return ascii;
    }

    private static SmtpException rejected(String what, SmtpReply reply) {
        return new SmtpException(FailureClass.REJECTED, what + ": " + reply.summary(), reply);
    }
}
