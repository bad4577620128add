package org.smtpexplorer.tlscheck;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MTA-STS (RFC 8461), the parts that are pure: the {@code _mta-sts} TXT record, the policy file and the matching of
 * MX names against its patterns. Parsing is strict: each problem gets an error that names the field and the rule.
 */
public final class MtaSts {
    /** The largest policy body fetched (RFC 8461 §3.3 suggests senders limit it to 64 KiB). */
    public static final int MAX_POLICY_BYTES = 64 * 1024;
    /** max_age's upper bound, one year (RFC 8461 §3.2). */
    public static final long MAX_AGE_LIMIT = 31_557_600;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final Pattern EXT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    private static final Pattern EXT_VALUE = Pattern.compile("[\\x21-\\x3a\\x3c\\x3e-\\x7e]+");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private MtaSts() {
    }

    /** A record or policy that breaks the rules; the message names the field and the rule. */
    public static final class MtaStsException extends Exception {
        private static final long serialVersionUID = 1L;

        public MtaStsException(String message) {
            super(message);
        }
    }

    /** The TXT record at {@code _mta-sts.DOMAIN}: {@code v=STSv1; id=...}. */
    public record TxtRecord(String id, String text) {
    }

    /** The policy mode. */
    public enum Mode { ENFORCE, TESTING, NONE }

    /**
     * A policy file, parsed.
     *
     * @param mode   enforce, testing or none
     * @param maxAge how long a sender may cache it, in seconds
     * @param mx     the MX patterns, in the order given
     */
    public record Policy(Mode mode, long maxAge, List<String> mx) {
        public Policy {
            mx = List.copyOf(mx);
        }

        /** The first pattern that {@code host} matches, or null. */
        public String matching(String host) {
            for (String p : mx) {
                if (matches(p, host)) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * The one STS record among a name's TXT records (RFC 8461 §3.1): those not starting with {@code v=STSv1;} are
     * ignored; none, or more than one, is an error (a sender then assumes there is no policy).
     */
    public static TxtRecord parseTxt(List<String> texts) throws MtaStsException {
        List<String> sts = texts.stream().filter(t -> t.startsWith("v=STSv1")).toList();
        if (sts.isEmpty()) {
            throw new MtaStsException("no TXT record starts with \"v=STSv1\"");
        }
        if (sts.size() > 1) {
            throw new MtaStsException(sts.size() + " TXT records start with \"v=STSv1\"; there must be exactly one,"
                    + " otherwise a sender assumes no policy (RFC 8461 §3.1)");
        }
        String text = sts.get(0);
        String id = null;
        String[] fields = text.split(";", -1);
        if (!fields[0].strip().equals("v=STSv1")) {
            throw new MtaStsException("the record must begin \"v=STSv1;\", not \"" + fields[0] + "\"");
        }
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i].strip();
            if (f.isEmpty()) {
                if (i == fields.length - 1) {
                    break; // a trailing ";" is allowed
                }
                throw new MtaStsException("empty field between \";;\" in \"" + text + "\"");
            }
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new MtaStsException("field \"" + f + "\" is not name=value");
            }
            String name = f.substring(0, eq);
            String value = f.substring(eq + 1);
            if (name.equals("id")) {
                if (id != null) {
                    throw new MtaStsException("\"id\" appears twice");
                }
                if (!ID.matcher(value).matches()) {
                    throw new MtaStsException("id must be 1 to 32 letters and digits (RFC 8461 §3.1), not \""
                            + value + "\"");
                }
                id = value;
            } else if (!EXT_NAME.matcher(name).matches() || !EXT_VALUE.matcher(value).matches()) {
                throw new MtaStsException("field \"" + f + "\" is neither id nor a valid extension field");
            }
        }
        if (id == null) {
            throw new MtaStsException("the record has no id (RFC 8461 §3.1: \"id\" is required)");
        }
        return new TxtRecord(id, text);
    }

