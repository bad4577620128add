package org.smtpexplorer.compose;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.smtpexplorer.engine.Addresses;

/**
 * Splits address fields ("Name &lt;a@b&gt;, c@d") with jakarta.mail and classifies each address: ASCII, IDN
 * domain (with U-label and A-label from java.net.IDN), non-ASCII local part, or invalid with the reason. Cheap
 * enough to run on every keystroke.
 */
public final class AddressAnalysis {
    /** RFC 5321 §4.5.3.1.1: longer local parts may be refused. */
    private static final int MAX_LOCAL_OCTETS = 64;
    /** RFC 5321 §4.5.3.1.2. */
    private static final int MAX_DOMAIN_OCTETS = 255;
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]"
            + "|1?[0-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("IPv6:[0-9A-Fa-f:.]{2,45}");

    private AddressAnalysis() {
    }

    /** Every address in a field, in order; an empty field is an empty list. */
    public static List<AnalysedAddress> parseList(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            return List.of(AnalysedAddress.invalid(text.strip(), "contains a line break"));
        }
        InternetAddress[] parsed;
        try {
            // Lenient, so one bad address does not hide the others; each is then checked strictly on its own.
            parsed = InternetAddress.parseHeader(text, false);
        } catch (AddressException e) {
            return List.of(AnalysedAddress.invalid(text.strip(), lower(e.getMessage())
                    + (e.getPos() >= 0 ? " at position " + e.getPos() : "")));
        }
        List<AnalysedAddress> out = new ArrayList<>();
        for (InternetAddress a : parsed) {
            out.add(classify(a));
        }
        return out;
    }

    /** One address, with or without a display name. */
    public static AnalysedAddress analyse(String text) {
        List<AnalysedAddress> all = parseList(text);
        if (all.size() != 1) {
            return AnalysedAddress.invalid(text == null ? "" : text.strip(), all.isEmpty() ? "no address given"
                    : "one address expected, found " + all.size());
        }
        return all.get(0);
    }

    private static AnalysedAddress classify(InternetAddress a) {
        String addr = a.getAddress() == null ? "" : a.getAddress();
        String name = a.getPersonal() == null ? "" : a.getPersonal();
        if (a.isGroup()) {
            return AnalysedAddress.invalid(addr, "group syntax (name: ... ;) is not supported; list the addresses");
        }
        try {
            new InternetAddress(addr, true).validate();
        } catch (AddressException e) {
            return AnalysedAddress.invalid(addr, lower(e.getMessage()) + hint(addr));
        }
        String characters = Addresses.characterProblem(addr);
        if (characters != null) {
            return AnalysedAddress.invalid(addr, "the address " + characters);
        }
        int at = addr.lastIndexOf('@');
        String local = addr.substring(0, at);
        String domain = addr.substring(at + 1);
        List<String> notes = new ArrayList<>();
        int localOctets = local.getBytes(StandardCharsets.UTF_8).length;
        if (localOctets > MAX_LOCAL_OCTETS) {
            notes.add("the local part is " + localOctets + " octets; servers may refuse more than "
                    + MAX_LOCAL_OCTETS + " (RFC 5321 §4.5.3.1.1)");
        }
        boolean localAscii = isAscii(local);
        if (!localAscii && !Normalizer.isNormalized(local, Normalizer.Form.NFC)) {
            notes.add("the local part is not in Unicode NFC form, which RFC 6532 §3.1 asks for; servers may treat"
                    + " it as a different mailbox");
        }
        String[] forms = new String[2];
        String domainError = checkDomain(domain, forms, notes);
        if (domainError != null) {
            return new AnalysedAddress(name, addr, AddressKind.INVALID, local, domain, domain, domainError, notes);
        }
        boolean idn = !isAscii(domain) || forms[1].toLowerCase(Locale.ROOT).contains("xn--");
        AddressKind kind = !localAscii ? AddressKind.NON_ASCII_LOCAL_PART
                : idn ? AddressKind.IDN_DOMAIN : AddressKind.ASCII;
        return new AnalysedAddress(name, addr, kind, local, forms[0], forms[1], "", notes);
    }

    /** Fills {@code forms} with the U-label and A-label forms; returns why the domain is invalid, or null. */
    private static String checkDomain(String domain, String[] forms, List<String> notes) {
        forms[0] = domain;
        forms[1] = domain;
        if (domain.startsWith("[")) {
            String literal = domain.substring(1, domain.length() - 1);
            return IPV4.matcher(literal).matches() || IPV6.matcher(literal).matches() ? null
                    : "the address literal " + domain + " is neither [IPv4] nor [IPv6:...] (RFC 5321 §4.1.3)";
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return "the domain \"" + domain + "\" is not a valid host name: " + lower(e.getMessage())
                    + " (letters, digits and hyphens between dots; RFC 5321 §4.1.2, RFC 3490)";
        }
        if (ascii.length() > MAX_DOMAIN_OCTETS) {
            return "the domain is " + ascii.length() + " octets in ASCII form; the limit is " + MAX_DOMAIN_OCTETS;
        }
        // java.net.IDN has already refused empty labels and labels over 63 octets.
        for (String label : ascii.split("\\.")) {
            if (label.regionMatches(true, 0, "xn--", 0, 4) && IDN.toUnicode(label).equals(label)) {
                return "the label \"" + label + "\" starts with xn-- but is not a valid A-label (RFC 5890)";
            }
        }
        String unicode = IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES);
        if (!isAscii(domain) && !unicode.equals(Normalizer.normalize(domain, Normalizer.Form.NFC)
                .toLowerCase(Locale.ROOT))) {
            notes.add("java.net.IDN (IDNA2003) maps " + domain + " to " + unicode + " (" + ascii + "); IDNA2008,"
                    + " used by registries, can differ (ß, ς and joiners), so check the registered A-label");
        }
        forms[0] = unicode;
        forms[1] = ascii;
        return null;
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String hint(String addr) {
        if (addr.contains(" ") && addr.indexOf('@') != addr.lastIndexOf('@')) {
            return "; separate addresses with commas";
        }
        return addr.indexOf('@') < 0 ? "; an address is local@domain" : "";
    }

    private static String lower(String s) {
        return s == null || s.isEmpty() ? "unreadable" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
