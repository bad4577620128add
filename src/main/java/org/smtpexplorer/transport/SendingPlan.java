package org.smtpexplorer.transport;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import org.smtpexplorer.engine.Addresses;
import org.smtpexplorer.engine.BodyType;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.engine.MailParameters;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpException;

/**
 * Everything settled about one transaction before MAIL is sent, by one pure function of the message's traits, the
 * request and the server's capabilities: SMTPUTF8, BODY=, SIZE=, the address forms (A-labels), DATA or BDAT, chunk
 * size, pipelining, line-end normalisation, and every reason not to send at all. The sender only applies it; the
 * notes say what was decided and why, and go into the transcript.
 *
 * @param smtpUtf8          MAIL carries SMTPUTF8 and addresses go as typed
 * @param body              the BODY= value, or null for none
 * @param declareSize       MAIL carries SIZE= (the server offers SIZE)
 * @param wireSize          the message's size as sent: after line-end normalisation, before dot-stuffing
 * @param bdat              BDAT (CHUNKING) rather than DATA
 * @param chunkSize         BDAT chunk size in bytes (the request's, or {@link #WHOLE_MESSAGE_CHUNK} when it asks for
 *                          none)
 * @param pipelining        the envelope (and the first chunk, or DATA) goes out in one flight
 * @param normaliseLineEnds bare CR and bare LF become CRLF on the way out, for DATA and BDAT alike
 * @param sender            the reverse path as sent
 * @param recipients        the forward paths as sent, in the request's order
 * @param notes             what was decided and why, for the transcript; warnings start with "Warning:"
 * @param refusals          reasons not to send; empty when the message may go
 */
