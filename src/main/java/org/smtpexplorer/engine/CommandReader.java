package org.smtpexplorer.engine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a line typed by hand as the typed command it spells, so that the engine can check and follow it like one
 * it built itself. Lenient about case and spaces, as servers are; a line that spells no command well reads as none.
 */
final class CommandReader {
    /** "AUTH mechanism initial-response": the response, after any run of spaces, is the secret. */
    static final Pattern AUTH_LINE = Pattern.compile("(?i)\\s*AUTH\\s+\\S+\\s+(.*)");
    private static final Pattern MAIL = Pattern.compile("(?i)\\s*MAIL\\s+FROM:\\s*<([^<>]*)>(.*)");
    private static final Pattern RCPT = Pattern.compile("(?i)\\s*RCPT\\s+TO:\\s*<([^<>]*)>(.*)");
    private static final Pattern BDAT = Pattern.compile("(?i)\\s*BDAT\\s+([0-9]{1,18})(\\s+LAST)?\\s*");

    private CommandReader() {
    }

    /** The verb a line's first word names, or RAW; a word that is not a command (AUTH_RESPONSE...) is RAW. */
    static Verb wordVerb(String line) {
        String word = line.strip().split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
        try {
            Verb v = Verb.valueOf(word);
            return v.word() == null ? Verb.RAW : v;
        } catch (IllegalArgumentException e) {
            return Verb.RAW;
        }
    }

    /** The typed command {@code line} spells, or null. */
    static SmtpCommand read(String line) {
        Verb verb = wordVerb(line);
        String rest = line.strip();
        int space = rest.indexOf(' ');
        String argument = space < 0 ? "" : rest.substring(space + 1).strip();
        try {
            return switch (verb) {
                case EHLO -> new SmtpCommand.Ehlo(argument);
                case HELO -> new SmtpCommand.Helo(argument);
                case MAIL -> envelope(MAIL.matcher(line), true);
                case RCPT -> envelope(RCPT.matcher(line), false);
                case BDAT -> {
                    Matcher m = BDAT.matcher(line);
                    yield m.matches() ? new SmtpCommand.Bdat(Long.parseLong(m.group(1)), m.group(2) != null) : null;
                }
                case DATA, RSET, NOOP, QUIT, STARTTLS -> argument.isEmpty() ? new SmtpCommand.Word(verb) : null;
                case HELP, VRFY, EXPN, ETRN -> new SmtpCommand.WithArgument(verb, argument);
                case AUTH -> {
                    String[] words = argument.split("\\s+", 2);
                    yield new SmtpCommand.Auth(words[0], words.length > 1 && !words[1].isBlank() ? words[1].strip()
                            : null);
                }
                default -> null;
            };
        } catch (SmtpException | IllegalArgumentException e) {
            return null; // spells the command, but not well: sent as typed, read as none
        }
    }

    private static SmtpCommand envelope(Matcher m, boolean mail) {
        if (!m.matches()) {
            return null;
        }
        MailParameters params = MailParameters.parse(m.group(2));
        return mail ? new SmtpCommand.Mail(m.group(1), params) : new SmtpCommand.Rcpt(m.group(1), params);
    }
}
