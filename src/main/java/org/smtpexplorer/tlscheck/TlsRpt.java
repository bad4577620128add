package org.smtpexplorer.tlscheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The TLS-RPT record at {@code _smtp._tls.DOMAIN} (RFC 8460 §3): {@code v=TLSRPTv1; rua=mailto:...,https:...}. */
public final class TlsRpt {
    private TlsRpt() {
    }

    /** The record, parsed: where reports go. */
    public record Record(List<String> rua, String text) {
        public Record {
            rua = List.copyOf(rua);
        }
    }

    /** A record that breaks the rules. */
    public static final class TlsRptException extends Exception {
        private static final long serialVersionUID = 1L;

        public TlsRptException(String message) {
            super(message);
        }
    }

    /** The one record starting with {@code v=TLSRPTv1} among {@code texts}; none or several is an error. */
    public static Record parse(List<String> texts) throws TlsRptException {
        List<String> rpt = texts.stream().filter(t -> t.startsWith("v=TLSRPTv1")).toList();
        if (rpt.isEmpty()) {
            throw new TlsRptException("no TXT record starts with \"v=TLSRPTv1\"");
        }
        if (rpt.size() > 1) {
            throw new TlsRptException(rpt.size() + " TXT records start with \"v=TLSRPTv1\"; there must be exactly"
                    + " one (RFC 8460 §3)");
        }
        String text = rpt.get(0);
        String[] fields = text.split(";", -1);
        if (!fields[0].strip().equals("v=TLSRPTv1")) {
            throw new TlsRptException("the record must begin \"v=TLSRPTv1;\", not \"" + fields[0] + "\"");
        }
        List<String> rua = null;
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i].strip();
            if (f.isEmpty()) {
                continue;
            }
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new TlsRptException("field \"" + f + "\" is not name=value");
            }
            if (f.substring(0, eq).equals("rua")) {
                if (rua != null) {
                    throw new TlsRptException("\"rua\" appears twice");
                }
                rua = new ArrayList<>();
                for (String uri : f.substring(eq + 1).split(",", -1)) {
                    String u = uri.strip();
                    String lower = u.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("mailto:") && u.length() > 7 && u.indexOf('@') > 7) {
                        rua.add(u);
                    } else if (lower.startsWith("https://") && u.length() > 8) {
                        rua.add(u);
                    } else {
                        throw new TlsRptException("rua \"" + u + "\" is neither a mailto: address nor an https: URI"
                                + " (RFC 8460 §3)");
                    }
                }
            }
        }
        if (rua == null) {
            throw new TlsRptException("the record has no rua= (where to send reports; required, RFC 8460 §3)");
        }
        return new Record(rua, text);
    }
}
