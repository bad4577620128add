package org.smtpexplorer.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.smtpexplorer.transcript.SavedRequest;
import org.smtpexplorer.transcript.SessionStep;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * What a saved session did, as a script needs it: read from its steps (what really crossed the wire: the EHLO name,
 * the AUTH mechanism chosen, the MAIL and RCPT lines, DATA or BDAT and the chunks) and from its request (what the
 * steps cannot show: trusted certificates, the user, line endings, the timeout). Only the first connection counts.
 *
 * @param source      the saved session's file name, for the script's comments
 * @param request     the saved request (or one inferred from the transcript)
 * @param steps       the steps of the first connection
 * @param messageFile the message file the script reads, absolute; null when the session sent no message
 * @param message     the message bytes, null when the session sent none
 * @param passwordEnv the environment variable the script reads the password from
 * @param user        the AUTH user name, or null
 */
public record SessionFacts(String source, SavedRequest request, List<SessionStep> steps, Path messageFile,
                           byte[] message, String passwordEnv, String user) {

    /** How the connection was secured, as it happened. */
    public enum Security { NONE, STARTTLS, STARTTLS_IF_AVAILABLE, IMPLICIT }

    /** How the message went. */
    public enum Transfer { NONE, DATA, BDAT }

    public SessionFacts {
        Objects.requireNonNull(request, "request");
        steps = List.copyOf(steps);
        message = message == null ? null : message.clone();
        if (!passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("--password-env must be an environment variable name (letters, digits"
                    + " and _, not starting with a digit), not \"" + Quoting.comment(passwordEnv) + "\"");
        }
    }

    /** The facts of {@code steps}, cut at the second connection if there was one. */
    public static SessionFacts of(String source, SavedRequest request, List<SessionStep> steps, Path messageFile,
                                  byte[] message, String passwordEnv, String user) {
        List<SessionStep> first = new ArrayList<>();
        for (SessionStep s : steps) {
            if (s.kind() == SessionStep.Kind.GREETING && !first.isEmpty()) {
                break;
            }
            first.add(s);
        }
        return new SessionFacts(source, request, first, messageFile, message, passwordEnv, user);
    }

    /** The saved session connected more than once (the window can); only the first connection is exported. */
    public boolean cut(List<SessionStep> all) {
        return all.size() > steps.size();
    }

    public String host() {
        String h = request.host();
        if (h == null || !h.matches("[A-Za-z0-9:][A-Za-z0-9._:-]{0,253}")) {
            throw new IllegalArgumentException("the saved host \"" + Quoting.comment(String.valueOf(h))
                    + "\" is not a host name or an address");
        }
        return h;
    }

    public int port() {
        if (request.port() < 1 || request.port() > 65535) {
            throw new IllegalArgumentException("the saved port " + request.port() + " is not 1 to 65535");
        }
        return request.port();
    }

    /** host:port, IPv6 addresses in brackets. */
    public String hostPort() {
        return (host().contains(":") ? "[" + host() + "]" : host()) + ":" + port();
    }

    /** The host is an IP address literal (certificates are then checked against the address). */
    public boolean hostIsAddress() {
        return host().contains(":") || host().matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    public Security security() {
        for (SessionStep s : steps) {
            if (s.kind() == SessionStep.Kind.TLS) {
                return Security.IMPLICIT;
            }
            if (s.kind() == SessionStep.Kind.COMMAND) {
                break;
            }
        }
        boolean ifAvailable = "starttls-if-available".equals(request.security());
        if (steps.stream().anyMatch(s -> s.key().equals("STARTTLS"))) {
            return ifAvailable ? Security.STARTTLS_IF_AVAILABLE : Security.STARTTLS;
        }
        if ("implicit".equals(request.security())) {
            return Security.IMPLICIT;
        }
        return ifAvailable || "starttls".equals(request.security()) ? Security.STARTTLS_IF_AVAILABLE
                : Security.NONE;
    }

    public List<String> trustCerts() {
        return request.trustCerts();
    }

    public boolean insecure() {
        return request.insecure();
    }

    /** The name given with EHLO (or HELO), as sent. */
    public String helo() {
        for (SessionStep s : steps) {
            if (s.key().equals("EHLO") || s.key().equals("HELO")) {
                String[] w = s.command().orElseThrow().text().strip().split(" +", 2);
                if (w.length > 1) {
                    return w[1];
                }
            }
        }
        return request.helo() == null ? "localhost" : request.helo();
    }

    /** The AUTH mechanism the session used, upper case; empty when it did not authenticate. */
    public Optional<String> authMechanism() {
        return steps.stream().filter(s -> s.key().equals("AUTH")).findFirst()
                .map(s -> s.command().orElseThrow().text().strip().split(" +"))
                .filter(w -> w.length > 1).map(w -> w[1].toUpperCase(Locale.ROOT));
    }

    /** The AUTH command carried an initial response (RFC 4954 §4). */
    public boolean authInitialResponse() {
        return steps.stream().filter(s -> s.key().equals("AUTH")).findFirst()
                .map(s -> s.command().orElseThrow().text().strip().split(" +").length > 2).orElse(false);
    }

    /** The AUTH user; needed when the session authenticated. */
    public String authUser() {
        if (user == null) {
            throw new IllegalArgumentException("the saved session authenticated but its user is not known: give"
                    + " --user");
        }
        return user;
    }

    /** The keywords of the last successful EHLO. */
    public Map<String, String> lastEhlo() {
        Map<String, String> last = Map.of();
        for (SessionStep s : steps) {
            if (!s.ehloKeywords().isEmpty()) {
                last = s.ehloKeywords();
            }
        }
        return last;
    }

    /** The mechanisms the server offered in its last EHLO. */
    public List<String> offeredMechanisms() {
        String auth = lastEhlo().get("AUTH");
        return auth == null || auth.isBlank() ? List.of() : List.of(auth.toUpperCase(Locale.ROOT).split(" +"));
    }

    /** The first MAIL command line, as sent. */
    public Optional<String> mailLine() {
        return steps.stream().filter(s -> s.key().equals("MAIL")).findFirst()
                .map(s -> s.command().orElseThrow().text());
    }

    /** The RCPT command lines of the first transaction, as sent. */
    public List<String> rcptLines() {
        List<String> out = new ArrayList<>();
        boolean inMail = false;
        for (SessionStep s : steps) {
            if (s.key().equals("MAIL")) {
                if (inMail) {
                    break;
                }
                inMail = true;
            } else if (inMail && s.key().equals("RCPT")) {
                out.add(s.command().orElseThrow().text());
            }
        }
        return out;
    }

    public String from() {
        return mailLine().map(SavedRequest::address).orElse(request.from() == null ? "" : request.from());
    }

    public List<String> to() {
        List<String> lines = rcptLines();
        return lines.isEmpty() ? request.to() : lines.stream().map(SavedRequest::address).toList();
    }

    /** The parameters of MAIL and of each RCPT, as sent ("SIZE=28", "NOTIFY=NEVER", ...). */
    public List<String> envelopeParameters() {
        List<String> out = new ArrayList<>();
        mailLine().ifPresent(m -> out.addAll(SavedRequest.parameters(m)));
        for (String r : rcptLines()) {
            for (String p : SavedRequest.parameters(r)) {
                if (!out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    public Transfer transfer() {
        for (SessionStep s : steps) {
            if (s.key().equals("BDAT")) {
                return Transfer.BDAT;
            }
            if (s.key().equals("DATA")) {
                return Transfer.DATA;
            }
        }
        return Transfer.NONE;
    }

    /** The BDAT chunk sizes, in order. */
    public List<Long> chunkSizes() {
        List<Long> out = new ArrayList<>();
        for (SessionStep s : steps) {
            if (s.key().equals("BDAT")) {
                String[] w = s.command().orElseThrow().text().strip().split(" +");
                out.add(w.length > 1 && w[1].matches("[0-9]{1,18}") ? Long.parseLong(w[1]) : 0L);
            }
        }
        return out;
    }

    /** Bare CR and LF in the message were sent as CRLF (always by DATA; by BDAT unless asked to keep them). */
    public boolean normaliseLineEnds() {
        return transfer() != Transfer.BDAT || !"keep".equals(request.lineEndings());
    }

    /** The message has a CR or LF that is not part of a CRLF pair. */
    public boolean hasBareLineEnds() {
        if (message == null) {
            return false;
        }
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\r' && (i + 1 == message.length || message[i + 1] != '\n')) {
                return true;
            }
            if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
                return true;
            }
        }
        return false;
    }

    /** Some flight carried more than one command. */
    public boolean pipelined() {
        Map<Integer, Integer> perFlight = new java.util.HashMap<>();
        for (SessionStep s : steps) {
            Optional<TranscriptEntry.Command> c = s.command();
            if (c.isPresent() && perFlight.merge(c.get().flight(), 1, Integer::sum) > 1) {
                return true;
            }
        }
        return false;
    }

    /** The step keys, for "which steps did it take". */
    public boolean took(String key) {
        return steps.stream().anyMatch(s -> s.key().equals(key));
    }

    /** The session ended with QUIT. */
    public boolean quit() {
        return took("QUIT");
    }

    public int timeoutSeconds() {
        return request.timeoutSeconds() == null || request.timeoutSeconds() < 1 ? 60 : request.timeoutSeconds();
    }

    /** One line saying what the session did, for the script's first comments. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        parts.add("server " + hostPort());
        parts.add(switch (security()) {
            case NONE -> "no TLS";
            case STARTTLS -> "STARTTLS required";
            case STARTTLS_IF_AVAILABLE -> "STARTTLS if offered";
            case IMPLICIT -> "implicit TLS";
        });
        parts.add((took("HELO") && !took("EHLO") ? "HELO " : "EHLO ") + helo());
        authMechanism().ifPresent(m -> parts.add("AUTH " + m + (user == null ? "" : " as " + user)));
        mailLine().ifPresent(m -> parts.add("MAIL FROM:<" + from() + ">"));
        if (!rcptLines().isEmpty()) {
            parts.add(rcptLines().size() + " RCPT");
        }
        switch (transfer()) {
            case DATA -> parts.add("DATA");
            case BDAT -> parts.add("BDAT (" + chunkSizes().size() + (chunkSizes().size() == 1 ? " chunk)" : " chunks)"));
            default -> parts.add("no message");
        }
        if (pipelined()) {
            parts.add("pipelined");
        }
        return Quoting.comment(String.join(", ", parts));
    }
}
