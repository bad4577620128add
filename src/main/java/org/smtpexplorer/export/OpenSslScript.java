package org.smtpexplorer.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.smtpexplorer.transcript.SessionStep;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * The saved session typed into {@code openssl s_client}, which is interactive: a POSIX shell script writes the
 * saved commands to it, pausing after each (SMTPX_PAUSE seconds, 1 by default) so that the server can answer, and
 * never reads the replies; so it cannot stop at a refusal or answer a challenge (CRAM-MD5 and SCRAM: AUTH PLAIN or
 * LOGIN instead, said in a comment). {@code -starttls smtp} has s_client send the first EHLO and STARTTLS itself.
 * A session without TLS goes through {@code nc} instead, since s_client always speaks TLS.
 */
final class OpenSslScript {
    private OpenSslScript() {
    }

    static String of(SessionFacts f) {
        List<String> notes = new ArrayList<>();
        List<String> body = new ArrayList<>();
        boolean auth = f.authMechanism().isPresent();
        boolean startTls = f.security() == SessionFacts.Security.STARTTLS
                || f.security() == SessionFacts.Security.STARTTLS_IF_AVAILABLE && f.took("STARTTLS");
        List<SessionStep> steps = f.steps();
        int skip = 0;
        if (startTls) {
            // s_client -starttls smtp reads the greeting, sends EHLO and STARTTLS, and hands over inside TLS.
            while (skip < steps.size() && !steps.get(skip).key().equals("STARTTLS")) {
                skip++;
            }
            skip++;
            notes.add("s_client -starttls smtp sends the first EHLO (" + Quoting.comment(f.helo()) + ", with -name)"
                    + " and STARTTLS itself: the script types from the second EHLO on");
        } else {
            body.add("pause    # the greeting");
        }
        long offset = 0;
        boolean quit = false;
        for (int i = skip; i < steps.size(); i++) {
            SessionStep s = steps.get(i);
            switch (s.kind()) {
                case GREETING, TLS, UNSOLICITED -> {
                    // Read by s_client, or nothing to type.
                }
                case FAILURE -> body.add("# the saved session: " + Quoting.comment(s.entries().get(0).text()));
                case MESSAGE -> {
                    body.add(SwaksScript.DATA_FORM + " < \"$MESSAGE\"; printf '\\r\\n'; pause" + expects(s));
                }
                case COMMAND -> {
                    String line = s.command().orElseThrow().text();
                    Quoting.check("command", line);
                    if (s.key().equals("AUTH")) {
                        while (i + 1 < steps.size() && steps.get(i + 1).key().equals("AUTH_RESPONSE")) {
                            i++;
                        }
                        body.addAll(auth(f, notes, steps.get(i)));
                        continue;
                    }
                    if (s.key().equals("AUTH_RESPONSE")) {
                        continue;
                    }
                    boolean flightEnds = i + 1 >= steps.size() || steps.get(i + 1).command()
                            .map(c -> c.flight() != s.command().orElseThrow().flight()).orElse(true);
                    if (s.key().equals("BDAT")) {
                        String[] w = line.strip().split(" +");
                        long size = w.length > 1 && w[1].matches("[0-9]{1,18}") ? Long.parseLong(w[1]) : 0;
                        body.add("printf '%s\\r\\n' " + Quoting.shell("command", line) + "; chunk " + offset + " "
                                + size + (flightEnds ? "; pause" : "") + expects(s));
                        offset += size;
                    } else {
                        body.add((flightEnds ? "say " : "printf '%s\\r\\n' ") + Quoting.shell("command", line)
                                + expects(s));
                    }
                    quit |= s.key().equals("QUIT");
                }
                default -> throw new IllegalStateException("unknown step " + s.kind());
            }
        }
        if (!quit) {
            body.add("say QUIT    # not in the saved session: added so that the server closes and the script ends");
        }
        String connect = connect(f, notes);
        StringBuilder sb = new StringBuilder();
        sb.append("#!/bin/sh\n");
        sb.append("# smtpx export --as openssl: the session saved in ").append(Quoting.comment(f.source()))
                .append(", typed into openssl s_client.\n");
        sb.append("# ").append(f.summary()).append(".\n");
        sb.append("# s_client is interactive: this script types the saved commands, pausing SMTPX_PAUSE seconds (1 by"
                + " default)\n# after each so that the server can answer; it does not read the replies, so it cannot"
                + " stop at a refusal\n# (the replies the saved session got are in the comments).\n");
        if (auth) {
            sb.append("# The password: from the environment variable ").append(f.passwordEnv())
                    .append(" (it is not in this script, nor in the saved session).\n");
        }
        if (f.messageFile() != null && f.transfer() != SessionFacts.Transfer.NONE) {
            sb.append("# The message: ").append(Quoting.comment(f.messageFile().toString())).append(" (")
                    .append(f.message().length).append(" bytes).\n");
        }
        if (!notes.isEmpty()) {
            sb.append("# Where this differs from the session:\n");
            notes.forEach(n -> sb.append("#   - ").append(n).append('\n'));
        }
        sb.append("set -eu\n");
        if (auth) {
            sb.append(": \"${").append(f.passwordEnv()).append(":?set ").append(f.passwordEnv())
                    .append(" to the password}\"\n");
        }
        if (f.messageFile() != null) {
            sb.append("MESSAGE=").append(Quoting.shell("message file", f.messageFile().toString())).append('\n');
        }
        sb.append("pause() { sleep \"${SMTPX_PAUSE:-1}\"; }\n");
        sb.append("say() { printf '%s\\r\\n' \"$1\"; pause; }\n");
        if (f.transfer() == SessionFacts.Transfer.BDAT && f.messageFile() != null) {
            sb.append(f.normaliseLineEnds() && f.hasBareLineEnds()
                    ? "wire() { perl -e 'binmode STDIN; binmode STDOUT; local $/; $_ = <STDIN> // \"\";"
                    + " s/\\r\\n|\\r|\\n/\\r\\n/g; print' < \"$MESSAGE\"; }    # line ends as CRLF, as smtpx sent them\n"
                    : "wire() { cat \"$MESSAGE\"; }\n");
            sb.append("chunk() { wire | tail -c +$(($1 + 1)) | head -c \"$2\"; }\n");
        }
        sb.append("{\n");
        body.forEach(l -> sb.append("    ").append(l).append('\n'));
        sb.append("} | ").append(connect).append('\n');
        return sb.toString();
    }

