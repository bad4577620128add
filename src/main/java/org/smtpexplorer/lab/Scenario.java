package org.smtpexplorer.lab;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The ways the lab server can behave. Each one changes a small, observable part of the protocol so a learner can
 * see what a client meets in the wild; {@link #explanation()} says what to look for.
 */
public enum Scenario {
    MODERN("Modern server",
            "A current ESMTP server with everything on. EHLO lists PIPELINING, SIZE, STARTTLS, 8BITMIME, BINARYMIME, "
                    + "CHUNKING, SMTPUTF8, DSN, ENHANCEDSTATUSCODES and LIMITS. AUTH (PLAIN, LOGIN, CRAM-MD5, "
                    + "SCRAM-SHA-1, SCRAM-SHA-256) and REQUIRETLS appear only after STARTTLS, which is why the "
                    + "second EHLO, inside TLS, lists more than the first. Every reply except the greeting, the "
                    + "EHLO/HELO reply, 334 and 354 carries an enhanced status code such as 2.1.0."),
    LEGACY("Legacy SMTP (HELO only)",
            "A server from before ESMTP. It answers EHLO with 500, so the client must fall back to HELO; then there "
                    + "are no extensions at all: no STARTTLS, no AUTH, no SIZE, no PIPELINING, no enhanced status "
                    + "codes, and MAIL or RCPT parameters are refused with 555. Mail still works, in clear text, "
                    + "one command at a time."),
    NO_TLS("No STARTTLS",
            "An ESMTP server that does not offer STARTTLS, so everything, the message included, crosses the network "
                    + "in clear text. AUTH is not offered either, because the lab only takes passwords over TLS. "
                    + "A client that requires TLS must stop here instead of carrying on unprotected."),
    TLS_BROKEN("STARTTLS fails (454)",
            "STARTTLS is advertised, but the command is answered \"454 4.7.0 TLS not available due to temporary "
                    + "reason\". A client that requires TLS must stop; an opportunistic client may carry on in clear "
                    + "text, which is exactly the downgrade an attacker on the path would try to provoke."),
    STARTTLS_INJECTION("STARTTLS response injection",
            "After \"220 Ready to start TLS\" the server sends extra reply lines in the same TCP segment, before the "
                    + "TLS handshake, as an attacker in the middle could. A vulnerable client keeps those bytes and "
                    + "later reads them as the answer to its first command inside TLS (the CVE-2011-0411 family). "
                    + "A correct client treats anything after the 220 and before the handshake as an error."),
    AUTH_BEFORE_TLS("AUTH offered without TLS",
            "The server offers AUTH PLAIN LOGIN before STARTTLS. Both mechanisms send the password in a form "
                    + "anyone on the path can read: base64 is an encoding, not encryption. A careful client starts "
                    + "TLS first, or refuses to send a password in clear text."),
    SIZE_LIMIT("Small size limit (10 KiB)",
            "EHLO announces SIZE 10240. A MAIL FROM whose SIZE= is larger is refused at once with 552 5.3.4, "
                    + "before any data is sent; a message that turns out larger than the limit is read to its end "
                    + "and then refused with 552 5.3.4. Declaring SIZE spares sending megabytes only to be refused."),
    GREYLIST("Greylisting",
            "The first RCPT for each sender and recipient pair gets 451 4.7.1 (try again later); the same pair is "
                    + "accepted from the second attempt on, in this session or a new one. Greylisting relies on "
                    + "real mail servers retrying after a 4xx while many spam senders do not. A 4xx is temporary: "
                    + "the message must be retried, not given up."),
    SLOW("Slow server",
            "Every reply arrives after a pause (1.5 s unless configured otherwise). Use it to see timeouts at work, "
                    + "to feel what PIPELINING saves, and to check that a client shows progress instead of seeming "
                    + "to hang."),
    TRICKLE("Trickling replies",
            "Replies are sent one byte at a time with a short pause between bytes. A client must assemble each "
                    + "reply from many small reads and act only on complete lines; one that takes each read for a "
                    + "whole reply breaks here."),
    DROP_MID_DATA("Connection dropped during DATA",
            "The server closes the connection after the first bytes of the message body (DATA or BDAT) without "
                    + "any reply. The client cannot know whether the message was taken (it was not); it must report "
                    + "the failure and may retry the whole transaction later."),
    NO_PIPELINING("No PIPELINING",
            "PIPELINING is not advertised, so the client must wait for each reply before sending the next command. "
                    + "If it sends the next command early anyway, that early command is refused with "
                    + "\"503 5.5.0 Improper use of SMTP command pipelining\", as Postfix does with "
                    + "reject_unauth_pipelining."),
    NO_CHUNKING("No CHUNKING (BDAT)",
            "CHUNKING and BINARYMIME are not advertised. BDAT is answered 502 5.5.1, and the server, which does not "
                    + "know BDAT, then reads the chunk's bytes as if they were commands: this is why a client may "
                    + "only use BDAT when it was advertised. DATA works as usual."),
    LF_TOLERANT("Bare-LF tolerant (smuggling-prone)",
            "The server also takes a lone LF as a line end, so <LF>.<LF> ends the message just like "
                    + "<CR><LF>.<CR><LF>. Whatever follows such an early end is read as new commands: this is how "
                    + "SMTP smuggling works, when one server passes <LF>.<LF> through inside a message and the next "
                    + "one ends the message there. Compare with strict-crlf."),
    STRICT_CRLF("Strict CRLF",
            "Only <CR><LF>.<CR><LF> ends the message, and every line must end in <CR><LF>. A body containing a bare "
                    + "CR or a bare LF is read to its real end and then refused with 554 5.6.0, and a command line "
                    + "ending in a bare LF is refused with 500 5.5.2. This is the behaviour that defeats SMTP "
                    + "smuggling."),
    GARBAGE("Garbage replies",
            "The server breaks the reply grammar on purpose. EHLO is answered with a line whose code is \"25O\" "
                    + "(letter O) and then with \"250-\" continuation lines that never end; HELO gets a reply with "
                    + "neither space nor hyphen after the code; every other command gets a multi-line reply whose "
                    + "code changes halfway. A robust client reports a protocol error and stops reading instead of "
                    + "hanging or running out of memory.");

    private final String title;
    private final String explanation;

    Scenario(String title, String explanation) {
        this.title = title;
        this.explanation = explanation;
    }

    /** The name used on the command line and in the UI: the constant in lower case with hyphens. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String title() {
        return title;
    }

    /** One paragraph for learners: what this server does differently and what a client should do about it. */
    public String explanation() {
        return explanation;
    }

    /** Finds a scenario by its id ("starttls-injection") or constant name ("STARTTLS_INJECTION"). */
    public static Scenario fromId(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Scenario s : values()) {
            if (s.id().equals(wanted)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario \"" + name + "\"; known: " + ids());
    }

    /** All ids, comma-separated, for messages and help texts. */
    public static String ids() {
        return Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", "));
    }

    boolean speaksEsmtp() {
        return this != LEGACY;
    }

    /** Whether the enhanced status codes of RFC 2034 are used; a server that cannot say EHLO cannot offer them. */
    boolean enhancedCodes() {
        return speaksEsmtp();
    }

    boolean offersStartTls() {
        return this != LEGACY && this != NO_TLS;
    }

    boolean pipelining() {
        return this != LEGACY && this != NO_PIPELINING;
    }

    boolean chunking() {
        return this != LEGACY && this != NO_CHUNKING;
    }
}
