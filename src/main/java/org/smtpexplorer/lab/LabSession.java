package org.smtpexplorer.lab;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.smtpexplorer.engine.EnhancedStatus;
import org.smtpexplorer.engine.Redaction;
import org.smtpexplorer.engine.SmtpReply;

/**
 * One SMTP session of the lab server, on its own thread: reads commands, checks them strictly and answers as the
 * scenario of the moment the connection was accepted says. The reply codes follow RFC 5321 §4.2 and the enhanced
 * codes RFC 3463: 500 5.5.2 unrecognised or unreadable, 501 5.5.4 bad arguments, 502 5.5.1 not implemented,
 * 503 5.5.1 bad sequence, 504 5.5.4 unsupported parameter value, 555 5.5.4 unsupported MAIL/RCPT parameter.
 */
final class LabSession implements Runnable {
    private static final Pattern BDAT_ARGS = Pattern.compile("([0-9]{1,18})( +LAST)?", Pattern.CASE_INSENSITIVE);
    private static final byte[] INJECTED = "250-PIPELINING\r\n250 AUTH PLAIN\r\n".getBytes(StandardCharsets.US_ASCII);

    private final LabServer server;
    private final LabConfig config;
    private final Scenario scenario;
    private final int id;
    private final String client;
    private final LabConnection conn;
    /** Accepted on the implicit-TLS port: the handshake comes before the greeting. */
    private final boolean implicitTls;

    private String helo;
    private boolean esmtp;
    private String authUser;
    private Transaction tx;
    private int transactions;
    private boolean closed;

    LabSession(LabServer server, Socket socket, int id, Scenario scenario, boolean implicitTls) throws IOException {
        this.server = server;
        this.implicitTls = implicitTls;
        this.config = server.config();
        this.scenario = scenario;
        this.id = id;
        this.client = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        LabConnection.Pacing pacing = switch (scenario) {
            case SLOW -> LabConnection.Pacing.SLOW;
            case TRICKLE -> LabConnection.Pacing.TRICKLE;
            default -> LabConnection.Pacing.BATCHED;
        };
        this.conn = new LabConnection(socket, pacing,
                scenario == Scenario.SLOW ? config.slowDelay() : config.trickleDelay(), config.idleTimeout());
    }

    /** Asks the session to end: it sees the end of its input, says 421 if it can, and closes. */
    void shutdown() {
        conn.shutdownInput();
    }

    /** Closes the connection at once, for sessions that did not end when asked. */
    void forceClose() {
        try {
            conn.close();
        } catch (IOException e) {
            // Closing is all that was wanted.
        }
    }

    @Override
    public void run() {
        server.log().open(id, client);
        note("connection from " + client + (implicitTls ? " on the implicit-TLS port" : "") + "; scenario "
                + scenario.id());
        try {
            if (implicitTls) {
                try {
                    conn.startTls(server.tlsContext());
                } catch (IOException e) {
                    note("TLS handshake failed: " + e.getMessage());
                    return;
                }
                note("TLS established before the greeting (implicit TLS): " + conn.tlsProtocol() + ", "
                        + conn.tlsCipher());
            }
            reply(220, null, config.serverName() + (scenario.speaksEsmtp() ? " ESMTP" : "")
                    + " SMTP Explorer lab, scenario " + scenario.id());
            while (!closed) {
                LabConnection.Line line = conn.readLine(Math.max(config.maxLineLength(), LabConfig.AUTH_LINE_LENGTH));
                if (line == null) {
                    endOfInput();
                    break;
                }
                handle(line);
            }
            conn.flush();
        } catch (SocketTimeoutException e) {
            note("nothing received for " + config.idleTimeout().toMillis() + " ms; closing");
            quietly(() -> {
                reply(421, "4.4.2", config.serverName() + " Idle timeout, closing connection");
                conn.flush();
            });
        } catch (IOException e) {
            note(server.isClosing() ? "connection closed: the lab server is stopping"
                    : "connection lost: " + e.getMessage());
        } finally {
            forceClose();
            note("session ended");
        }
    }