    private static String expects(SessionStep s) {
        List<TranscriptEntry.Reply> r = s.replies();
        return r.isEmpty() ? "" : "    # saved: " + r.get(r.size() - 1).code();
    }

    /** The AUTH lines, computed in the shell where no challenge is needed; PLAIN or LOGIN where one is. */
    private static List<String> auth(SessionFacts f, List<String> notes, SessionStep last) {
        String mech = f.authMechanism().orElseThrow();
        String user = Quoting.shell("AUTH user", f.authUser());
        String pass = "\"$" + f.passwordEnv() + "\"";
        String use = mech;
        if (mech.equals("CRAM-MD5") || mech.startsWith("SCRAM-")) {
            use = f.offeredMechanisms().contains("LOGIN") && !f.offeredMechanisms().contains("PLAIN") ? "LOGIN"
                    : "PLAIN";
            notes.add("AUTH " + mech + " answers the server's challenge, which this script does not read: AUTH "
                    + use + " instead (the same user and password" + (f.security() == SessionFacts.Security.NONE
                    ? ", readable on the network: this session has no TLS)" : ", inside TLS)"));
        }
        String expect = expects(last);
        return switch (use.toUpperCase(Locale.ROOT)) {
            case "LOGIN" -> List.of("say 'AUTH LOGIN'",
                    "say \"$(printf '%s' " + user + " | base64 | tr -d '\\n')\"",
                    "say \"$(printf '%s' " + pass + " | base64 | tr -d '\\n')\"" + expect);
            case "XOAUTH2" -> List.of("say \"AUTH XOAUTH2 $(printf 'user=%s\\001auth=Bearer %s\\001\\001' " + user
                    + " " + pass + " | base64 | tr -d '\\n')\"" + expect);
            case "OAUTHBEARER" -> List.of("say \"AUTH OAUTHBEARER $(printf 'n,a=%s,\\001host=%s\\001port=%s\\001auth="
                    + "Bearer %s\\001\\001' " + user + " " + Quoting.shell("host", f.host()) + " " + f.port() + " "
                    + pass + " | base64 | tr -d '\\n')\"" + expect);
            default -> List.of("say \"AUTH PLAIN $(printf '\\0%s\\0%s' " + user + " " + pass
                    + " | base64 | tr -d '\\n')\"" + expect);
        };
    }

    /** The s_client (or nc) command line. */
    private static String connect(SessionFacts f, List<String> notes) {
        String target = Quoting.shell("host", f.hostPort());
        if (f.security() == SessionFacts.Security.NONE || f.security() == SessionFacts.Security.STARTTLS_IF_AVAILABLE
                && !f.took("STARTTLS")) {
            notes.add("the saved session had no TLS, and s_client always speaks TLS: nc (netcat) carries it instead");
            return "nc " + Quoting.shell("host", f.host()) + " " + f.port();
        }
        StringBuilder sb = new StringBuilder("openssl s_client -quiet -connect ").append(target);
        if (f.security() != SessionFacts.Security.IMPLICIT) {
            sb.append(" -starttls smtp -name ").append(Quoting.shell("EHLO name", f.helo()));
        } else if (!f.hostIsAddress()) {
            sb.append(" -servername ").append(Quoting.shell("host", f.host()));
        }
        if (f.insecure()) {
            notes.add("the saved session accepted any certificate (--insecure): s_client reports a failed check and"
                    + " goes on");
        } else {
            sb.append(" -verify_return_error");
            sb.append(f.hostIsAddress() ? " -verify_ip " : " -verify_hostname ").append(Quoting.shell("host",
                    f.host()));
            for (String pem : f.trustCerts()) {
                sb.append(" -CAfile ").append(Quoting.shell("trusted certificate", pem));
            }
            if (f.trustCerts().size() > 1) {
                notes.add("s_client takes one -CAfile: the last of the saved session's trusted files is used");
            }
        }
        return sb.toString();
    }
}