public record SendingPlan(boolean smtpUtf8, BodyType body, boolean declareSize, long wireSize, boolean bdat,
                          int chunkSize, boolean pipelining, boolean normaliseLineEnds, String sender,
                          List<String> recipients, List<String> notes, List<String> refusals) {

    public SendingPlan {
        recipients = List.copyOf(recipients);
        notes = List.copyOf(notes);
        refusals = List.copyOf(refusals);
    }

    /** Decides the transaction for {@code request} against a server that said {@code caps}. */
    public static SendingPlan decide(SendRequest request, Capabilities caps, boolean tls) {
        return decide(request, request.transfer(), caps, tls);
    }

    /** The same, with DATA or BDAT chosen by {@code transfer} (the window's DATA and BDAT buttons). */
    public static SendingPlan decide(SendRequest request, SendRequest.Transfer transfer, Capabilities caps,
                                     boolean tls) {
        MessageSource message = request.message();
        MessageTraits traits = message == null ? MessageTraits.NONE : message.traits();
        long size = message == null ? 0 : message.size();
        List<String> notes = new ArrayList<>();
        List<String> refusals = new ArrayList<>();

        boolean utf8 = smtpUtf8(request, caps, traits);
        BodyType body = bodyType(request, transfer, caps, traits, notes, refusals);
        boolean bdat = switch (transfer) {
            case BDAT -> true;
            case DATA -> false;
            case AUTO -> caps.chunking();
        };
        if (message != null && bdat && !caps.chunking()) {
            refusals.add("BDAT was asked for (--transfer bdat) but the server did not advertise CHUNKING (RFC 3030),"
                    + " so it cannot take BDAT; use DATA");
        }
        if (body == BodyType.BINARY_MIME && !bdat) {
            refusals.add("BODY=BINARYMIME can only be sent with BDAT (RFC 3030 §3)"
                    + (caps.chunking() ? ", and DATA was asked for" : ", and the server did not advertise CHUNKING"));
        }

        boolean exact = request.lineEndings() == SendRequest.LineEndings.KEEP || body == BodyType.BINARY_MIME;
        long bare = traits.bareLineEnds();
        if (message != null && request.lineEndings() == SendRequest.LineEndings.KEEP && !bdat) {
            refusals.add("keeping the file's line ends (--line-endings keep) is possible only with BDAT: DATA needs"
                    + " CRLF lines and dot-stuffing (RFC 5321 §4.5.2)");
        }
        long wire = exact ? size : size + bare;
        if (message != null && bare > 0) {
            if (exact) {
                notes.add("The message's " + size + " bytes are sent exactly as in the file, with " + bare
                        + " bare line end" + (bare == 1 ? "" : "s") + (body == BodyType.BINARY_MIME
                        ? " (BODY=BINARYMIME: the bytes are data)" : " (--line-endings keep)"));
            } else {
                notes.add(bare + " bare line end" + (bare == 1 ? "" : "s") + " (" + traits.bareLf() + " LF, "
                        + traits.bareCr() + " CR) " + (bare == 1 ? "is" : "are") + " sent as CRLF, as SMTP requires"
                        + " (RFC 5321 §2.3.8): " + wire + " bytes instead of " + size + " in the file");
            }
        } else if (message != null && exact && request.lineEndings() == SendRequest.LineEndings.KEEP) {
            notes.add("The message's " + size + " bytes are sent exactly as in the file (--line-endings keep)");
        }

        boolean declareSize = message != null && caps.has("SIZE");
        if (message != null && caps.sizeLimit().isPresent() && wire > caps.sizeLimit().getAsLong()) {
            refusals.add("the message is " + wire + " bytes and the server's SIZE limit is "
                    + caps.sizeLimit().getAsLong() + " bytes; it was not sent");
        }
        if (request.requireTls() && !tls) {
            refusals.add("REQUIRETLS needs a TLS connection (RFC 8689 §4.1)");
        }
        String sender = address(request.from(), utf8, request, notes, refusals);
        List<String> recipients = new ArrayList<>();
        for (String r : request.to()) {
            recipients.add(address(r, utf8, request, notes, refusals));
        }
        boolean pipelining = request.pipelining() && caps.pipelining();
        return new SendingPlan(utf8, body, declareSize, wire, bdat,
                request.chunkSize() == 0 ? WHOLE_MESSAGE_CHUNK : request.chunkSize(), pipelining,
                !exact, sender, recipients, notes, refusals);
    }

    /**
     * The chunk a request with no chunk size gets: the whole message in one chunk, as most clients send it (MailKit,
     * for one). Up to 2 GiB - 1 bytes, so that a server that reads the size into a 32-bit number can; a larger
     * message goes in chunks of that size.
     */
    public static final int WHOLE_MESSAGE_CHUNK = Integer.MAX_VALUE;

    /**
     * With no chunk size asked for, the first chunk when it goes in one flight with MAIL and RCPT (PIPELINING): at
     * most this long, each next one twice as long, and the replies already back are read between chunks. A server
     * that refuses the sender or every recipient is then sent about twice what went before its replies came back,
     * not the whole message, and a large message still goes in a few chunks (134 MiB in 7).
     */
    public static final int FIRST_CHUNK_WITH_ENVELOPE = 1024 * 1024;

    /** True when nothing stands in the way of sending. */
    public boolean sendable() {
        return refusals.isEmpty();
    }

    /** Throws the refusal (every reason, joined) when the message must not be sent. */
    public void requireSendable() {
        if (!refusals.isEmpty()) {
            throw SmtpException.refused(String.join("; ", refusals));
        }
    }

    /** Number of BDAT chunks the message takes (at least one, even when empty), sent after the envelope's replies. */
    public long chunks() {
        return chunks(false);
    }

    /**
     * Number of BDAT chunks the message takes; {@code withEnvelope}: the first goes in one flight with MAIL and
     * RCPT ({@link #nextChunk}).
     */
    public long chunks(boolean withEnvelope) {
        if (!growing(withEnvelope)) {
            return Math.max(1, (wireSize + chunkSize - 1) / chunkSize);
        }
        long n = 0;
        long sent = 0;
        long previous = 0;
        do {
            previous = nextChunk(true, sent, previous);
            sent += previous;
            n++;
        } while (sent < wireSize);
        return n;
    }

    /**
     * The length of the chunk after {@code sent} bytes, the one before it {@code previous} long (0 for the first):
     * {@link #chunkSize()}, or what is left. With no chunk size asked for and the first chunk in one flight with
     * the envelope, chunks start at {@link #FIRST_CHUNK_WITH_ENVELOPE} and double, and what is left goes whole once
     * it is no more than twice the next one.
     */
    public long nextChunk(boolean withEnvelope, long sent, long previous) {
        long left = wireSize - sent;
        if (!growing(withEnvelope)) {
            return Math.min(chunkSize, left);
        }
        long next = previous == 0 ? FIRST_CHUNK_WITH_ENVELOPE : Math.min(WHOLE_MESSAGE_CHUNK, previous * 2);
        return left <= 2 * next ? Math.min(left, WHOLE_MESSAGE_CHUNK) : next;
    }

    private boolean growing(boolean withEnvelope) {
        return withEnvelope && chunkSize == WHOLE_MESSAGE_CHUNK;
    }

    /** MAIL FROM with SIZE, BODY, SMTPUTF8, DSN and REQUIRETLS as decided. */
    public SmtpCommand mail(SendRequest request) {
        MailParameters.Builder mp = MailParameters.builder();
        if (declareSize) {
            mp.size(wireSize);
        }
        if (body != null) {
            mp.body(body);
        }
        if (smtpUtf8) {
            mp.smtpUtf8();
        }
        if (request.dsnRet() != null) {
            mp.ret(request.dsnRet());
        }
        if (request.envid() != null) {
            mp.envid(request.envid());
        }
        if (request.requireTls()) {
            mp.requireTls();
        }
        return SmtpCommand.mail(sender, mp.build());
    }

    /** One RCPT per recipient, with NOTIFY and ORCPT when DSN notification was asked for. */
    public List<SmtpCommand> rcpts(SendRequest request) {
        List<SmtpCommand> out = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            MailParameters.Builder rp = MailParameters.builder();
            if (request.dsnNotify() != null) {
                rp.notify(request.dsnNotify());
                rp.orcpt(request.to().get(i));
            }
            out.add(SmtpCommand.rcpt(recipients.get(i), rp.build()));
        }
        return out;
    }

    private static boolean smtpUtf8(SendRequest request, Capabilities caps, MessageTraits traits) {
        boolean needed = Addresses.needsSmtpUtf8(request.from())
                || request.to().stream().anyMatch(Addresses::needsSmtpUtf8) || traits.nonAsciiHeaders();
        return switch (request.smtpUtf8()) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> needed && caps.smtpUtf8();
        };
    }

    private static BodyType bodyType(SendRequest request, SendRequest.Transfer transfer, Capabilities caps,
                                     MessageTraits traits, List<String> notes, List<String> refusals) {
        return switch (request.body()) {
            case SEVEN_BIT -> {
                if (traits.eightBit() || traits.binary()) {
                    notes.add("Warning: BODY=7BIT is forced but the message has 8-bit bytes" + (traits.binary()
                            ? " and NUL bytes or lines over 998 octets" : "") + "; a strict server may refuse or"
                            + " damage it (RFC 6152)");
                }
                yield BodyType.SEVEN_BIT;
            }
            case EIGHT_BIT_MIME -> {
                if (traits.binary()) {
                    notes.add("Warning: BODY=8BITMIME is forced but the message has NUL bytes or lines over 998"
                            + " octets, which 8BITMIME does not allow (RFC 6152 §3)");
                }
                yield BodyType.EIGHT_BIT_MIME;
            }
            case BINARY_MIME -> BodyType.BINARY_MIME;
            case AUTO -> {
                if (traits.binary() && caps.binaryMime() && caps.chunking()
                        && transfer != SendRequest.Transfer.DATA) {
                    yield BodyType.BINARY_MIME;
                }
                if (traits.binary()) {
                    refusals.add("the message has NUL bytes or lines over 998 octets and the server does not offer"
                            + " BINARYMIME with CHUNKING; re-encode it (base64 or quoted-printable) first");
                    yield null;
                }
                if (traits.eightBit()) {
                    if (!caps.eightBitMime() && !caps.smtpUtf8()) {
                        refusals.add("the message has 8-bit bytes and the server offers neither 8BITMIME nor"
                                + " SMTPUTF8; re-encode it as 7-bit (quoted-printable or base64) first, or force"
                                + " --body-type 8bitmime");
                        yield null;
                    }
                    yield caps.eightBitMime() ? BodyType.EIGHT_BIT_MIME : null;
                }
                yield null;
            }
        };
    }

    /** The address as sent: with SMTPUTF8 as typed; without it, an IDN domain becomes its A-label form. */
    private static String address(String addr, boolean utf8, SendRequest request, List<String> notes,
                                  List<String> refusals) {
        if (utf8 || !Addresses.needsSmtpUtf8(addr)) {
            return addr;
        }
        int at = addr.lastIndexOf('@');
        String local = addr.substring(0, Math.max(at, 0));
        if (at < 0 || Addresses.needsSmtpUtf8(local)) {
            refusals.add("the address <" + addr + "> has a non-ASCII local part, which needs SMTPUTF8, and "
                    + (request.smtpUtf8() == SendRequest.Toggle.OFF ? "SMTPUTF8 is turned off"
                    : "the server does not offer SMTPUTF8") + "; it cannot be downgraded (RFC 6531)");
            return addr;
        }
        String domain;
        try {
            domain = IDN.toASCII(addr.substring(at + 1), IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            refusals.add("the domain of <" + addr + "> is not a valid internationalised name: " + e.getMessage());
            return addr;
        }
        String ascii = local + "@" + domain;
        notes.add("Without SMTPUTF8, <" + addr + "> is sent as <" + ascii + "> (IDN A-label, RFC 5890)");
        return ascii;
    }
}
