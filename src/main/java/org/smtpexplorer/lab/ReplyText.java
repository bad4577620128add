package org.smtpexplorer.lab;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Small helpers for putting client text into replies and the log safely, and the HELP texts. */
final class ReplyText {
    static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("HELO", "HELO <domain>: greet the server without extensions"),
            Map.entry("EHLO", "EHLO <domain>: greet the server and list its extensions"),
            Map.entry("MAIL", "MAIL FROM:<address> [SIZE=n] [BODY=7BIT|8BITMIME|BINARYMIME] [SMTPUTF8] "
                    + "[RET=FULL|HDRS] [ENVID=xtext] [REQUIRETLS] [AUTH=xtext]"),
            Map.entry("RCPT", "RCPT TO:<address> [NOTIFY=NEVER|SUCCESS,FAILURE,DELAY] [ORCPT=rfc822;xtext]"),
            Map.entry("DATA", "DATA: then the message, ended by a line with a single dot"),
            Map.entry("BDAT", "BDAT <size> [LAST]: then exactly <size> bytes of the message"),
            Map.entry("RSET", "RSET: abandon the mail transaction"),
            Map.entry("NOOP", "NOOP: do nothing, get 250"),
            Map.entry("QUIT", "QUIT: end the session"),
            Map.entry("VRFY", "VRFY <user or address>: ask about a mailbox"),
            Map.entry("HELP", "HELP [command]: this help"),
            Map.entry("STARTTLS", "STARTTLS: switch the connection to TLS, then say EHLO again"),
            Map.entry("AUTH", "AUTH <mechanism> [initial-response]: authenticate; base64 answers to 334"));

    private static final int MAX_ECHO = 64;

    private ReplyText() {
    }

    /** Client text fit to be echoed in a reply: control characters replaced, long text cut. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < MAX_ECHO; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > MAX_ECHO ? out + "..." : out.toString();
    }

    /** The start of raw bytes for the log, undecodable bytes replaced. */
    static String preview(byte[] bytes) {
        return printable(new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8));
    }

    /** True when the line starts with {@code word} (any case) followed by a space or the end. */
    static boolean startsWithWord(byte[] line, String word) {
        if (line.length < word.length()) {
            return false;
        }
        String head = new String(line, 0, word.length(), StandardCharsets.ISO_8859_1);
        return head.equalsIgnoreCase(word) && (line.length == word.length() || line[word.length()] == ' ');
    }
}
