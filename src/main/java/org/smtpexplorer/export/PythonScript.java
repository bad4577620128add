package org.smtpexplorer.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.smtpexplorer.transcript.SessionStep;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * The saved session as a Python 3 program (standard library only): every step the session took, in its order and
 * its flights (a pipelined MAIL, RCPT and BDAT go out in one write), with the same command lines, the same AUTH
 * mechanism (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-1, SCRAM-SHA-256, XOAUTH2, OAUTHBEARER), DATA or the same BDAT chunks
 * of the same message. It prints the dialogue like smtpx (secrets redacted, server text escaped) and stops, with
 * QUIT, at the first reply of another class than the saved one got (unless run with {@code --keep-going}).
 */
final class PythonScript {
    private PythonScript() {
    }

    static String of(SessionFacts f) {
        StringBuilder sb = new StringBuilder();
        sb.append("#!/usr/bin/env python3\n");
        sb.append("# smtpx export --as python: the session saved in ").append(Quoting.comment(f.source()))
                .append(", step by step.\n");
        sb.append("# ").append(f.summary()).append(".\n");
        if (f.authMechanism().isPresent()) {
            sb.append("# The password (or token): from the environment variable ").append(f.passwordEnv())
                    .append("; it is not in this script, nor in the saved session.\n");
        }
        if (f.messageFile() != null) {
            sb.append("# The message: ").append(Quoting.comment(f.messageFile().toString())).append(" (")
                    .append(f.message().length).append(" bytes), as smtpx sent it.\n");
        }
        sb.append("# Run: python3 SCRIPT [--keep-going]. It stops at the first reply of another class than the saved"
                + " session got,\n# unless --keep-going.\n");
        List<String> body = main(f);
        sb.append(runtime());
        sb.append("\n\nHOST = ").append(Quoting.python(f.host())).append('\n');
        sb.append("PORT = ").append(f.port()).append('\n');
        sb.append("TIMEOUT = ").append(f.timeoutSeconds()).append('\n');
        sb.append("IMPLICIT = ").append(f.security() == SessionFacts.Security.IMPLICIT ? "True" : "False")
                .append('\n');
        sb.append("TRUST = [").append(String.join(", ", f.trustCerts().stream().map(Quoting::python).toList()))
                .append("]\n");
        sb.append("INSECURE = ").append(f.insecure() ? "True" : "False").append('\n');
        sb.append("USER = ").append(Quoting.python(f.authMechanism().isPresent() ? f.authUser() : "")).append('\n');
        sb.append("PASSWORD_ENV = ").append(Quoting.python(f.passwordEnv())).append('\n');
        sb.append("MESSAGE_FILE = ").append(f.messageFile() == null ? "None"
                : Quoting.python(f.messageFile().toString())).append('\n');
        sb.append("NORMALISE = ").append(f.normaliseLineEnds() ? "True" : "False").append('\n');
        sb.append("smtp = None\noffset = 0\n");
        sb.append("BODY = wire_body() if MESSAGE_FILE else b''\n\n\n");
        sb.append("def main():\n");
        body.forEach(line -> sb.append("    ").append(line).append('\n'));
        sb.append("\n\nrun(main)\n");
        return sb.toString();
    }

    private static String runtime() {
        try (InputStream in = PythonScript.class.getResourceAsStream("python-runtime.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of main(): one call per step, or per flight of pipelined commands. */
    private static List<String> main(SessionFacts f) {
        List<String> out = new ArrayList<>();
        List<SessionStep> steps = f.steps();
        for (int i = 0; i < steps.size(); i++) {
            SessionStep s = steps.get(i);
            switch (s.kind()) {
                case GREETING -> out.add("greeting(" + expected(s) + ")");
                case TLS, UNSOLICITED -> {
                    // The handshake happens in starttls() or on connecting; a stray reply is not sent by anyone.
                }
                case FAILURE -> out.add("# the saved session: " + Quoting.comment(s.entries().get(0).text()));
                case MESSAGE -> out.add("message(" + expected(s) + ")");
                case COMMAND -> {
                    String line = s.command().orElseThrow().text();
                    if (s.key().equals("STARTTLS")) {
                        out.add("starttls(" + expected(s) + ")");
                    } else if (s.key().equals("AUTH")) {
                        int last = i;
                        while (last + 1 < steps.size() && steps.get(last + 1).key().equals("AUTH_RESPONSE")) {
                            last++;
                        }
                        out.add("auth(" + Quoting.python(f.authMechanism().orElseThrow()) + ", "
                                + responder(f.authMechanism().orElseThrow()) + ", initial="
                                + (f.authInitialResponse() ? "True" : "False") + ", expected="
                                + expected(steps.get(last)) + ")");
                        i = last;
                    } else if (s.key().equals("AUTH_RESPONSE")) {
                        out.add("# an AUTH response outside AUTH, as typed: not repeated");
                    } else {
                        int last = i;
                        int flight = s.command().orElseThrow().flight();
                        while (last + 1 < steps.size() && steps.get(last + 1).command()
                                .map(c -> c.flight() == flight).orElse(false)) {
                            last++;
                        }
                        out.add(flight(steps.subList(i, last + 1)));
                        i = last;
                    }
                    Quoting.check("command", line);
                }
                default -> throw new IllegalStateException("unknown step " + s.kind());
            }
        }
        if (!f.quit() && !steps.isEmpty()) {
            out.add("# the saved session ended here, without QUIT");
        }
        return out;
    }

    /** A single command, or commands pipelined in one flight (BDAT, with its chunk, last). */
    private static String flight(List<SessionStep> steps) {
        List<String> lines = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        String bdat = null;
        for (SessionStep s : steps) {
            String line = s.command().orElseThrow().text();
            Quoting.check("command", line);
            expected.add(expected(s));
            if (s.key().equals("BDAT")) {
                String[] w = line.strip().split(" +");
                bdat = "(" + (w.length > 1 && w[1].matches("[0-9]{1,18}") ? w[1] : "0") + ", "
                        + (w.length > 2 && w[2].equalsIgnoreCase("LAST") ? "True" : "False") + ")";
            } else {
                lines.add(Quoting.python(line));
            }
        }
        if (steps.size() == 1 && bdat == null) {
            return "command(" + lines.get(0) + ", " + expected.get(0) + ")";
        }
        return "flight([" + String.join(", ", lines) + "], [" + String.join(", ", expected) + "]"
                + (bdat == null ? "" : ", bdat=" + bdat) + ")";
    }

    private static String expected(SessionStep s) {
        List<TranscriptEntry.Reply> r = s.replies();
        return r.isEmpty() ? "None" : Integer.toString(r.get(r.size() - 1).code());
    }

    private static String responder(String mechanism) {
        return switch (mechanism.toUpperCase(Locale.ROOT)) {
            case "PLAIN" -> "plain()";
            case "LOGIN" -> "login()";
            case "CRAM-MD5" -> "cram_md5()";
            case "SCRAM-SHA-1" -> "scram('sha1')";
            case "SCRAM-SHA-256" -> "scram('sha256')";
            case "XOAUTH2" -> "xoauth2()";
            case "OAUTHBEARER" -> "oauthbearer()";
            default -> throw new IllegalArgumentException("the saved session used AUTH " + Quoting.comment(mechanism)
                    + ", which the Python export cannot do");
        };
    }
}
