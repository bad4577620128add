package org.smtpexplorer.compose;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.smtpexplorer.engine.Capabilities;

/** EHLO capabilities for tests, one keyword line each ("SIZE 1000", "LIMITS RCPTMAX=2"). */
final class Caps {
    private Caps() {
    }

    static Capabilities ehlo(String... lines) {
        Map<String, List<String>> kw = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            kw.put(parts[0], List.of(Arrays.copyOfRange(parts, 1, parts.length)));
        }
        return new Capabilities("test.example", kw, List.of(), true);
    }

    /** What a current server offers: 8BITMIME, SMTPUTF8, CHUNKING, BINARYMIME, DSN. */
    static Capabilities modern() {
        return ehlo("8BITMIME", "SMTPUTF8", "CHUNKING", "BINARYMIME", "DSN", "PIPELINING");
    }

    /** An ESMTP server with 8BITMIME but without SMTPUTF8. */
    static Capabilities noSmtpUtf8() {
        return ehlo("8BITMIME", "PIPELINING");
    }
}
