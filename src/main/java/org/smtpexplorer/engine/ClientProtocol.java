package org.smtpexplorer.engine;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sans-IO client side of one SMTP session: give it commands and get the bytes to send; give it the bytes
 * received and get each reply matched to its command. It checks every command against the state table and the
 * server's capabilities (unless forced), keeps the capabilities, and never touches a socket.
 */
public final class ClientProtocol {
    private final ReplyParser parser = new ReplyParser();
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final List<CapabilitySnapshot> capabilityHistory = new ArrayList<>();
    private SessionState state = SessionState.DISCONNECTED;
    private SessionState projected = SessionState.DISCONNECTED;
    private Capabilities capabilities = Capabilities.none();
    private boolean tls;
    private boolean authenticated;
    private int nextFlight = 1;
    private int acceptedRecipients;
    private SmtpReply closingReply;
    /** The last moves of the session, oldest first, and how many there were in all. */
    private final Deque<Transition> moves = new ArrayDeque<>();
    private long moveCount;
    private static final int MOVES_KEPT = 32;

    private record Pending(SmtpCommand command, int flight) {
    }

    public SessionState state() {
        return state;
    }

    /** The state the session will be in if every command in flight succeeds. */
    public SessionState projectedState() {
        return projected;
    }

    public Capabilities capabilities() {
        return capabilities;
    }

    public List<CapabilitySnapshot> capabilityHistory() {
        return List.copyOf(capabilityHistory);
    }

