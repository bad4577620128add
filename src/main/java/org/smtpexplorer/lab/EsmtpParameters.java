package org.smtpexplorer.lab;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Parses the ESMTP parameters after a MAIL or RCPT path (RFC 5321 §4.1.2 Mail-parameters, RFC 6531 §3.3). */
final class EsmtpParameters {
    private EsmtpParameters() {
    }

    /**
     * The parameters in {@code text} (which starts right after the closing '&gt;'), keywords upper-cased, values as
     * sent, null for a bare keyword. Trailing spaces are forgiven, as hand-typed lines often have them.
     */
    static Map<String, String> parse(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        String rest = text.stripTrailing();
        if (rest.isEmpty()) {
            return params;
        }
        if (rest.charAt(0) != ' ') {
            throw Rejection.syntax("Syntax error: a space must separate the address from its parameters");
        }
        for (String param : rest.substring(1).split(" ", -1)) {
            if (param.isEmpty()) {
                throw Rejection.syntax("Syntax error: parameters must be separated by a single space");
            }
            int eq = param.indexOf('=');
            String keyword = (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? null : param.substring(eq + 1);
            if (!keyword.matches("[A-Z0-9][A-Z0-9-]*")) {
                throw Rejection.syntax("Syntax error: \"" + keyword + "\" is not a parameter keyword");
            }
            if (value != null && (value.isEmpty() || value.chars().anyMatch(c -> c < 33 || c == '=' || c == 127))) {
                throw Rejection.syntax("Syntax error: bad value for parameter " + keyword);
            }
            if (params.containsKey(keyword)) {
                throw Rejection.syntax("Parameter " + keyword + " given twice");
            }
            params.put(keyword, value);
        }
        return params;
    }
}