    private void endOfInput() throws IOException {
        if (server.isClosing()) {
            note("the lab server is stopping");
            reply(421, "4.3.2", config.serverName() + " Service shutting down, closing connection");
            conn.flush();
        } else {
            note("the client closed the connection" + (tx != null ? " in the middle of a transaction" : ""));
        }
    }

    private void handle(LabConnection.Line line) throws IOException {
        boolean sentAhead = conn.inputWaiting();
        boolean auth = ReplyText.startsWithWord(line.bytes(), "AUTH");
        if (line.tooLong() || line.length() > (auth ? LabConfig.AUTH_LINE_LENGTH : config.maxLineLength())) {
            received((auth ? "AUTH " + Redaction.MARK : ReplyText.preview(line.bytes())) + "... (" + line.length()
                    + " bytes)");
            reply(500, auth ? "5.5.6" : "5.5.2", auth ? "Authentication exchange line is too long"
                    : "Line too long; the limit is " + config.maxLineLength() + " octets");
            return;
        }
        String text = decode(line.bytes());
        received(text == null ? ReplyText.preview(line.bytes()) : redact(text));
        if (text == null) {
            reply(500, "5.5.2", "Command is not valid UTF-8");
            return;
        }
        if (!line.crlf()) {
            note("this line ended in a bare LF instead of CRLF");
            if (scenario == Scenario.STRICT_CRLF) {
                reply(500, "5.5.2", "Command line ended in a bare LF; SMTP lines end in CRLF (RFC 5321 §2.3.8)");
                return;
            }
        }
        if (text.indexOf('\r') >= 0 || text.indexOf('\0') >= 0) {
            reply(500, "5.5.2", "Command contains a bare CR or a NUL");
            return;
        }
        int sp = text.indexOf(' ');
        String verb = (sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT);
        String args = sp < 0 ? "" : text.substring(sp + 1);
        if (scenario == Scenario.GARBAGE) {
            garbage(verb, args);
            return;
        }
        // A BDAT line is followed by its chunk at once: that is the payload, not a command sent ahead.
        if (scenario == Scenario.NO_PIPELINING && sentAhead && !verb.equals("BDAT")) {
            note(verb + " was followed by more input before its reply was sent, but PIPELINING was not offered");
            reply(503, "5.5.0", "Improper use of SMTP command pipelining");
            return;
        }
        try {
            dispatch(verb, args);
        } catch (Rejection r) {
            reply(r.code(), r.enhanced(), r.text());
        }
    }

    private void dispatch(String verb, String args) throws IOException {
        switch (verb) {
            case "HELO" -> helo(args);
            case "EHLO" -> ehlo(args);
            case "MAIL" -> mail(args);
            case "RCPT" -> rcpt(args);
            case "DATA" -> data(args);
            case "BDAT" -> bdat(args);
            case "RSET" -> rset(args);
            case "NOOP" -> reply(250, "2.0.0", "OK");
            case "QUIT" -> quit(args);
            case "VRFY" -> vrfy(args);
            case "EXPN" -> reply(502, "5.5.1", "EXPN is not implemented: the lab has no mailing lists");
            case "HELP" -> help(args);
            case "STARTTLS" -> starttls(args);
            case "AUTH" -> auth(args);
            default -> reply(500, "5.5.2", "Command unrecognized: " + ReplyText.printable(verb));
        }
    }

    // ---- greeting and extensions

    private void helo(String args) throws IOException {
        String domain = requireOneWord(args, "HELO");
        startOver(domain, false);
        reply(250, null, config.serverName() + " Hello " + ReplyText.printable(domain));
    }

    private void ehlo(String args) throws IOException {
        if (!scenario.speaksEsmtp()) {
            reply(500, null, "Command unrecognized: EHLO");
            return;
        }
        String domain = requireOneWord(args, "EHLO");
        startOver(domain, true);
        List<String> lines = new ArrayList<>();
        lines.add(config.serverName() + " Hello " + ReplyText.printable(domain) + " ["
                + client.substring(0, client.lastIndexOf(':')) + "]");
        lines.addAll(EhloKeywords.keywords(scenario, config, conn.isTls()));
        reply(250, null, lines.toArray(String[]::new));
    }