    public boolean isTls() {
        return tls;
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    /** Recipients accepted in the current transaction. */
    public int acceptedRecipients() {
        return acceptedRecipients;
    }

    /** The 421 with which the server closed the session, or null. */
    public SmtpReply closingReply() {
        return closingReply;
    }

    /** The failure to report for anything tried after the server closed the session with a 421. */
    public SmtpException closedByServer() {
        return closingReply == null ? null : new SmtpException(FailureClass.REJECTED, "the server closed the session: "
                + closingReply.summary() + " (" + closingReply.failureKind() + ")", closingReply);
    }

    public int pendingReplies() {
        return pending.size();
    }

    /** True when bytes of a reply have arrived that do not yet form a whole reply. */
    public boolean hasPartialInput() {
        return parser.isMidReply();
    }

    /** The bytes of a reply begun but not finished, as received (empty when none): what a timeout cut short. */
    public byte[] partialInput() {
        return parser.partialReply();
    }

    /** How many moves the session has made: replies to commands and events, including those back to where it was. */
    public long moveCount() {
        return moveCount;
    }

    /** The moves made after the first {@code count}, oldest first; only the last few are kept. */
    public List<Transition> movesSince(long count) {
        int n = (int) Math.max(0, Math.min(moves.size(), moveCount - count));
        List<Transition> all = new ArrayList<>(moves);
        return List.copyOf(all.subList(all.size() - n, all.size()));
    }

    private void moveTo(SessionState to, Transition move) {
        state = to;
        if (moves.size() == MOVES_KEPT) {
            moves.removeFirst();
        }
        moves.addLast(move);
        moveCount++;
    }

    /** Moves by {@code event}, when it can happen and changes the state. */
    private void on(SessionEvent event) {
        SessionState to = SessionRules.after(state, event);
        if (to != null && to != state) {
            moveTo(to, Transition.event(state, event, to));
        }
    }

    /** The transport has opened the connection (plain, or TLS for implicit TLS); the greeting is expected next. */
    public void connectionOpened(boolean implicitTls) {
        if (state != SessionState.DISCONNECTED) {
            throw new IllegalStateException("connection already opened");
        }
        tls = implicitTls;
        on(SessionEvent.OPENED);
        projected = state;
        pending.add(new Pending(new SmtpCommand.Connect(), nextFlight++));
    }

    /** The connection is gone, by QUIT or not. */
    public void connectionClosed() {
        on(SessionEvent.CLOSED);
        projected = state;
        pending.clear();
    }

    /** Marks the session broken, e.g. after a transport failure mid-reply; nothing further is accepted. */
    public void fail() {
        on(SessionEvent.BROKEN);
        projected = state;
        pending.clear();
    }

    /**
     * The commands that may be sent now: those the state table allows in the state the session will be in once
     * every command in flight has succeeded, less those this session rules out (STARTTLS once TLS is up or when
     * not offered, AUTH once authenticated or when no mechanism is offered, BDAT without CHUNKING, ETRN when not
     * offered). The same checks refuse such a command in {@link #problems}.
     */
    public Set<Verb> allowedNow() {
        Set<Verb> out = EnumSet.noneOf(Verb.class);
        if (state == SessionState.ERROR || state == SessionState.CLOSED || state == SessionState.DISCONNECTED) {
            return out;
        }
        for (Verb v : SessionRules.legal(projected)) {
            if (contextProblem(v, capabilities) == null) {
                out.add(v);
            }
        }
        return out;
    }

    /** Why {@code verb} cannot be used on this connection whatever its arguments, or null. */
    private String contextProblem(Verb verb, Capabilities caps) {
        return switch (verb) {
            case STARTTLS -> tls ? "TLS is already active on this connection"
                    : caps.startTls() ? null : "the server did not advertise STARTTLS";
            case AUTH -> authenticated ? "already authenticated; RFC 4954 §4 forbids a second AUTH"
                    : caps.authMechanisms().isEmpty() ? "the server offers no AUTH " + (tls ? "here"
                    : "here (many servers offer it only after STARTTLS)") : null;
            case BDAT -> caps.chunking() ? null : "the server did not advertise CHUNKING, so BDAT is not available";
            case ETRN -> caps.has("ETRN") ? null : "the server did not advertise ETRN";
            default -> null;
        };
    }

    /** The reasons why {@code command} would be refused now; empty when it may be sent. */
    public List<String> problems(SmtpCommand command) {
        return problems(command, projected, capabilities);
    }

    private List<String> problems(SmtpCommand command, SessionState at, Capabilities caps) {
        List<String> out = new ArrayList<>();
        Verb verb = command.verb();
        if (!SessionRules.isLegal(at, verb)) {
            out.add(label(command) + " is not legal now: the session is " + at.description()
                    + legalHint(at));
            return out;
        }
        String context = contextProblem(verb, caps);
        if (context != null) {
            out.add(context);
            return out;
        }
        SmtpCommand meaning = command instanceof SmtpCommand.Raw raw ? raw.meaning() : command;
        if (meaning == null && (verb == Verb.MAIL || verb == Verb.RCPT || verb == Verb.AUTH)) {
            out.add("\"" + command.line() + "\" is not a well-formed " + verb + " command: " + switch (verb) {
                case MAIL -> "MAIL FROM:<address> [parameters] (RFC 5321 §4.1.1.2)";
                case RCPT -> "RCPT TO:<address> [parameters] (RFC 5321 §4.1.1.3)";
                default -> "AUTH mechanism [initial-response], e.g. AUTH PLAIN (RFC 4954 §4); the server offers "
                        + String.join(" ", caps.authMechanisms());
            });
            return out;
        }
        if (meaning instanceof SmtpCommand.Auth auth && !caps.authMechanisms().contains(auth.mechanism())) {
            out.add("the server did not advertise AUTH " + auth.mechanism() + " (it offers "
                    + String.join(" ", caps.authMechanisms()) + ")");
        } else if (meaning instanceof SmtpCommand.Mail mail) {
            checkEnvelope(mail.reversePath(), mail.parameters(), true, caps, out);
        } else if (meaning instanceof SmtpCommand.Rcpt rcpt) {
            checkEnvelope(rcpt.forwardPath(), rcpt.parameters(), false, caps, out);
        }
        return out;
    }

    private static String label(SmtpCommand c) {
        return switch (c.verb()) {
            case AUTH_RESPONSE -> "an AUTH response line";
            case END_OF_DATA -> "the end of data";
            case RAW -> "\"" + c.line() + "\"";
            default -> c.verb().name();
        };
    }

    private String legalHint(SessionState at) {
        Set<Verb> legal = at == projected ? allowedNow() : SessionRules.legal(at);
        List<String> words = legal.stream().filter(v -> v.word() != null).map(Verb::name).sorted().toList();
        return words.isEmpty() ? "" : " (legal now: " + String.join(", ", words) + ")";
    }

    private static void checkEnvelope(String address, MailParameters params, boolean mail, Capabilities caps,
                                      List<String> out) {
        for (Map.Entry<String, String> p : params.asMap().entrySet()) {
            String key = p.getKey();
            String value = p.getValue() == null ? "" : p.getValue().toUpperCase(Locale.ROOT);
            String needs = switch (key) {
                case "SIZE" -> "SIZE";
                case "BODY" -> value.equals("BINARYMIME") ? "BINARYMIME" : value.equals("8BITMIME") ? "8BITMIME"
                        : null;
                case "SMTPUTF8" -> "SMTPUTF8";
                case "REQUIRETLS" -> "REQUIRETLS";
                case "RET", "ENVID", "NOTIFY", "ORCPT" -> "DSN";
                case "BY" -> "DELIVERBY";
                case "MT-PRIORITY" -> "MT-PRIORITY";
                default -> null;
            };
            if (needs != null && !caps.has(needs)) {
                out.add(key + " needs the " + needs + " extension, which the server did not advertise");
            }
            if ("BINARYMIME".equals(needs) && !caps.chunking()) {
                out.add("BODY=BINARYMIME also needs CHUNKING (RFC 3030 §3), which the server did not advertise");
            }
        }
        String size = params.get("SIZE");
        if (mail && size != null && caps.sizeLimit().isPresent()) {
            try {
                long bytes = Long.parseLong(size);
                if (bytes > caps.sizeLimit().getAsLong()) {
                    out.add("the message (" + bytes + " bytes) is larger than the server's SIZE limit ("
                            + caps.sizeLimit().getAsLong() + " bytes)");
                }
            } catch (NumberFormatException e) {
                out.add("SIZE=" + size + " is not a number");
            }
        }
        if (Addresses.needsSmtpUtf8(address)) {
            if (!caps.smtpUtf8()) {
                out.add("the address <" + address + "> has non-ASCII characters and the server did not advertise"
                        + " SMTPUTF8; an ASCII (A-label) form of the domain may work, a non-ASCII local part cannot");
            } else if (mail && !params.has("SMTPUTF8")) {
                out.add("the address <" + address + "> has non-ASCII characters: MAIL needs the SMTPUTF8 parameter");
            }
        }
    }

    /** Bytes for one command, refused with a clear message when it is not legal now. */
    public byte[] send(SmtpCommand command) {
        return send(command, false);
    }

    /** Bytes for one command; with {@code force} it goes out even when illegal, for teaching. */
    public byte[] send(SmtpCommand command, boolean force) {
        return sendFlight(List.of(command), force).bytes();
    }

    /** A pipelined flight (RFC 2920): the commands' bytes together and the flight's number. */
    public record Flight(int number, List<SmtpCommand> commands, byte[] bytes) {
    }

    /**
     * Sends several commands in one flight. Without PIPELINING, or when a command that must end a group is not
     * last, the flight is refused unless forced.
     */
    public Flight sendFlight(List<SmtpCommand> commands, boolean force) {
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("a flight needs at least one command");
        }
        if (state == SessionState.CLOSED && closingReply != null) {
            throw closedByServer();
        }
        if (state == SessionState.ERROR || state == SessionState.CLOSED || state == SessionState.DISCONNECTED) {
            throw SmtpException.refused("cannot send: " + state.description());
        }
        SessionState at = projected;
        if (!force) {
            if (commands.size() > 1 && !capabilities.pipelining()) {
                throw SmtpException.refused("the server did not advertise PIPELINING; send one command at a time");
            }
            for (int i = 0; i < commands.size(); i++) {
                SmtpCommand c = commands.get(i);
                if (i < commands.size() - 1 && c.verb().endsPipelinedGroup()) {
                    throw SmtpException.refused(c.verb() + " must be the last command of a pipelined flight"
                            + " (RFC 2920 §3.1)");
                }
                List<String> why = problems(c, at, capabilities);
                if (!why.isEmpty()) {
                    throw SmtpException.refused(String.join("; ", why));
                }
                at = SessionRules.expected(at, c);
            }
        } else {
            for (SmtpCommand c : commands) {
                at = SessionRules.expected(at, c);
            }
        }
        int flight = nextFlight++;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SmtpCommand c : commands) {
            out.writeBytes(c.toBytes());
            pending.add(new Pending(c, flight));
        }
        projected = at;
        return new Flight(flight, List.copyOf(commands), out.toByteArray());
    }

    /**
     * Bytes received from the server. Returns every completed reply matched to its command, in order. A reply
     * with no command waiting for it is a protocol violation, except a 421 (the server closing the session).
     */
    public List<Exchange> receive(byte[] data, int offset, int length) {
        if (state == SessionState.ERROR) {
            throw SmtpException.protocol("session already failed");
        }
        List<SmtpReply> replies;
        try {
            replies = parser.feed(data, offset, length);
        } catch (MalformedReplyException e) {
            List<Exchange> before = new ArrayList<>();
            for (SmtpReply reply : e.completed()) {
                before.add(apply(reply));
            }
            fail();
            throw e.withExchanges(before);
        }
        List<Exchange> out = new ArrayList<>(replies.size());
        for (SmtpReply reply : replies) {
            out.add(apply(reply));
        }
        return out;
    }

    public List<Exchange> receive(byte[] data) {
        return receive(data, 0, data.length);
    }

    private Exchange apply(SmtpReply reply) {
        Pending p = pending.poll();
        SessionState before = state;
        if (reply.code() == 421) {
            closingReply = reply;
        }
        if (p == null) {
            if (reply.code() == 421) {
                on(SessionEvent.CLOSED);
                projected = state;
                return new Exchange(null, reply, 0, before, state);
            }
            fail();
            throw new SmtpException(FailureClass.PROTOCOL, "the server sent a reply nobody asked for: "
                    + reply.summary(), reply);
        }
        SmtpCommand c = p.command();
        SessionState to = SessionRules.next(state, c, reply);
        if (reply.code() == 421) {
            on(SessionEvent.CLOSED);
        } else {
            moveTo(to, Transition.reply(state, c.verb(), c.verb() == Verb.BDAT ? c.bdatLast() : null,
                    Set.of(reply.code()), to));
        }
        switch (c.verb()) {
            case EHLO -> {
                if (reply.isPositive()) {
                    capabilities = Capabilities.parse(reply);
                    capabilityHistory.add(new CapabilitySnapshot(phase(), capabilities));
                }
            }
            case HELO -> {
                if (reply.isPositive()) {
                    capabilities = Capabilities.fromHelo(reply);
                    capabilityHistory.add(new CapabilitySnapshot(phase() + " (HELO)", capabilities));
                }
            }
            case AUTH, AUTH_RESPONSE -> {
                if (reply.code() == 235) {
                    authenticated = true;
                }
            }
            case MAIL -> acceptedRecipients = 0;
            case RCPT -> {
                if (reply.isPositive()) {
                    acceptedRecipients++;
                }
            }
            default -> {
            }
        }
        if (pending.isEmpty() || reply.code() == 421) {
            projected = state;
        }
        return new Exchange(c, reply, p.flight(), before, state);
    }

    private String phase() {
        return tls ? (authenticated ? "after TLS and AUTH" : "after TLS") : (authenticated ? "after AUTH" : "before TLS");
    }

    /**
     * The TLS handshake after STARTTLS succeeded: every capability learned so far is thrown away (RFC 3207 §4.2)
     * and the client must EHLO again.
     */
    public void tlsEstablished() {
        if (state != SessionState.TLS_HANDSHAKE) {
            throw new IllegalStateException("no STARTTLS was accepted; state is " + state);
        }
        if (parser.isMidReply()) {
            fail();
            throw SmtpException.protocol("bytes arrived after the 220 to STARTTLS, before the TLS handshake");
        }
        tls = true;
        capabilities = Capabilities.none();
        on(SessionEvent.TLS_ESTABLISHED);
        projected = state;
    }

    /** Starts the message body after 354: the encoder turns the message into dot-stuffed CRLF lines. */
    public DotStuffer beginData() {
        if (state != SessionState.DATA_BODY) {
            throw SmtpException.refused("the body can only be sent after a 354 reply to DATA; the session is "
                    + state.description());
        }
        return new DotStuffer();
    }

    /** The bytes that end the body (line end if needed, then ".CRLF"); the final reply is expected next. */
    public byte[] endData(DotStuffer stuffer) {
        if (state != SessionState.DATA_BODY) {
            throw SmtpException.refused("no message body is being sent");
        }
        byte[] end = stuffer.finish();
        int flight = nextFlight++;
        pending.add(new Pending(new SmtpCommand.EndOfData(), flight));
        projected = SessionRules.expected(state, pending.peekLast().command());
        return end;
    }
}
