package org.smtpexplorer.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What one EHLO reply advertised. Immutable; built by {@link #parse(SmtpReply)} and thrown away at STARTTLS.
 * Every keyword is kept, known or not, with its parameters in order.
 *
 * @param serverDomain the domain in the first line of the reply
 * @param keywords     upper-cased keyword to its parameters, in the order advertised
 * @param warnings     what was odd about the reply (duplicate keywords, a SIZE that is not a number, ...)
 * @param ehlo         false when these come from a HELO (no extensions at all)
 */
public record Capabilities(String serverDomain, Map<String, List<String>> keywords, List<String> warnings,
                           boolean ehlo) {

    /** Keywords the engine understands; others are kept as {@link #unknownKeywords()}. */
    public static final Set<String> KNOWN = Set.of("SIZE", "AUTH", "PIPELINING", "CHUNKING", "BINARYMIME",
            "8BITMIME", "SMTPUTF8", "DSN", "ENHANCEDSTATUSCODES", "STARTTLS", "REQUIRETLS", "LIMITS", "DELIVERBY",
            "ETRN", "VRFY", "EXPN", "HELP", "ATRN", "NO-SOLICITING", "MTRK", "SUBMITTER", "PRDR", "BURL",
            "MT-PRIORITY", "FUTURERELEASE", "XCLIENT", "XFORWARD", "PIPECONNECT", "X-EXPS", "CONPERM", "CONNEG",
            "CHECKPOINT", "TURN");

    public Capabilities {
        keywords = Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
        warnings = List.copyOf(warnings);
    }

    /** No extensions: the state before EHLO, after STARTTLS, or after a HELO. */
    public static Capabilities none() {
        return new Capabilities("", Map.of(), List.of(), false);
    }

    /** Parses the reply to EHLO (RFC 5321 §4.1.1.1): first line the domain, each further line a keyword. */
    public static Capabilities parse(SmtpReply reply) {
        List<String> lines = reply.lines();
        String domain = lines.isEmpty() ? "" : lines.get(0).strip().split(" ", 2)[0];
        Map<String, List<String>> kw = new LinkedHashMap<>();
        List<String> warnings = new java.util.ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String keyword;
            List<String> params;
            int eq = line.indexOf('=');
            int sp = line.indexOf(' ');
            if (eq > 0 && (sp < 0 || eq < sp)) {
                // The pre-standard "AUTH=LOGIN PLAIN" form; keep it under its own name and fold it into AUTH.
                keyword = line.substring(0, eq + 1).toUpperCase(Locale.ROOT);
                params = List.of(line.substring(eq + 1).strip().split("\\s+"));
            } else if (sp > 0) {
                keyword = line.substring(0, sp).toUpperCase(Locale.ROOT);
                params = List.of(line.substring(sp + 1).strip().split("\\s+"));
            } else {
                keyword = line.toUpperCase(Locale.ROOT);
                params = List.of();
            }
            if (kw.containsKey(keyword)) {
                warnings.add("keyword " + keyword + " advertised more than once; the first is used");
                continue;
            }
            kw.put(keyword, params);
        }
        List<String> size = kw.get("SIZE");
        if (size != null && !size.isEmpty() && !size.get(0).matches("[0-9]{1,100}")) {
            warnings.add("SIZE parameter \"" + size.get(0) + "\" is not a number; treated as no declared limit");
        }
        return new Capabilities(domain, kw, warnings, true);
    }

    /** After a HELO: the server's domain, no extensions. */
    public static Capabilities fromHelo(SmtpReply reply) {
        String domain = reply.lines().isEmpty() ? "" : reply.lines().get(0).strip().split(" ", 2)[0];
        return new Capabilities(domain, Map.of(), List.of(), false);
    }

    public boolean has(String keyword) {
        return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    public List<String> params(String keyword) {
        return keywords.getOrDefault(keyword.toUpperCase(Locale.ROOT), List.of());
    }

    /**
     * The SIZE limit in bytes. Empty when SIZE is not advertised, is 0 (RFC 1870: no fixed limit), or is not a
     * usable number; values beyond a long are capped.
     */
    public OptionalLong sizeLimit() {
        if (!has("SIZE") || params("SIZE").isEmpty()) {
            return OptionalLong.empty();
        }
        String v = params("SIZE").get(0);
        if (!v.matches("[0-9]{1,100}")) {
            return OptionalLong.empty();
        }
        v = v.replaceFirst("^0+(?=[0-9])", "");
        if (v.length() > 18) {
            return OptionalLong.of(Long.MAX_VALUE);
        }
        long n = Long.parseLong(v);
        return n == 0 ? OptionalLong.empty() : OptionalLong.of(n);
    }

    /** SASL mechanisms from AUTH and from the pre-standard AUTH= line, upper-cased, in order, no duplicates. */
    public Set<String> authMechanisms() {
        Set<String> out = new LinkedHashSet<>();
        for (String p : params("AUTH")) {
            out.add(p.toUpperCase(Locale.ROOT));
        }
        for (String p : params("AUTH=")) {
            out.add(p.toUpperCase(Locale.ROOT));
        }
        out.remove("");
        return Collections.unmodifiableSet(out);
    }

    public boolean pipelining() {
        return has("PIPELINING");
    }

    public boolean chunking() {
        return has("CHUNKING");
    }

    /** BINARYMIME is only usable together with CHUNKING (RFC 3030 §3). */
    public boolean binaryMime() {
        return has("BINARYMIME");
    }

    public boolean eightBitMime() {
        return has("8BITMIME");
    }

    public boolean smtpUtf8() {
        return has("SMTPUTF8");
    }

    public boolean dsn() {
        return has("DSN");
    }

    public boolean enhancedStatusCodes() {
        return has("ENHANCEDSTATUSCODES");
    }

    public boolean startTls() {
        return has("STARTTLS");
    }

    public boolean requireTls() {
        return has("REQUIRETLS");
    }

    /** RFC 9422 LIMITS; empty values when not advertised or not a number. */
    public Limits limits() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String p : params("LIMITS")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                values.put(p.substring(0, eq).toUpperCase(Locale.ROOT), p.substring(eq + 1));
            }
        }
        return new Limits(number(values.get("RCPTMAX")), number(values.get("MAILMAX")),
                number(values.get("RCPTDOMAINMAX")));
    }

    /** RFC 2852 DELIVERBY: the minimum by-time in seconds, 0 when none is given. */
    public OptionalLong deliverBy() {
        if (!has("DELIVERBY")) {
            return OptionalLong.empty();
        }
        List<String> p = params("DELIVERBY");
        return p.isEmpty() ? OptionalLong.of(0) : number(p.get(0));
    }

    public List<String> unknownKeywords() {
        return keywords.keySet().stream().filter(k -> !KNOWN.contains(k) && !k.equals("AUTH=")).toList();
    }

    private static OptionalLong number(String v) {
        if (v == null || !v.matches("[0-9]{1,18}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(v));
    }

    /** RFC 9422 limits; each empty when not announced. */
    public record Limits(OptionalLong rcptMax, OptionalLong mailMax, OptionalLong rcptDomainMax) {
    }
}