    /** HELO and EHLO end any transaction (RFC 5321 §4.1.4); authentication stays. */
    private void startOver(String domain, boolean extended) {
        helo = domain;
        esmtp = extended;
        tx = null;
    }

    private static String requireOneWord(String args, String verb) {
        String a = args.strip();
        if (a.isEmpty() || a.contains(" ")) {
            throw Rejection.syntax("Syntax: " + verb + " domain (one word, e.g. client.example or [127.0.0.1])");
        }
        return a;
    }

    private void requireHello() {
        if (helo == null) {
            throw Rejection.badSequence(conn.isTls() && !implicitTls ? "Send EHLO again first: STARTTLS reset the"
                    + " session (RFC 3207 §4.2)" : "Send HELO or EHLO first");
        }
    }

    // ---- the mail transaction

    private void mail(String args) throws IOException {
        requireHello();
        if (tx != null) {
            throw Rejection.badSequence("Sender already given; send RSET to start over");
        }
        int pathStart = afterKeyword(args, "FROM:", "MAIL FROM:<address> [parameters]");
        Mailbox.Path path = Mailbox.parse(args, pathStart, true, false, "5.1.7");
        Map<String, String> params = EsmtpParameters.parse(args.substring(path.end()));
        Transaction t = new Transaction(path.mailbox() == null ? "" : path.mailbox().address(), params);
        if (!params.isEmpty() && !esmtp) {
            throw new Rejection(555, "5.5.4", "MAIL parameters need EHLO; this session said HELO");
        }
        long limit = config.sizeLimit(scenario);
        for (Map.Entry<String, String> p : params.entrySet()) {
            String v = p.getValue();
            switch (p.getKey()) {
                case "SIZE" -> {
                    if (v == null || !v.matches("[0-9]{1,18}")) {
                        throw Rejection.syntax("SIZE must be a number of octets");
                    }
                    t.declaredSize = Long.parseLong(v);
                    if (t.declaredSize > limit) {
                        throw new Rejection(552, "5.3.4", "Message size exceeds fixed maximum message size ("
                                + limit + " octets)");
                    }
                }
                case "BODY" -> {
                    String body = v == null ? "" : v.toUpperCase(Locale.ROOT);
                    if (!body.equals("7BIT") && !body.equals("8BITMIME") && !body.equals("BINARYMIME")) {
                        throw Rejection.syntax("BODY must be 7BIT, 8BITMIME or BINARYMIME");
                    }
                    if (body.equals("BINARYMIME") && !scenario.chunking()) {
                        throw new Rejection(555, "5.5.4", "BODY=BINARYMIME needs CHUNKING, which is not offered");
                    }
                    t.body = body;
                }
                case "SMTPUTF8" -> {
                    noValue(p);
                    t.smtpUtf8 = true;
                }
                case "RET" -> {
                    String ret = v == null ? "" : v.toUpperCase(Locale.ROOT);
                    if (!ret.equals("FULL") && !ret.equals("HDRS")) {
                        throw Rejection.syntax("RET must be FULL or HDRS (RFC 3461 §4.3)");
                    }
                    t.ret = ret;
                }
                case "ENVID" -> {
                    t.envid = xtext(v, "ENVID");
                    if (t.envid.length() > 100) {
                        throw Rejection.syntax("ENVID may have at most 100 characters (RFC 3461 §4.4)");
                    }
                }
                case "REQUIRETLS" -> {
                    noValue(p);
                    if (!conn.isTls()) {
                        throw new Rejection(530, "5.7.10", "REQUIRETLS needs a TLS session; send STARTTLS first");
                    }
                    t.requireTls = true;
                }
                case "AUTH" -> {
                    if (EhloKeywords.mechanisms(scenario, config, conn.isTls()).isEmpty()) {
                        throw unsupported("MAIL", "AUTH");
                    }
                    t.auth = v == null || v.equals("<>") ? "<>" : xtext(v, "AUTH");
                }
                default -> throw unsupported("MAIL", p.getKey());
            }
        }
        if (path.mailbox() != null && path.mailbox().needsSmtpUtf8() && !t.smtpUtf8) {
            throw new Rejection(553, "5.6.7", "Non-ASCII sender address needs the SMTPUTF8 parameter");
        }
        if (transactions >= EhloKeywords.MAIL_MAX) {
            reply(421, "4.7.0", "Too many transactions in one session (MAILMAX=" + EhloKeywords.MAIL_MAX
                    + "); closing connection");
            closed = true;
            return;
        }
        transactions++;
        tx = t;
        reply(250, "2.1.0", "Sender <" + t.from + "> OK");
    }

