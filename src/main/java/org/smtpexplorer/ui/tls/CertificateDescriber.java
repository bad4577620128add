package org.smtpexplorer.ui.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/** Turns a certificate into readable facts (subject, issuer, names, validity, key, fingerprint) with Bouncy Castle. */
public final class CertificateDescriber {
    private CertificateDescriber() {
    }

    /** The facts of one certificate, as label/value pairs in display order. */
    public static List<String[]> describe(X509Certificate cert) {
        List<String[]> out = new ArrayList<>();
        try {
            X509CertificateHolder h = new JcaX509CertificateHolder(cert);
            out.add(new String[] {"Subject", h.getSubject().toString()});
            out.add(new String[] {"Issuer", h.getIssuer().toString()});
            GeneralNames sans = GeneralNames.fromExtensions(h.getExtensions(), Extension.subjectAlternativeName);
            if (sans != null) {
                List<String> names = new ArrayList<>();
                for (GeneralName n : sans.getNames()) {
                    names.add(switch (n.getTagNo()) {
                        case GeneralName.dNSName -> "DNS:" + n.getName();
                        case GeneralName.iPAddress -> "IP:" + ipText(n);
                        default -> n.toString();
                    });
                }
                out.add(new String[] {"Names (SAN)", String.join(", ", names)});
            }
            out.add(new String[] {"Valid", h.getNotBefore().toInstant() + " to " + h.getNotAfter().toInstant()});
            out.add(new String[] {"Key", cert.getPublicKey().getAlgorithm() + keySize(cert)});
            out.add(new String[] {"Signature", cert.getSigAlgName()});
            out.add(new String[] {"Serial", h.getSerialNumber().toString(16)});
            out.add(new String[] {"SHA-256", HexFormat.ofDelimiter(":").withUpperCase().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()))});
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            out.add(new String[] {"Error", "cannot read the certificate: " + e.getMessage()});
        }
        return out;
    }

    private static String ipText(GeneralName n) {
        return ipText(org.bouncycastle.asn1.DEROctetString.getInstance(n.getName()).getOctets());
    }

    /** An address as people write it: 192.0.2.1, or IPv6 in the RFC 5952 form (::1, 2001:db8::1); else hex. */
    static String ipText(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        if (b.length != 16) {
            return HexFormat.of().formatHex(b);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups, the first of equal runs, becomes "::" (RFC 5952 §4.2).
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static String keySize(X509Certificate cert) {
        if (cert.getPublicKey() instanceof java.security.interfaces.RSAKey rsa) {
            return " " + rsa.getModulus().bitLength() + " bits";
        }
        if (cert.getPublicKey() instanceof java.security.interfaces.ECKey ec) {
            return " " + ec.getParams().getCurve().getField().getFieldSize() + " bits";
        }
        return "";
    }
}
