package org.smtpexplorer.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The ESMTP parameters of one MAIL or RCPT command, in the order added. A value of null is a bare keyword
 * (SMTPUTF8, REQUIRETLS). Whether the server advertised each one is checked by the session, not here.
 */
public final class MailParameters {
    private final Map<String, String> params;

    private MailParameters(Map<String, String> params) {
        this.params = Collections.unmodifiableMap(params);
    }

    public static MailParameters none() {
        return new MailParameters(new LinkedHashMap<>());
    }

    /**
     * Parameters as typed after the address ("SIZE=123 BODY=8BITMIME SMTPUTF8"), kept as typed (keywords in upper
     * case); refused when a keyword is not one word.
     */
    public static MailParameters parse(String text) {
        Builder b = builder();
        for (String p : text.strip().split("\\s+")) {
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            b.raw(eq < 0 ? p : p.substring(0, eq), eq < 0 ? null : p.substring(eq + 1));
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, String> asMap() {
        return params;
    }

    public boolean has(String keyword) {
        return params.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    public String get(String keyword) {
        return params.get(keyword.toUpperCase(Locale.ROOT));
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(' ').append(k).append(v == null ? "" : "=" + v));
        return sb.toString();
    }

    /** Builds parameters with the value rules of each extension applied. */
    public static final class Builder {
        private final Map<String, String> params = new LinkedHashMap<>();

        public Builder size(long bytes) {
            if (bytes < 0) {
                throw SmtpException.refused("SIZE must not be negative: " + bytes);
            }
            return put("SIZE", Long.toString(bytes));
        }

        public Builder body(BodyType body) {
            return put("BODY", body.keyword());
        }

        public Builder smtpUtf8() {
            return put("SMTPUTF8", null);
        }

        public Builder requireTls() {
            return put("REQUIRETLS", null);
        }

        /** RFC 3461 RET=FULL|HDRS. */
        public Builder ret(String ret) {
            String v = ret.toUpperCase(Locale.ROOT);
            if (!v.equals("FULL") && !v.equals("HDRS")) {
                throw SmtpException.refused("RET must be FULL or HDRS, not \"" + ret + "\"");
            }
            return put("RET", v);
        }

        /** RFC 3461 ENVID=xtext; the value is encoded here, at most 100 characters before encoding. */
        public Builder envid(String envid) {
            SmtpCommand.checkNoLineBreak("ENVID", envid);
            if (envid.isEmpty() || envid.length() > 100) {
                throw SmtpException.refused("ENVID must be 1 to 100 characters");
            }
            return put("ENVID", Xtext.encode(envid));
        }

        /** RFC 3461 NOTIFY=NEVER or a comma list of SUCCESS, FAILURE, DELAY. */
        public Builder notify(String notify) {
            String v = notify.toUpperCase(Locale.ROOT).replace(" ", "");
            String[] parts = v.split(",");
            for (String p : parts) {
                if (!p.equals("NEVER") && !p.equals("SUCCESS") && !p.equals("FAILURE") && !p.equals("DELAY")) {
                    throw SmtpException.refused("NOTIFY takes NEVER or SUCCESS,FAILURE,DELAY; \"" + p + "\" is none");
                }
            }
            if (v.contains("NEVER") && parts.length > 1) {
                throw SmtpException.refused("NOTIFY=NEVER cannot be combined with other values");
            }
            return put("NOTIFY", v);
        }

        /** RFC 3461 ORCPT=rfc822;xtext (RFC 6533 utf-8 type for non-ASCII addresses). */
        public Builder orcpt(String originalRecipient) {
            SmtpCommand.checkNoLineBreak("ORCPT", originalRecipient);
            String type = Addresses.needsSmtpUtf8(originalRecipient) ? "utf-8" : "rfc822";
            String value = type.equals("rfc822") ? Xtext.encode(originalRecipient)
                    : Utf8AddrXtext.encode(originalRecipient);
            return put("ORCPT", type + ";" + value);
        }

        /** Any other parameter, as typed; refused only when it could break the line. */
        public Builder raw(String keyword, String value) {
            SmtpCommand.checkNoLineBreak("parameter " + keyword, keyword);
            if (value != null) {
                SmtpCommand.checkNoLineBreak("parameter " + keyword, value);
            }
            if (keyword.isEmpty() || keyword.contains(" ") || keyword.contains("=")) {
                throw SmtpException.refused("parameter keyword \"" + keyword + "\" is not a single word");
            }
            return put(keyword.toUpperCase(Locale.ROOT), value);
        }

        private Builder put(String k, String v) {
            params.put(k, v);
            return this;
        }

        public MailParameters build() {
            return new MailParameters(new LinkedHashMap<>(params));
        }
    }

    /** RFC 6533 §3 utf-8-addr-xtext: non-ASCII kept, '+', '=', '\' and controls as \x{HEX}. */
    static final class Utf8AddrXtext {
        private Utf8AddrXtext() {
        }

        static String encode(String value) {
            StringBuilder sb = new StringBuilder();
            value.codePoints().forEach(cp -> {
                if (cp <= 0x20 || cp == '+' || cp == '=' || cp == '\\' || cp == 0x7f) {
                    sb.append("\\x{").append(Integer.toHexString(cp).toUpperCase(Locale.ROOT)).append('}');
                } else {
                    sb.appendCodePoint(cp);
                }
            });
            return sb.toString();
        }
    }
}