    private void rcpt(String args) throws IOException {
        requireHello();
        if (tx == null) {
            throw Rejection.badSequence("Need MAIL before RCPT");
        }
        if (tx.bdat != null) {
            throw Rejection.badSequence("RCPT not allowed once BDAT has started");
        }
        int pathStart = afterKeyword(args, "TO:", "RCPT TO:<address> [parameters]");
        Mailbox.Path path = Mailbox.parse(args, pathStart, false, true, "5.1.3");
        Mailbox rcpt = path.mailbox();
        Map<String, String> params = EsmtpParameters.parse(args.substring(path.end()));
        if (!params.isEmpty() && !esmtp) {
            throw new Rejection(555, "5.5.4", "RCPT parameters need EHLO; this session said HELO");
        }
        List<String> notify = List.of();
        String orcpt = null;
        for (Map.Entry<String, String> p : params.entrySet()) {
            switch (p.getKey()) {
                case "NOTIFY" -> notify = DsnValues.notify(p.getValue());
                case "ORCPT" -> orcpt = DsnValues.orcpt(p.getValue());
                default -> throw unsupported("RCPT", p.getKey());
            }
        }
        if (rcpt.needsSmtpUtf8() && !tx.smtpUtf8) {
            throw new Rejection(553, "5.6.7", "Non-ASCII recipient address needs SMTPUTF8 on the MAIL command");
        }
        if (tx.recipients.size() >= EhloKeywords.RCPT_MAX) {
            throw new Rejection(452, "4.5.3", "Too many recipients (RCPTMAX=" + EhloKeywords.RCPT_MAX + ")");
        }
        MailboxRules.checkRecipient(rcpt, authUser != null);
        if (scenario == Scenario.GREYLIST && server.greylistFirstTry(tx.from, rcpt.address())) {
            throw new Rejection(451, "4.7.1", "<" + rcpt.address() + ">: Greylisted, please try again later");
        }
        tx.recipients.add(new Envelope.Recipient(rcpt.address(), params, notify, orcpt));
        reply(250, "2.1.5", "Recipient <" + rcpt.address() + "> OK");
    }

    private void data(String args) throws IOException {
        if (!args.isBlank()) {
            throw Rejection.syntax("Syntax: DATA (no arguments)");
        }
        requireHello();
        if (tx == null) {
            throw Rejection.badSequence("Need MAIL and RCPT before DATA");
        }
        if (tx.bdat != null) {
            throw Rejection.badSequence("BDAT transfer in progress; continue with BDAT or send RSET");
        }
        if (tx.recipients.isEmpty()) {
            throw new Rejection(554, "5.5.1", "No valid recipients");
        }
        if ("BINARYMIME".equals(tx.body)) {
            throw Rejection.badSequence("BODY=BINARYMIME must be sent with BDAT, not DATA (RFC 3030 §3)");
        }
        reply(354, null, "End data with <CR><LF>.<CR><LF>");
        BoundedSink sink = new BoundedSink(config.sizeLimit(scenario));
        DataReader reader = new DataReader(scenario == Scenario.LF_TOLERANT, sink);
        long wireLimit = scenario == Scenario.DROP_MID_DATA ? config.dropAfterBytes() : Long.MAX_VALUE;
        boolean open = conn.pump(reader, wireLimit);
        if (!reader.done()) {
            note(open ? "drop-mid-data: closing the connection after " + reader.consumed()
                    + " bytes of the message, without a reply" : "the client closed the connection after "
                    + reader.consumed() + " bytes of the message; it is discarded");
            closed = true;
            return;
        }
        note("message data: " + reader.consumed() + " bytes on the wire, " + sink.size() + " after un-stuffing"
                + (reader.bareLf() + reader.bareCr() > 0 ? "; " + reader.bareLf() + " bare LF and "
                + reader.bareCr() + " bare CR in the content" : ""));
        Transaction t = tx;
        tx = null;
        if (sink.overflowed()) {
            reply(552, "5.3.4", "Message size exceeds fixed maximum message size (" + config.sizeLimit(scenario)
                    + " octets)");
        } else if (scenario == Scenario.STRICT_CRLF && reader.bareLf() + reader.bareCr() > 0) {
            reply(554, "5.6.0", "Message refused: bare " + (reader.bareLf() > 0 ? "LF" : "CR") + " at offset "
                    + reader.firstBareAt() + "; lines must end in CRLF (RFC 5321 §2.3.8)");
        } else {
            accept(t, Transfer.DATA, List.of(sink.size()), sink.toByteArray());
        }
    }

