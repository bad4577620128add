package org.smtpexplorer.lab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lab's accounts: the built-in alice / wonderland and bob / builder, plus any added by configuration. The
 * passwords are public on purpose; they exist so a learner can watch each AUTH mechanism work and fail.
 */
final class UserDirectory {
    static final Map<String, String> BUILT_IN = Map.of("alice", "wonderland", "bob", "builder");

    private final Map<String, String> users;

    UserDirectory(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("alice", BUILT_IN.get("alice"));
        all.put("bob", BUILT_IN.get("bob"));
        all.putAll(extra);
        this.users = Collections.unmodifiableMap(all);
    }

    /** Name to password, built-in users first. */
    Map<String, String> asMap() {
        return users;
    }

    /** The password of {@code name}, or null for an unknown user. User names are case-sensitive. */
    String password(String name) {
        return users.get(name);
    }

    boolean check(String name, String password) {
        String expected = users.get(name);
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
    }

    /** Refuses names and passwords that could not be typed into an AUTH exchange. */
    static void checkUser(String name, String password) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("user name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == 0x7f || c == ':') {
                throw new IllegalArgumentException("user name \"" + name + "\" contains "
                        + (c == ':' ? "':'" : "a space or control character") + " at position " + (i + 1));
            }
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("password of user " + name + " is empty");
        }
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException("password of user " + name
                        + " contains CR, LF or NUL, which no AUTH exchange can carry");
            }
        }
    }
}
