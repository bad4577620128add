package org.smtpexplorer.engine;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;

/**
 * One command as a typed value: the engine reads what it needs from the fields (the sender's path, the BDAT size,
 * the AUTH mechanism), never by parsing its own text again. {@link #line()} is the exact line on the wire, without
 * CRLF. Built through the factories, which refuse CR, LF and NUL in every argument so that no value can split into
 * two commands. A line typed by hand is a {@link Raw}: sent as typed, with the typed command it reads as, if any.
 */
public sealed interface SmtpCommand {

    /** What the command is, for the state table. */
    Verb verb();

    /** The exact line text, without CRLF. */
    String line();

    /** Index in {@link #line()} from which the text is an authentication secret, or -1. */
    default int secretFrom() {
        return -1;
    }

    /** For BDAT, the size of the chunk that follows the command; otherwise -1. */
    default long bdatSize() {
        return -1;
    }

    /** For BDAT, whether this is the LAST chunk. */
    default boolean bdatLast() {
        return false;
    }

    /** The exact bytes on the wire: the line in UTF-8 and CRLF. */
    default byte[] toBytes() {
        return (line() + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    default boolean hasSecret() {
        return secretFrom() >= 0;
    }

    /** The line with its secret part replaced by a marker, for display and export. */
    default String redactedLine() {
        return hasSecret() ? line().substring(0, secretFrom()) + Redaction.MARK : line();
    }

    // ----------------------------------------------------------------------------------------------- the commands

    /** EHLO domain (RFC 5321 §4.1.1.1). */
    record Ehlo(String domain) implements SmtpCommand {
        public Ehlo {
            requireToken("EHLO domain", domain);
        }

        public Verb verb() {
            return Verb.EHLO;
        }

        public String line() {
            return "EHLO " + domain;
        }

        @Override
        public String toString() {
            return line();
        }
    }

    /** HELO domain, the fallback for servers without ESMTP. */
    record Helo(String domain) implements SmtpCommand {
        public Helo {
            requireToken("HELO domain", domain);
        }

        public Verb verb() {
            return Verb.HELO;
        }

        public String line() {
            return "HELO " + domain;
        }

        @Override
        public String toString() {
            return line();
        }
    }

    /** MAIL FROM:&lt;reversePath&gt; with parameters; an empty path is the null sender "&lt;&gt;". */
    record Mail(String reversePath, MailParameters parameters) implements SmtpCommand {
        public Mail {
            Addresses.checkPath("sender", reversePath, true);
            Objects.requireNonNull(parameters, "parameters");
        }

        public Verb verb() {
            return Verb.MAIL;
        }

        public String line() {
            return "MAIL FROM:<" + reversePath + ">" + parameters.render();
        }

        @Override
        public String toString() {
            return line();
        }
    }

    /** RCPT TO:&lt;forwardPath&gt; with parameters. */
    record Rcpt(String forwardPath, MailParameters parameters) implements SmtpCommand {
        public Rcpt {
            Addresses.checkPath("recipient", forwardPath, false);
            Objects.requireNonNull(parameters, "parameters");
        }

        public Verb verb() {
            return Verb.RCPT;
        }

        public String line() {
            return "RCPT TO:<" + forwardPath + ">" + parameters.render();
        }

        @Override
        public String toString() {
            return line();
        }
    }

    /** RFC 3030: BDAT size [LAST]; exactly {@code size} bytes of payload follow the command line. */
    record Bdat(long size, boolean last) implements SmtpCommand {
        public Bdat {
            if (size < 0) {
                throw new IllegalArgumentException("BDAT size must not be negative: " + size);
            }
        }

        public Verb verb() {
            return Verb.BDAT;
        }

        public String line() {
            return "BDAT " + size + (last ? " LAST" : "");
        }

        @Override
        public long bdatSize() {
            return size;
        }

        @Override
        public boolean bdatLast() {
            return last;
        }

        @Override
        public String toString() {
            return line();
        }
    }

    /** AUTH mechanism [initial-response] (RFC 4954 §4); the initial response is secret. */
    record Auth(String mechanism, String initialResponse) implements SmtpCommand {
        public Auth {
            mechanism = requireToken("AUTH mechanism", mechanism).toUpperCase(Locale.ROOT);
            if (initialResponse != null) {
                checkNoLineBreak("AUTH initial response", initialResponse);
            }
        }

        public Verb verb() {
            return Verb.AUTH;
        }

        public String line() {
            return "AUTH " + mechanism + (initialResponse == null ? ""
                    : " " + (initialResponse.isEmpty() ? "=" : initialResponse));
        }

        @Override
        public int secretFrom() {
            return initialResponse == null ? -1 : mechanism.length() + 6;
        }

        @Override
        public String toString() {
            return redactedLine();
        }
    }

    /** A line answering a 334 challenge; all of it is secret. "*" cancels the exchange (RFC 4954 §4). */
    record AuthResponse(String response) implements SmtpCommand {
        public AuthResponse {
            checkNoLineBreak("AUTH response", response);
        }

        public Verb verb() {
            return Verb.AUTH_RESPONSE;
        }

        public String line() {
            return response;
        }

        @Override
        public int secretFrom() {
            return response.equals("*") ? -1 : 0;
        }

        @Override
        public String toString() {
            return redactedLine();
        }
    }

    /** A command that is one word: DATA, RSET, NOOP, QUIT, STARTTLS. */
    record Word(Verb verb) implements SmtpCommand {
        public Word {
            if (verb != Verb.DATA && verb != Verb.RSET && verb != Verb.NOOP && verb != Verb.QUIT
                    && verb != Verb.STARTTLS) {
                throw new IllegalArgumentException(verb + " is not a command of one word");
            }
        }

        public String line() {
            return verb.name();
        }

        @Override
        public String toString() {
            return line();
        }
    }

    /** A command with one free-text argument: HELP [topic], VRFY, EXPN, ETRN. */
    record WithArgument(Verb verb, String argument) implements SmtpCommand {
        public WithArgument {
            if (verb != Verb.HELP && verb != Verb.VRFY && verb != Verb.EXPN && verb != Verb.ETRN) {
                throw new IllegalArgumentException(verb + " takes no free-text argument");
            }
            if (verb == Verb.HELP && (argument == null || argument.isEmpty())) {
                argument = "";
            } else {
                requireText(verb + " argument", argument);
            }
        }

        public String line() {
            return argument.isEmpty() ? verb.name() : verb.name() + " " + argument;
        }

        @Override
        public String toString() {
            return line();
        }
    }

    /**
     * A line typed by hand, sent exactly as typed. {@code meaning} is the typed command the line reads as (null
     * when it reads as none: a misspelt command, or one whose arguments do not parse), so that the engine checks and
     * follows it like any other.
     */
    record Raw(String line, SmtpCommand meaning) implements SmtpCommand {
        public Raw {
            checkNoLineBreak("command", line);
        }

        /** The verb the state machine follows: the meaning's, else the first word's if it names a command. */
        public Verb verb() {
            if (meaning != null) {
                return meaning.verb();
            }
            Verb v = CommandReader.wordVerb(line);
            // A BDAT whose size cannot be read cannot be framed: it is sent, but followed as an unknown line.
            return v == Verb.BDAT ? Verb.RAW : v;
        }

        @Override
        public int secretFrom() {
            if (meaning instanceof Auth a && a.initialResponse() != null) {
                Matcher m = CommandReader.AUTH_LINE.matcher(line);
                return m.matches() && !m.group(1).isEmpty() ? m.start(1) : -1;
            }
            return -1;
        }

        @Override
        public long bdatSize() {
            return meaning == null ? -1 : meaning.bdatSize();
        }

        @Override
        public boolean bdatLast() {
            return meaning != null && meaning.bdatLast();
        }

        @Override
        public String toString() {
            return redactedLine();
        }
    }

    /** Not a command: connecting, to which the greeting is the reply. */
    record Connect() implements SmtpCommand {
        public Verb verb() {
            return Verb.CONNECT;
        }

        public String line() {
            return "";
        }
    }

    /** Not a command: the final dot that ends DATA's body, to which the last reply of a transaction answers. */
    record EndOfData() implements SmtpCommand {
        public Verb verb() {
            return Verb.END_OF_DATA;
        }

        public String line() {
            return ".";
        }
    }

    // ---------------------------------------------------------------------------------------------- the factories

    static SmtpCommand ehlo(String domain) {
        return new Ehlo(domain);
    }

    static SmtpCommand helo(String domain) {
        return new Helo(domain);
    }

    /** MAIL FROM:&lt;reversePath&gt; with parameters; an empty reverse path is the null sender "&lt;&gt;". */
    static SmtpCommand mail(String reversePath, MailParameters params) {
        return new Mail(reversePath, params);
    }

    static SmtpCommand mail(String reversePath) {
        return new Mail(reversePath, MailParameters.none());
    }

    static SmtpCommand rcpt(String forwardPath, MailParameters params) {
        return new Rcpt(forwardPath, params);
    }

    static SmtpCommand rcpt(String forwardPath) {
        return new Rcpt(forwardPath, MailParameters.none());
    }

    static SmtpCommand data() {
        return new Word(Verb.DATA);
    }

    static SmtpCommand bdat(long size, boolean last) {
        return new Bdat(size, last);
    }

    static SmtpCommand rset() {
        return new Word(Verb.RSET);
    }

    static SmtpCommand noop() {
        return new Word(Verb.NOOP);
    }

    static SmtpCommand quit() {
        return new Word(Verb.QUIT);
    }

    static SmtpCommand starttls() {
        return new Word(Verb.STARTTLS);
    }

    static SmtpCommand help(String topic) {
        return new WithArgument(Verb.HELP, topic);
    }

    static SmtpCommand vrfy(String who) {
        return new WithArgument(Verb.VRFY, who);
    }

    static SmtpCommand expn(String list) {
        return new WithArgument(Verb.EXPN, list);
    }

    static SmtpCommand etrn(String node) {
        return new WithArgument(Verb.ETRN, node);
    }

    /** AUTH mechanism [initial-response]; the initial response is marked secret. */
    static SmtpCommand auth(String mechanism, String initialResponse) {
        return new Auth(mechanism, initialResponse);
    }

    /** A line answering a 334 challenge; all of it is secret. "*" cancels the exchange (RFC 4954 §4). */
    static SmtpCommand authResponse(String base64) {
        return new AuthResponse(base64);
    }

    /**
     * A line typed by hand: sent as typed, read as the typed command it spells (if any) so that the engine checks
     * and follows it. Only CR, LF and NUL are refused.
     */
    static SmtpCommand raw(String line) {
        checkNoLineBreak("command", line);
        return new Raw(line, CommandReader.read(line));
    }

    // ------------------------------------------------------------------------------------------------- the checks

    /** Refuses CR, LF and NUL in {@code value}, naming {@code field} and where. */
    static void checkNoLineBreak(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw SmtpException.refused(field + " contains " + (c == '\r' ? "CR" : c == '\n' ? "LF" : "NUL")
                        + " at position " + i + "; it would let the value end the line or smuggle a command");
            }
        }
    }

    private static String requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        checkNoLineBreak(field, value);
        if (value.isBlank()) {
            throw SmtpException.refused(field + " is empty");
        }
        return value;
    }

    private static String requireToken(String field, String value) {
        requireText(field, value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw SmtpException.refused(field + " must be one word without spaces or control characters: \""
                        + value + "\"");
            }
        }
        return value;
    }
}