    private void bdat(String args) throws IOException {
        if (!scenario.chunking()) {
            if (scenario.speaksEsmtp()) {
                reply(502, "5.5.1", "BDAT not implemented: CHUNKING was not offered");
            } else {
                reply(500, null, "Command unrecognized: BDAT");
            }
            note("the chunk's bytes, if any, will now be read as commands");
            return;
        }
        Matcher m = BDAT_ARGS.matcher(args.strip());
        if (!m.matches()) {
            note("cannot tell how many bytes follow, so they will be read as commands");
            throw Rejection.syntax("Syntax: BDAT size [LAST]");
        }
        long size = Long.parseLong(m.group(1));
        boolean last = m.group(2) != null;
        // The chunk is read whatever the reply will be: its bytes must never be taken for commands (RFC 3030 §2).
        boolean usable = helo != null && tx != null && !tx.recipients.isEmpty();
        if (usable && tx.bdat == null) {
            tx.bdat = new BoundedSink(config.sizeLimit(scenario));
        }
        BoundedSink sink = usable ? tx.bdat : new BoundedSink(0);
        long allowed = size;
        if (scenario == Scenario.DROP_MID_DATA) {
            long sent = usable ? tx.bdat.size() : 0;
            allowed = Math.min(size, Math.max(0, config.dropAfterBytes() - sent));
        }
        long got = conn.transfer(allowed, sink);
        if (got < allowed) {
            note("the client closed the connection after " + got + " of " + size + " chunk bytes");
            closed = true;
            return;
        }
        if (allowed < size) {
            note("drop-mid-data: closing the connection after " + got + " bytes of this chunk, without a reply");
            closed = true;
            return;
        }
        note("chunk of " + size + " bytes" + (last ? " (LAST)" : ""));
        requireHello();
        if (tx == null) {
            throw Rejection.badSequence("Need MAIL and RCPT before BDAT; the " + size + " bytes were discarded");
        }
        if (tx.recipients.isEmpty()) {
            throw new Rejection(554, "5.5.1", "No valid recipients; the " + size + " bytes were discarded");
        }
        tx.chunks.add(size);
        if (tx.bdat.overflowed()) {
            tx = null;
            throw new Rejection(552, "5.3.4", "Message size exceeds fixed maximum message size ("
                    + config.sizeLimit(scenario) + " octets); transaction aborted");
        }
        if (!last) {
            reply(250, "2.0.0", size + " octets received");
            return;
        }
        Transaction t = tx;
        tx = null;
        accept(t, Transfer.BDAT, t.chunks, t.bdat.toByteArray());
    }

    private void accept(Transaction t, Transfer transfer, List<Long> chunks, byte[] content) throws IOException {
        SessionInfo info = new SessionInfo(id, client, helo, esmtp, conn.isTls(), conn.tlsProtocol(),
                conn.tlsCipher(), authUser);
        try {
            ReceivedMessage m = server.store(Instant.now(), info, t.envelope(), transfer, chunks, content);
            note("stored as message " + m.number() + " (" + content.length + " bytes, " + transfer + ")");
            reply(250, "2.0.0", "Message accepted as " + m.number()
                    + (transfer == Transfer.BDAT ? " (" + content.length + " octets in " + chunks.size()
                    + (chunks.size() == 1 ? " chunk)" : " chunks)") : ""));
        } catch (IOException e) {
            note("cannot write the message to the maildir: " + e.getMessage());
            reply(451, "4.3.0", "Cannot store the message now; try again later");
        }
    }

