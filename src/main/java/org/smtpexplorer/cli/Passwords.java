package org.smtpexplorer.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where a command gets a password: an environment variable, the first line of a file, or the console. */
final class Passwords {
    private Passwords() {
    }

    /**
     * The password from {@code env} or {@code file} (at most one), else asked on the console.
     *
     * @throws IllegalArgumentException when both or neither can give one; the message names the options
     */
    static char[] read(String env, Path file, String user) throws IOException {
        if (env != null && file != null) {
            throw new IllegalArgumentException("give --password-env or --password-file, not both");
        }
        if (env != null) {
            String v = System.getenv(env);
            if (v == null) {
                throw new IllegalArgumentException("--password-env: environment variable " + env + " is not set");
            }
            return v.toCharArray();
        }
        if (file != null) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("--password-file: " + file + " is empty");
            }
            return lines.get(0).toCharArray();
        }
        if (System.console() != null) {
            char[] p = System.console().readPassword("Password for %s: ", user);
            if (p != null) {
                return p;
            }
        }
        throw new IllegalArgumentException("--auth needs a password: use --password-env VAR or --password-file F");
    }
}