    /**
     * A policy body as served (RFC 8461 §3.2): {@code key: value} lines, ended by LF or CRLF. version, mode and
     * max_age are required and given once; mx may repeat and is required unless mode is none; other fields are
     * extensions and ignored.
     *
     * @param contentType the Content-Type it was served with (must be text/plain, §3.3)
     */
    public static Policy parsePolicy(byte[] body, String contentType) throws MtaStsException {
        if (contentType == null || !contentType.split(";", 2)[0].strip().equalsIgnoreCase("text/plain")) {
            throw new MtaStsException("the policy must be served as text/plain (RFC 8461 §3.3), not "
                    + (contentType == null ? "without a Content-Type" : "as \"" + contentType + "\""));
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String version = null;
        Mode mode = null;
        Long maxAge = null;
        List<String> mx = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MtaStsException("line " + lineNo + " is not \"field: value\": \"" + shorten(line) + "\"");
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (!key.equals(key.strip())) {
                throw new MtaStsException("line " + lineNo + ": no space is allowed before the field name's colon");
            }
            if (!key.equals("mx") && !seen.add(key) && List.of("version", "mode", "max_age").contains(key)) {
                throw new MtaStsException("\"" + key + "\" appears more than once (line " + lineNo + ")");
            }
            switch (key) {
                case "version" -> {
                    if (!value.equals("STSv1")) {
                        throw new MtaStsException("version must be STSv1, not \"" + shorten(value) + "\"");
                    }
                    version = value;
                }
                case "mode" -> mode = switch (value) {
                    case "enforce" -> Mode.ENFORCE;
                    case "testing" -> Mode.TESTING;
                    case "none" -> Mode.NONE;
                    default -> throw new MtaStsException("mode must be enforce, testing or none, not \""
                            + shorten(value) + "\"");
                };
                case "max_age" -> {
                    if (!value.matches("[0-9]{1,10}")) {
                        throw new MtaStsException("max_age must be a number of seconds (1 to 10 digits), not \""
                                + shorten(value) + "\"");
                    }
                    long v = Long.parseLong(value);
                    if (v > MAX_AGE_LIMIT) {
                        throw new MtaStsException("max_age " + v + " is over the limit of " + MAX_AGE_LIMIT
                                + " seconds (one year, RFC 8461 §3.2)");
                    }
                    maxAge = v;
                }
                case "mx" -> {
                    checkPattern(value);
                    mx.add(value.toLowerCase(Locale.ROOT));
                }
                default -> {
                    // An extension field (RFC 8461 §3.2): ignored.
                }
            }
        }
        if (version == null) {
            throw new MtaStsException("the policy has no \"version: STSv1\" line");
        }
        if (mode == null) {
            throw new MtaStsException("the policy has no \"mode\" line");
        }
        if (maxAge == null) {
            throw new MtaStsException("the policy has no \"max_age\" line");
        }
        if (mx.isEmpty() && mode != Mode.NONE) {
            throw new MtaStsException("the policy lists no \"mx\" pattern, so no MX host could match it");
        }
        return new Policy(mode, maxAge, mx);
    }

    private static void checkPattern(String p) throws MtaStsException {
        String name = p.startsWith("*.") ? p.substring(2) : p;
        if (name.isEmpty() || name.length() > 253) {
            throw new MtaStsException("mx pattern \"" + shorten(p) + "\" is not a host name or *.domain");
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new MtaStsException("mx pattern \"" + shorten(p) + "\" is not a host name or *.domain"
                        + " (a wildcard is allowed only as the whole leftmost label)");
            }
        }
    }

    /**
     * Whether an MX host name matches a policy pattern (RFC 8461 §4.1): equal ignoring case, or for
     * {@code *.example.com}, one label followed by {@code .example.com} ({@code a.b.example.com} does not match).
     */
    public static boolean matches(String pattern, String host) {
        String h = stripDot(host).toLowerCase(Locale.ROOT);
        String p = stripDot(pattern).toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            String suffix = p.substring(1);
            if (!h.endsWith(suffix)) {
                return false;
            }
            String first = h.substring(0, h.length() - suffix.length());
            return !first.isEmpty() && !first.contains(".");
        }
        return h.equals(p);
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String shorten(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