    private void rset(String args) throws IOException {
        if (!args.isBlank()) {
            throw Rejection.syntax("Syntax: RSET (no arguments)");
        }
        tx = null;
        reply(250, "2.0.0", "Reset OK");
    }

    private void quit(String args) throws IOException {
        if (!args.isBlank()) {
            throw Rejection.syntax("Syntax: QUIT (no arguments)");
        }
        reply(221, "2.0.0", config.serverName() + " closing connection");
        closed = true;
    }

    private void vrfy(String args) throws IOException {
        String who = args.strip();
        if (who.isEmpty()) {
            throw Rejection.syntax("Syntax: VRFY user-or-address");
        }
        if (server.users().containsKey(who)) {
            reply(250, "2.1.5", who + " <" + who + "@lab.example>");
            return;
        }
        String path = who.startsWith("<") ? who : "<" + who + ">";
        Mailbox.Path parsed = Mailbox.parse(path, 0, false, true, "5.1.3");
        if (parsed.end() != path.length()) {
            throw Rejection.syntax("Syntax: VRFY user-or-address");
        }
        MailboxRules.checkRecipient(parsed.mailbox(), authUser != null);
        reply(252, "2.1.5", "Cannot VRFY <" + parsed.mailbox().address() + ">, but will accept mail for it");
    }

    private void help(String args) throws IOException {
        String topic = args.strip().toUpperCase(Locale.ROOT);
        if (topic.isEmpty()) {
            reply(214, "2.0.0", "SMTP Explorer lab server, scenario " + scenario.id() + ": " + scenario.title(),
                    "Commands: HELO EHLO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH",
                    "HELP <command> shows its syntax; RFC 5321 describes them all",
                    "End of HELP info");
            return;
        }
        String syntax = ReplyText.HELP.get(topic);
        if (syntax == null) {
            throw new Rejection(504, "5.5.4", "No help for \"" + ReplyText.printable(topic) + "\"");
        }
        reply(214, "2.0.0", syntax);
    }

    // ---- TLS and AUTH

    private void starttls(String args) throws IOException {
        if (!scenario.speaksEsmtp()) {
            reply(500, null, "Command unrecognized: STARTTLS");
            return;
        }
        if (!scenario.offersStartTls()) {
            throw new Rejection(502, "5.5.1", "STARTTLS not available on this server");
        }
        if (!args.isBlank()) {
            throw Rejection.syntax("Syntax: STARTTLS (no arguments)");
        }
        if (conn.isTls()) {
            throw Rejection.badSequence("TLS already active");
        }
        requireHello();
        if (tx != null) {
            throw Rejection.badSequence("Finish or RSET the mail transaction before STARTTLS");
        }
        if (scenario == Scenario.TLS_BROKEN) {
            reply(454, "4.7.0", "TLS not available due to temporary reason");
            return;
        }
        // Whatever arrived before the 220 went out was sent without waiting for it, so it cannot belong to the TLS
        // handshake: drop it now (RFC 3207 §6). Doing this after the 220 would race with the client's ClientHello.
        int dropped = conn.discardBuffered();
        if (dropped > 0) {
            note("discarded " + dropped + " bytes the client sent after STARTTLS before the 220; commands must be "
                    + "sent again inside TLS (RFC 3207 §6)");
        }
        if (scenario == Scenario.STARTTLS_INJECTION) {
            byte[] ready = wire(220, "2.0.0", "Ready to start TLS");
            byte[] all = new byte[ready.length + INJECTED.length];
            System.arraycopy(ready, 0, all, 0, ready.length);
            System.arraycopy(INJECTED, 0, all, ready.length, INJECTED.length);
            logSent(all);
            note("starttls-injection: two extra reply lines sent in the same segment as the 220, before TLS");
            conn.sendAtOnce(all);
        } else {
            reply(220, "2.0.0", "Ready to start TLS");
            conn.flush();
        }
        try {
            conn.startTls(server.tlsContext());
        } catch (IOException e) {
            note("TLS handshake failed: " + e.getMessage());
            closed = true;
            return;
        }
        // RFC 3207 §4.2: forget everything learnt before TLS; the client must say EHLO again.
        helo = null;
        esmtp = false;
        authUser = null;
        tx = null;
        note("TLS established: " + conn.tlsProtocol() + ", " + conn.tlsCipher());
    }

