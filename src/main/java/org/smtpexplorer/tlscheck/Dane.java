package org.smtpexplorer.tlscheck;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.xbill.DNS.TLSARecord;

/**
 * DANE for SMTP (RFC 7672): TLSA records explained and matched against the chain a server presented. Only DANE-TA(2)
 * and DANE-EE(3) are used for SMTP; PKIX-TA(0) and PKIX-EE(1) are explained and set aside (RFC 7672 §3.1.3).
 */
public final class Dane {
    private Dane() {
    }

    /**
     * The outcome for one host.
     *
     * @param mark    PASS when a usable record matched, FAIL when usable records exist and none matched, WARN when
     *                every record is unusable (TLS is still required, but cannot be authenticated)
     * @param summary one sentence
     * @param records one finding per TLSA record: what it means, and whether and why it matched
     */
    public record Verdict(Mark mark, String summary, List<Finding> records) {
        public Verdict {
            records = List.copyOf(records);
        }
    }

    /** "3 1 1 (DANE-EE: the server's own certificate; its public key; SHA-256)". */
    public static String explain(TLSARecord r) {
        return r.getCertificateUsage() + " " + r.getSelector() + " " + r.getMatchingType() + " ("
                + usage(r.getCertificateUsage()) + "; " + selector(r.getSelector()) + "; "
                + matching(r.getMatchingType()) + ")";
    }

    static String usage(int u) {
        return switch (u) {
            case 0 -> "PKIX-TA: a CA that must also be publicly trusted";
            case 1 -> "PKIX-EE: the server's certificate, which must also be publicly trusted";
            case 2 -> "DANE-TA: a trust anchor (CA) of the domain's own, in the chain";
            case 3 -> "DANE-EE: the server's own certificate, names and dates not checked";
            default -> "usage " + u + " (unknown)";
        };
    }

    static String selector(int s) {
        return switch (s) {
            case 0 -> "the whole certificate";
            case 1 -> "its public key (SubjectPublicKeyInfo)";
            default -> "selector " + s + " (unknown)";
        };
    }

    static String matching(int m) {
        return switch (m) {
            case 0 -> "compared in full";
            case 1 -> "SHA-256 digest";
            case 2 -> "SHA-512 digest";
            default -> "matching type " + m + " (unknown)";
        };
    }

    /**
     * Matches validated TLSA records against the chain presented by {@code host}.
     *
     * @param chain leaf first, as presented
     * @param now   the time certificates are judged at (DANE-TA only)
     */
    public static Verdict check(List<TLSARecord> records, List<X509Certificate> chain, String host, Instant now) {
        List<Finding> out = new ArrayList<>();
        int usable = 0;
        String matchedBy = null;
        for (TLSARecord r : records) {
            String what = "TLSA " + explain(r) + " " + shortData(r) + ": ";
            int u = r.getCertificateUsage();
            if (u == 0 || u == 1) {
                out.add(Finding.info(what + "not used for SMTP: MX hosts are not expected to have publicly"
                        + " trusted certificates, so SMTP clients ignore PKIX-TA and PKIX-EE records", "RFC 7672 §3.1.3"));
                continue;
            }
            if (u != 2 && u != 3 || r.getSelector() > 1 || r.getMatchingType() > 2) {
                out.add(Finding.info(what + "unusable (unknown usage, selector or matching type); ignored",
                        "RFC 7672 §2.2"));
                continue;
            }
            usable++;
            if (chain.isEmpty()) {
                out.add(Finding.fail(what + "nothing to match: no certificate was presented", "RFC 7672 §2.2"));
                continue;
            }
            String result = u == 3 ? matchEndEntity(r, chain.get(0)) : matchTrustAnchor(r, chain, host, now);
            if (result == null) {
                if (matchedBy == null) {
                    matchedBy = u + " " + r.getSelector() + " " + r.getMatchingType();
                }
                out.add(Finding.pass(what + (u == 3 ? "matches the server's certificate"
                        : "matches a CA in the presented chain, which leads to a certificate naming " + host),
                        u == 3 ? "RFC 7672 §3.1.1" : "RFC 7672 §3.1.2"));
            } else {
                out.add(Finding.fail(what + result, u == 3 ? "RFC 7672 §3.1.1" : "RFC 7672 §3.1.2"));
            }
        }
        if (usable == 0) {
            return new Verdict(Mark.WARN, "no usable TLSA record: TLS is still mandatory, but the server cannot be"
                    + " authenticated (RFC 7672 §2.2)", out);
        }
        if (matchedBy != null) {
            return new Verdict(Mark.PASS, "DANE authenticates the server: TLSA " + matchedBy + " matches", out);
        }
        return new Verdict(Mark.FAIL, "no usable TLSA record matches the presented certificate chain: a DANE client"
                + " must not deliver to this host (RFC 7672 §2.2)", out);
    }

