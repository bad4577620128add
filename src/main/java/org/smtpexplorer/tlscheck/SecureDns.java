package org.smtpexplorer.tlscheck;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * DNS queries validated with DNSSEC by dnsjava's {@link ValidatingResolver}, on top of an ordinary resolver (the
 * system's, or a test server's). The answer says honestly whether it was validated: the validator sets AD only for
 * a chain of signatures from a trust anchor; an unsigned zone comes back without it; a broken chain comes back as
 * SERVFAIL with the validator's reason.
 */
public final class SecureDns {
    /**
     * The IANA root zone's key-signing keys as DS records (KSK-2017, key tag 20326, and KSK-2024, key tag 38696,
     * which signs the root from the 2026 rollover on), as published at https://data.iana.org/root-anchors/.
     */
    public static final String ROOT_ANCHORS = """
            . IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
            . IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16
            """;

    /** How far an answer can be trusted. */
    public enum Security {
        /** Validated from a trust anchor: the validator set AD. */
        SECURE,
        /** Not validated: the zone is unsigned, or no trust anchor covers it (RFC 4033 "insecure"). */
        INSECURE,
        /** Signed, but the signatures do not check out (RFC 4033 "bogus"): the validator answered SERVFAIL. */
        BOGUS,
        /** No answer: timeout, or a server failure not due to validation. */
        FAILED
    }

    /**
     * An answer.
     *
     * @param records  the answer's records of the type asked for
     * @param rcode    the response code (NOERROR, NXDOMAIN, ...)
     * @param security how far it can be trusted
     * @param reason   the validator's reason when it gave one (why bogus or insecure), or the failure; else ""
     */
    public record Answer(List<Record> records, int rcode, Security security, String reason) {
        public Answer {
            records = List.copyOf(records);
            reason = reason == null ? "" : reason;
        }

        /** NOERROR with no record of the type, or NXDOMAIN: the name has none. */
        public boolean isEmpty() {
            return records.isEmpty() && (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN);
        }

        /** "DNSSEC-validated", "not DNSSEC-validated (...)", for a report. */
        public String securityText() {
            return switch (security) {
                case SECURE -> "DNSSEC-validated";
                case INSECURE -> "not DNSSEC-validated (the zone is unsigned, or no trust anchor covers it"
                        + (reason.isEmpty() ? "" : ": " + reason) + ")";
                case BOGUS -> "DNSSEC validation FAILED (bogus" + (reason.isEmpty() ? "" : ": " + reason) + ")";
                case FAILED -> "lookup failed" + (reason.isEmpty() ? "" : ": " + reason);
            };
        }
    }

    private final ValidatingResolver validator;

    /**
     * @param head         the resolver that does the lookups (it must pass DNSSEC records through)
     * @param trustAnchors DS or DNSKEY records in zone-file form; {@link #ROOT_ANCHORS} for the public DNS
     */
    public SecureDns(Resolver head, String trustAnchors) throws IOException {
        validator = new ValidatingResolver(head);
        validator.loadTrustAnchors(new ByteArrayInputStream(trustAnchors.getBytes(StandardCharsets.US_ASCII)));
        if (validator.getTrustAnchors().items().isEmpty()) {
            throw new IOException("no DS or DNSKEY record among the trust anchors");
        }
        validator.setAddReasonToAdditional(true);
    }

    public Answer query(Name name, int type) {
        Message response;
        try {
            response = validator.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
        } catch (IOException e) {
            return new Answer(List.of(), Rcode.SERVFAIL, Security.FAILED, "no answer for " + name + " "
                    + Type.string(type) + ": " + e.getMessage());
        }
        String reason = reason(response);
        int rcode = response.getRcode();
        List<Record> records = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type) {
                records.add(r);
            }
        }
        Security security;
        if (response.getHeader().getFlag(Flags.AD)) {
            security = Security.SECURE;
        } else if (rcode == Rcode.SERVFAIL && !reason.isEmpty()) {
            security = Security.BOGUS;
        } else if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
            security = Security.INSECURE;
        } else {
            security = Security.FAILED;
            reason = "the server answered " + Rcode.string(rcode) + (reason.isEmpty() ? "" : ": " + reason);
        }
        return new Answer(records, rcode, security, reason);
    }

    /** The TXT strings of each record, each record's strings joined (RFC 7208 §3.3 style), in answer order. */
    public static List<String> texts(Answer a) {
        List<String> out = new ArrayList<>();
        for (Record r : a.records()) {
            if (r instanceof TXTRecord t) {
                out.add(String.join("", t.getStrings()));
            }
        }
        return out;
    }

    private static String reason(Message m) {
        for (Record r : m.getSection(Section.ADDITIONAL)) {
            if (r.getType() == Type.TXT && r.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS
                    && r instanceof TXTRecord t) {
                return String.join("", t.getStrings());
            }
        }
        return "";
    }
}