    private void auth(String args) throws IOException {
        if (!scenario.speaksEsmtp()) {
            reply(500, null, "Command unrecognized: AUTH");
            return;
        }
        if (helo == null || !esmtp) {
            throw Rejection.badSequence("Send EHLO first");
        }
        if (authUser != null) {
            throw Rejection.badSequence("Already authenticated");
        }
        if (tx != null) {
            throw Rejection.badSequence("AUTH not allowed during a mail transaction");
        }
        String[] parts = args.strip().split(" ", -1);
        if (parts[0].isEmpty() || parts.length > 2) {
            throw Rejection.syntax("Syntax: AUTH mechanism [initial-response]");
        }
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        if (!EhloKeywords.ALL_MECHANISMS.contains(mechanism)) {
            throw new Rejection(504, "5.5.4", "Unrecognized authentication type " + ReplyText.printable(mechanism));
        }
        if (!EhloKeywords.mechanisms(scenario, config, conn.isTls()).contains(mechanism)) {
            throw new Rejection(538, "5.7.11", "Encryption required for requested authentication mechanism");
        }
        SaslServer sasl = switch (mechanism) {
            case "PLAIN" -> new PlainServer(server.userDirectory());
            case "LOGIN" -> new LoginServer(server.userDirectory());
            case "CRAM-MD5" -> new CramMd5Server(server.userDirectory(), config.serverName(),
                    System.currentTimeMillis());
            default -> new ScramServer(mechanism, server.userDirectory());
        };
        byte[] initial = parts.length == 2 ? base64(parts[1], true) : null;
        SaslStep step = sasl.start(initial);
        while (step instanceof SaslStep.Challenge c) {
            reply(334, null, Base64.getEncoder().encodeToString(c.data()));
            LabConnection.Line line = conn.readLine(LabConfig.AUTH_LINE_LENGTH);
            if (line == null) {
                endOfInput();
                closed = true;
                return;
            }
            String text = line.tooLong() ? null : decode(line.bytes());
            received(text == null ? "(unreadable " + line.length() + " bytes)"
                    : text.equals("*") ? text : Redaction.MARK);
            if (line.tooLong()) {
                throw new Rejection(500, "5.5.6", "Authentication exchange line is too long");
            }
            if ("*".equals(text)) {
                throw new Rejection(501, "5.7.0", "Authentication cancelled");
            }
            step = sasl.next(base64(text == null ? "!" : text, false));
        }
        if (step instanceof SaslStep.Success s) {
            authUser = s.user();
            note("authenticated as " + s.user() + " with " + mechanism);
            reply(235, "2.7.0", "Authentication successful");
        } else if (step instanceof SaslStep.Failure f) {
            note(mechanism + " failed: " + f.reason());
            reply(f.code(), f.enhanced(), f.text());
        }
    }

    /** Decodes a SASL line; "=" is the empty initial response (RFC 4954 §4), only allowed there. */
    private static byte[] base64(String text, boolean initial) {
        if (initial && text.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new Rejection(501, "5.5.2", "Cannot decode the response: it is not base64");
        }
    }

    // ---- garbage

    private void garbage(String verb, String args) throws IOException {
        switch (verb) {
            case "EHLO" -> {
                String head = "250-" + config.serverName() + " Hello " + ReplyText.printable(args) + "\r\n"
                        + "25O-8BITMIME\r\n";
                logSent(head.getBytes(StandardCharsets.UTF_8));
                conn.sendAtOnce(head.getBytes(StandardCharsets.UTF_8));
                note("garbage: sending up to " + config.garbageLines() + " \"250-\" lines that never end");
                StringBuilder batch = new StringBuilder();
                for (int i = 1; i <= config.garbageLines(); i++) {
                    batch.append("250-X-GARBAGE-").append(i).append("\r\n");
                    if (batch.length() > 8000 || i == config.garbageLines()) {
                        conn.sendAtOnce(batch.toString().getBytes(StandardCharsets.US_ASCII));
                        batch.setLength(0);
                    }
                }
                note("garbage: all " + config.garbageLines() + " lines sent; closing without a last line");
                closed = true;
            }
            case "HELO" -> sendRaw(("250" + config.serverName() + " Hello\r\n").getBytes(StandardCharsets.UTF_8));
            default -> {
                sendRaw("250-Working on it\r\n550 5.0.0 Changed my mind\r\n".getBytes(StandardCharsets.US_ASCII));
                closed = verb.equals("QUIT");
            }
        }
    }

