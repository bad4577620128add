package org.smtpexplorer.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a session was asked to do, saved beside its transcript so that it can be replayed ({@code smtpx replay}) or
 * exported as a script ({@code smtpx export}). Plain values with the command line's names ("starttls", "bdat",
 * "8bitmime", ...), so that the file reads like the options it came from. Never a password or a token: only the user
 * name. A field missing from the file is null (or false, or 0): read tolerantly, as older and newer files may differ.
 *
 * @param host               the server as asked for
 * @param port               its port
 * @param security           none, starttls, starttls-if-available or implicit (as resolved from "auto")
 * @param trustCerts         PEM files trusted besides the system's roots, as given
 * @param insecure           certificate checks were switched off
 * @param ipFamily           any, ipv4 or ipv6
 * @param helo               the EHLO (or HELO) name
 * @param authMechanism      the AUTH mechanism asked for ("auto" or a name), or null for no AUTH
 * @param user               the AUTH user name, or null
 * @param allowPlaintextAuth PLAIN, LOGIN and tokens were allowed without TLS
 * @param from               the envelope sender ("" for the null sender)
 * @param to                 the envelope recipients
 * @param transfer           auto, data or bdat
 * @param chunkSize          the BDAT chunk size in bytes
 * @param pipelining         pipelining was allowed
 * @param smtpUtf8           auto, on or off
 * @param body               auto, 7bit, 8bitmime or binarymime
 * @param lineEndings        normalise or keep
 * @param dsnNotify          DSN NOTIFY=, or null
 * @param dsnRet             DSN RET=, or null
 * @param envid              DSN ENVID= as plain text, or null
 * @param requireTls         MAIL carried REQUIRETLS
 * @param quitAfter          where the run was asked to stop (connect, greeting, ehlo, tls, auth, mail, rcpt, data), or
 *                           null for a whole session
 * @param timeoutSeconds     the connect and reply timeout, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SavedRequest(String host, int port, String security, List<String> trustCerts, boolean insecure,
                           String ipFamily, String helo, String authMechanism, String user,
                           boolean allowPlaintextAuth, String from, List<String> to, String transfer, int chunkSize,
                           boolean pipelining, String smtpUtf8, String body, String lineEndings, String dsnNotify,
                           String dsnRet, String envid, boolean requireTls, String quitAfter,
                           Integer timeoutSeconds) {

    public SavedRequest {
        trustCerts = trustCerts == null ? List.of() : List.copyOf(trustCerts);
        to = to == null ? List.of() : List.copyOf(to);
    }

    /**
     * The request a transcript shows, for a file saved without one (the window's export, a first-edition file):
     * the server from its connection, the security from where TLS started, the EHLO name, the AUTH mechanism and
     * user (from smtpx's "Authenticated as" note), the envelope and its parameters from MAIL and RCPT, DATA or
     * BDAT and the chunk size. What a transcript cannot show (trusted certificates, timeouts) is left at its
     * default.
     *
     * @throws IllegalArgumentException when the transcript shows no connection
     */
    public static SavedRequest inferredFrom(List<TranscriptEntry> entries) {
        TranscriptEntry.Connect connect = null;
        boolean commandSeen = false;
        String security = "none";
        String helo = null;
        String mechanism = null;
        String user = null;
        String from = null;
        List<String> to = new ArrayList<>();
        String transfer = "auto";
        int chunkSize = 0;
        int bdats = 0;
        // A chunk after the first that is larger than it: the chunks grew (SendingPlan#nextChunk), no size was set.
        long laterChunk = 0;
        boolean pipelined = false;
        String body = "auto";
        String smtpUtf8 = "auto";
        String ret = null;
        String envid = null;
        String notify = null;
        boolean requireTls = false;
        java.util.Map<Integer, Integer> perFlight = new java.util.HashMap<>();
        for (TranscriptEntry raw : entries) {
            TranscriptEntry e = raw.redacted();
            if (e instanceof TranscriptEntry.Connect c) {
                if (connect == null) {
                    connect = c;
                }
            } else if (e instanceof TranscriptEntry.TlsUp && !commandSeen) {
                security = "implicit";
            } else if (e instanceof TranscriptEntry.Note n && n.text().startsWith("Authenticated as ")) {
                int with = n.text().lastIndexOf(" with ");
                user = n.text().substring("Authenticated as ".length(), with > 0 ? with : n.text().length());
            } else if (e instanceof TranscriptEntry.Command c) {
                commandSeen = true;
                if (perFlight.merge(c.flight(), 1, Integer::sum) > 1) {
                    pipelined = true;
                }
                String text = c.text();
                String[] words = text.strip().split(" +");
                switch (c.verb() == null ? "" : c.verb()) {
                    case "EHLO", "HELO" -> {
                        if (helo == null && words.length > 1) {
                            helo = words[1];
                        }
                    }
                    case "STARTTLS" -> security = "starttls";
                    case "AUTH" -> {
                        if (words.length > 1) {
                            mechanism = words[1].toUpperCase(Locale.ROOT);
                        }
                    }
                    case "MAIL" -> {
                        MailPath p = MailPath.of(text);
                        from = p.address;
                        for (String param : p.params) {
                            String u = param.toUpperCase(Locale.ROOT);
                            if (u.equals("SMTPUTF8")) {
                                smtpUtf8 = "on";
                            } else if (u.equals("REQUIRETLS")) {
                                requireTls = true;
                            } else if (u.startsWith("BODY=")) {
                                body = switch (u.substring(5)) {
                                    case "7BIT" -> "7bit";
                                    case "8BITMIME" -> "8bitmime";
                                    case "BINARYMIME" -> "binarymime";
                                    default -> "auto";
                                };
                            } else if (u.startsWith("RET=")) {
                                ret = param.substring(4);
                            } else if (u.startsWith("ENVID=")) {
                                envid = xtextDecode(param.substring(6));
                            }
                        }
                    }
                    case "RCPT" -> {
                        MailPath p = MailPath.of(text);
                        to.add(p.address);
                        for (String param : p.params) {
                            if (param.toUpperCase(Locale.ROOT).startsWith("NOTIFY=")) {
                                notify = param.substring(7);
                            }
                        }
                    }
                    case "DATA" -> transfer = "data";
                    case "BDAT" -> {
                        transfer = "bdat";
                        bdats++;
                        if (bdats == 1 && words.length > 1 && words[1].matches("[0-9]{1,9}")) {
                            chunkSize = Integer.parseInt(words[1]);
                        } else if (bdats > 1 && words.length > 1 && words[1].matches("[0-9]{1,18}")) {
                            laterChunk = Math.max(laterChunk, Long.parseLong(words[1]));
                        }
                    }
                    default -> {
                        // Other commands do not change the request.
                    }
                }
            }
        }
        if (connect == null) {
            throw new IllegalArgumentException("the transcript shows no connection: nothing to replay");
        }
        int chunks = bdats > 1 && laterChunk <= chunkSize ? chunkSize : 0;
        return new SavedRequest(connect.host(), connect.port(), security, List.of(), false, "any", helo, mechanism,
                user, false, from == null ? "" : from, to, transfer, chunks, pipelined, smtpUtf8, body, "normalise",
                notify, ret, envid, requireTls, null, null);
    }

    /** The address of a MAIL FROM or RCPT TO line, without its angle brackets ("" for the null path). */
    public static String address(String commandLine) {
        return MailPath.of(commandLine).address;
    }

    /** The parameters after the address of a MAIL FROM or RCPT TO line. */
    public static List<String> parameters(String commandLine) {
        return MailPath.of(commandLine).params;
    }

    /** The address and parameters of a MAIL FROM or RCPT TO line. */
    private record MailPath(String address, List<String> params) {
        static MailPath of(String line) {
            int open = line.indexOf('<');
            if (open < 0) {
                return new MailPath("", List.of());
            }
            boolean quoted = false;
            int close = -1;
            for (int i = open + 1; i < line.length(); i++) {
                char ch = line.charAt(i);
                if (ch == '\\' && quoted) {
                    i++;
                } else if (ch == '"') {
                    quoted = !quoted;
                } else if (ch == '>' && !quoted) {
                    close = i;
                    break;
                }
            }
            if (close < 0) {
                return new MailPath(line.substring(open + 1), List.of());
            }
            String rest = line.substring(close + 1).strip();
            return new MailPath(line.substring(open + 1, close),
                    rest.isEmpty() ? List.of() : List.of(rest.split(" +")));
        }
    }

    /** RFC 3461 xtext: "+XX" is the byte with hex value XX. */
    private static String xtextDecode(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '+' && i + 2 < s.length() && s.substring(i + 1, i + 3).matches("[0-9A-Fa-f]{2}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
