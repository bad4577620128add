package org.smtpexplorer.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The saved session as one swaks command in a POSIX shell script. What swaks cannot do as the session did is said
 * in a comment, with the closest it can: no BDAT (DATA instead, the same bytes), no MAIL or RCPT parameters, no
 * SCRAM or OAuth mechanisms. The message is sent as smtpx sent it by DATA: swaks gets it dot-stuffed and ended by
 * the shell pipeline and passes it on unchanged ({@code --no-data-fixup}: no token replacement, no added headers).
 */
final class SwaksScript {
    private SwaksScript() {
    }

    /** Line ends made CRLF and leading dots doubled, as on the wire; swaks adds the CRLF after the final dot. */
    static final String DATA_FORM = "perl -e 'binmode STDIN; binmode STDOUT; local $/; $_ = <STDIN> // \"\";"
            + " s/\\r\\n|\\r|\\n/\\r\\n/g; s/^\\./../mg; $_ .= \"\\r\\n\" if length && !/\\r\\n\\z/; print $_, \".\"'";

    static String of(SessionFacts f) {
        List<String> cannot = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add("--server=" + Quoting.shell("host", f.hostPort()));
        switch (f.security()) {
            case STARTTLS -> args.add("--tls");
            case STARTTLS_IF_AVAILABLE -> args.add("--tls-optional-strict");
            case IMPLICIT -> args.add("--tls-on-connect");
            default -> {
                // Plain text, as saved.
            }
        }
        if (f.security() != SessionFacts.Security.NONE) {
            if (f.insecure()) {
                cannot.add("the saved session accepted any certificate (--insecure): swaks checks none unless told"
                        + " to, so there is no --tls-verify here");
            } else {
                args.add("--tls-verify");
                if (!f.trustCerts().isEmpty()) {
                    args.add("--tls-ca-path=" + Quoting.shell("trusted certificate", f.trustCerts().get(0)));
                    if (f.trustCerts().size() > 1) {
                        cannot.add("swaks takes one --tls-ca-path: only the first of the saved session's "
                                + f.trustCerts().size() + " trusted certificate files is used");
                    }
                }
            }
        }
        args.add("--ehlo=" + Quoting.shell("EHLO name", f.helo()));
        boolean auth = false;
        if (f.authMechanism().isPresent()) {
            String mech = f.authMechanism().get();
            String use = swaksMechanism(mech, f.offeredMechanisms());
            if (use == null) {
                cannot.add("swaks cannot send OAuth tokens (" + mech + "): this script does not authenticate (the"
                        + " python export does)");
            } else {
                if (!use.equals(mech)) {
                    cannot.add("swaks has no " + mech + ": it uses " + use + " instead, the closest mechanism the"
                            + " server offered" + (use.equals("CRAM-MD5") ? " (challenge and response too: the"
                            + " password is not sent)" : ""));
                }
                auth = true;
                args.add("--auth=" + use);
                args.add("--auth-user=" + Quoting.shell("AUTH user", f.authUser()));
                args.add("--auth-hide-password");
            }
        }
        boolean envelope = f.mailLine().isPresent();
        if (envelope) {
            args.add("--from=" + Quoting.shell("sender", f.from().isEmpty() ? "<>" : f.from()));
            List<String> to = new ArrayList<>();
            for (String r : f.to()) {
                if (r.contains(",")) {
                    cannot.add("swaks splits --to at commas: the recipient " + Quoting.comment(r) + " is left out");
                } else {
                    to.add(r);
                }
            }
            if (!to.isEmpty()) {
                args.add("--to=" + Quoting.shell("recipients", String.join(",", to)));
            }
            List<String> params = f.envelopeParameters();
            if (!params.isEmpty()) {
                cannot.add("swaks cannot add MAIL or RCPT parameters, so " + Quoting.comment(String.join(" ", params))
                        + (params.size() == 1 ? " is" : " are") + " not sent" + (params.stream()
                        .anyMatch(p -> p.equalsIgnoreCase("SMTPUTF8"))
                        ? " (without SMTPUTF8, a server may refuse a non-ASCII address)" : ""));
            }
        }
        if (f.pipelined()) {
            args.add("--pipeline");
        }
        String stop = quitAfter(f);
        if (stop != null) {
            args.add("--quit-after=" + stop);
        }
        args.add("--timeout=" + f.timeoutSeconds() + "s");
        boolean data = f.transfer() != SessionFacts.Transfer.NONE && f.messageFile() != null;
        if (data) {
            args.add("--data=-");
            args.add("--no-data-fixup");
            if (f.transfer() == SessionFacts.Transfer.BDAT) {
                boolean endsInLineEnd = f.message().length == 0 || f.message()[f.message().length - 1] == '\n'
                        || f.message()[f.message().length - 1] == '\r';
                cannot.add("swaks has no BDAT (CHUNKING): the message goes by DATA instead; the server gets the same"
                        + " bytes" + (endsInLineEnd ? "" : ", with a CRLF after the last line (a message sent by"
                        + " DATA ends with a line end; by BDAT it did not)"));
                if (f.envelopeParameters().stream().anyMatch(p -> p.toUpperCase(Locale.ROOT).equals(
                        "BODY=BINARYMIME"))) {
                    cannot.add("BODY=BINARYMIME needs BDAT: by DATA a binary message may be refused or damaged");
                }
                if (!f.normaliseLineEnds() && f.hasBareLineEnds()) {
                    cannot.add("the saved session sent the message's bare CR and LF as they are (--line-endings"
                            + " keep); by DATA they go as CRLF");
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("#!/bin/sh\n");
        sb.append("# smtpx export --as swaks: the session saved in ").append(Quoting.comment(f.source()))
                .append(", as a swaks command.\n");
        sb.append("# ").append(f.summary()).append(".\n");
        if (auth) {
            sb.append("# The password: from the environment variable ").append(f.passwordEnv()).append(" (it is not in"
                    + " this script, nor in the saved session);\n# swaks gets it as SWAKS_OPT_auth_password, so it"
                    + " does not show in the process list.\n");
        }
        if (data) {
            sb.append("# The message: ").append(Quoting.comment(f.messageFile().toString())).append(" (")
                    .append(f.message().length).append(" bytes), as smtpx sent it by DATA: line ends made CRLF,\n"
                    + "# leading dots doubled and the final dot added here, then passed on unchanged"
                    + " (--no-data-fixup).\n");
        }
        if (!cannot.isEmpty()) {
            sb.append("# Where swaks cannot do what the session did:\n");
            cannot.forEach(c -> sb.append("#   - ").append(c).append('\n'));
        }
        sb.append("set -eu\n");
        if (auth) {
            sb.append(": \"${").append(f.passwordEnv()).append(":?set ").append(f.passwordEnv())
                    .append(" to the password}\"\n");
        }
        if (data) {
            sb.append(DATA_FORM).append(" < ").append(Quoting.shell("message file", f.messageFile().toString()))
                    .append(" |\n");
        }
        if (auth) {
            sb.append("SWAKS_OPT_auth_password=\"$").append(f.passwordEnv()).append("\" ");
        }
        sb.append("swaks");
        for (String a : args) {
            sb.append(" \\\n    ").append(a);
        }
        sb.append('\n');
        return sb.toString();
    }

    /** What swaks can use for {@code mechanism}: itself, or the closest the server offered; null for none. */
    private static String swaksMechanism(String mechanism, List<String> offered) {
        if (List.of("PLAIN", "LOGIN", "CRAM-MD5").contains(mechanism)) {
            return mechanism;
        }
        if (mechanism.startsWith("SCRAM-")) {
            for (String m : List.of("CRAM-MD5", "PLAIN", "LOGIN")) {
                if (offered.contains(m)) {
                    return m;
                }
            }
            return "PLAIN";
        }
        return null;
    }

    /** swaks's --quit-after for a session that stopped before the message; null when it went to the end. */
    private static String quitAfter(SessionFacts f) {
        if (f.transfer() != SessionFacts.Transfer.NONE) {
            return null;
        }
        if (f.took("RCPT")) {
            return "RCPT";
        }
        if (f.took("MAIL")) {
            return "MAIL";
        }
        if (f.took("AUTH")) {
            return "AUTH";
        }
        long ehlos = f.steps().stream().filter(s -> s.key().equals("EHLO") || s.key().equals("HELO")).count();
        if (f.took("STARTTLS")) {
            return ehlos > 1 ? "EHLO" : "TLS";
        }
        return ehlos > 0 ? "EHLO" : "CONNECT";
    }
}