    private void sendRaw(byte[] bytes) throws IOException {
        logSent(bytes);
        conn.send(bytes);
    }

    // ---- replies and the log

    /** Sends a reply in the canonical wire form; the enhanced code is left out where the scenario has none. */
    private void reply(int code, String enhanced, String... lines) throws IOException {
        byte[] bytes = wire(code, enhanced, lines);
        logSent(bytes);
        conn.send(bytes);
    }

    private byte[] wire(int code, String enhanced, String... lines) {
        EnhancedStatus status = enhanced != null && scenario.enhancedCodes()
                ? EnhancedStatus.parse(enhanced).orElseThrow() : null;
        return SmtpReply.of(code, status, lines).toWire();
    }

    private void logSent(byte[] bytes) {
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r\n")) {
            server.log().add(id, LogLine.Direction.SENT, line);
        }
    }

    private void received(String text) {
        server.log().add(id, LogLine.Direction.RECEIVED, text);
    }

    private void note(String text) {
        server.log().add(id, LogLine.Direction.NOTE, text);
    }

    /**
     * Masks the initial response of AUTH, whatever the mechanism, as the client's transcript does (SmtpCommand):
     * PLAIN and LOGIN carry the password itself, and a CRAM-MD5 digest or a SCRAM proof, logged beside the challenge
     * it answers, lets anyone who reads the log try passwords offline.
     */
    private static String redact(String text) {
        String[] parts = text.split(" ", 3);
        if (parts.length == 3 && parts[0].equalsIgnoreCase("AUTH")) {
            return parts[0] + " " + parts[1] + " " + Redaction.MARK;
        }
        return text;
    }

    /** Strict UTF-8 (ASCII included); null when the bytes are not. */
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int afterKeyword(String args, String keyword, String syntax) {
        if (!args.regionMatches(true, 0, keyword, 0, keyword.length())) {
            throw Rejection.syntax("Syntax: " + syntax);
        }
        if (args.length() > keyword.length() && args.charAt(keyword.length()) == ' ') {
            throw Rejection.syntax("Syntax: " + syntax + "; no space after \"" + keyword + "\" (RFC 5321 §4.1.1.2)");
        }
        return keyword.length();
    }

    private static void noValue(Map.Entry<String, String> p) {
        if (p.getValue() != null) {
            throw Rejection.syntax(p.getKey() + " takes no value");
        }
    }

    private static String xtext(String value, String keyword) {
        if (value == null) {
            throw Rejection.syntax(keyword + " needs a value");
        }
        return DsnValues.xtext(value, keyword);
    }

    private static Rejection unsupported(String command, String keyword) {
        return new Rejection(555, "5.5.4", command + " parameter " + keyword + " not recognized");
    }

    private void quietly(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            note("could not say goodbye: " + e.getMessage());
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** The mail transaction under way: from MAIL until the message is accepted, refused or reset. */
    private static final class Transaction {
        final String from;
        final Map<String, String> params;
        final List<Envelope.Recipient> recipients = new ArrayList<>();
        final List<Long> chunks = new ArrayList<>();
        Long declaredSize;
        String body;
        boolean smtpUtf8;
        String ret;
        String envid;
        boolean requireTls;
        String auth;
        BoundedSink bdat;

        Transaction(String from, Map<String, String> params) {
            this.from = from;
            this.params = params;
        }

        Envelope envelope() {
            return new Envelope(from, params, recipients, body, smtpUtf8, declaredSize, ret, envid, requireTls, auth);
        }
    }
}