    /** Null when the leaf matches; otherwise why not. */
    private static String matchEndEntity(TLSARecord r, X509Certificate leaf) {
        byte[] got;
        try {
            got = associated(r, leaf);
        } catch (GeneralSecurityException e) {
            return "cannot read the server's certificate: " + e.getMessage();
        }
        return Arrays.equals(got, r.getCertificateAssociationData()) ? null
                : "does not match the server's certificate (its " + (r.getSelector() == 0 ? "certificate" : "key")
                + " " + (r.getMatchingType() == 0 ? "data" : "digest") + " is " + shortHex(got) + ")";
    }

    /**
     * Null when a CA certificate of the chain (not the leaf) matches and the chain from the leaf up to it holds: each
     * certificate signed by the next, the leaf within its dates and naming {@code host} (RFC 7672 §3.2.3).
     */
    private static String matchTrustAnchor(TLSARecord r, List<X509Certificate> chain, String host, Instant now) {
        int at = -1;
        for (int i = 1; i < chain.size() && at < 0; i++) {
            try {
                if (Arrays.equals(associated(r, chain.get(i)), r.getCertificateAssociationData())) {
                    at = i;
                }
            } catch (GeneralSecurityException e) {
                return "cannot read certificate #" + i + " of the chain: " + e.getMessage();
            }
        }
        if (at < 0) {
            return "matches no CA certificate in the presented chain (" + (chain.size() - 1) + " besides the"
                    + " server's own)" + (r.getSelector() == 1 && r.getMatchingType() == 0
                    ? "; a 2 1 0 record may name a CA key the server does not send, which this check does not"
                    + " look for" : "; the server must send its trust anchor in the chain (RFC 7672 §3.1.2)");
        }
        for (int i = 0; i < at; i++) {
            try {
                chain.get(i).verify(chain.get(i + 1).getPublicKey());
            } catch (GeneralSecurityException e) {
                return "matches chain certificate #" + at + ", but certificate #" + i + " ("
                        + subject(chain.get(i)) + ") is not signed by the next one: " + e.getMessage();
            }
        }
        X509Certificate leaf = chain.get(0);
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            return "matches, but the server's certificate expired on " + leaf.getNotAfter().toInstant();
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            return "matches, but the server's certificate is not valid until " + leaf.getNotBefore().toInstant();
        }
        if (!names(leaf, host)) {
            return "matches a CA in the chain, but the server's certificate does not name " + host
                    + " (DANE-TA still checks names, RFC 7672 §3.2.3)";
        }
        return null;
    }

    private static byte[] associated(TLSARecord r, X509Certificate c) throws GeneralSecurityException {
        return associationData(c, r.getSelector(), r.getMatchingType());
    }

    /**
     * Whether the certificate names {@code host}: a DNS subjectAltName equal to it, or a wildcard standing for its
     * whole leftmost label; the subject's CN only when there is no DNS subjectAltName (RFC 7672 §3.2.3).
     */
    public static boolean names(X509Certificate c, String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        List<String> dns = new ArrayList<>();
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        dns.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        if (dns.isEmpty()) {
            String cn = commonName(c.getSubjectX500Principal());
            if (cn != null) {
                dns.add(cn);
            }
        }
        for (String name : dns) {
            if (MtaSts.matches(name, h)) {
                return true;
            }
        }
        return false;
    }

    private static String commonName(X500Principal p) {
        for (String part : p.getName(X500Principal.RFC2253).split(",")) {
            if (part.toUpperCase(Locale.ROOT).startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return null;
    }

    private static String subject(X509Certificate c) {
        return c.getSubjectX500Principal().getName();
    }

    /** The record's data, shortened for a report. */
    static String shortData(TLSARecord r) {
        return shortHex(r.getCertificateAssociationData());
    }

    private static String shortHex(byte[] b) {
        String hex = HexFormat.of().formatHex(b);
        return hex.length() > 16 ? hex.substring(0, 16) + "..." : hex;
    }

    /** The data a TLSA record with this selector and matching type carries for {@code cert}. */
    public static byte[] associationData(X509Certificate cert, int selector, int matching)
            throws CertificateEncodingException, NoSuchAlgorithmException {
        byte[] data = selector == 0 ? cert.getEncoded() : cert.getPublicKey().getEncoded();
        return switch (matching) {
            case 0 -> data;
            case 1 -> MessageDigest.getInstance("SHA-256").digest(data);
            case 2 -> MessageDigest.getInstance("SHA-512").digest(data);
            default -> throw new IllegalArgumentException("matching type must be 0, 1 or 2, not " + matching);
        };
    }
}
