package org.smtpexplorer.compose;

import java.util.List;

/**
 * One address of an address field, classified.
 *
 * @param displayName   the name before the address, decoded; empty when none
 * @param address       the address as typed (local@domain), or the offending text when invalid
 * @param kind          what it needs
 * @param localPart     the part before the last '@'
 * @param unicodeDomain the domain in Unicode (U-label) form
 * @param asciiDomain   the domain in ASCII (A-label) form; the same as typed for an ASCII domain
 * @param reason        why it is invalid; empty otherwise
 * @param notes         things worth knowing that do not make it invalid (long local part, IDNA mapping)
 */
public record AnalysedAddress(String displayName, String address, AddressKind kind, String localPart,
                              String unicodeDomain, String asciiDomain, String reason, List<String> notes) {

    public AnalysedAddress {
        notes = List.copyOf(notes);
    }

    static AnalysedAddress invalid(String text, String reason) {
        return new AnalysedAddress("", text, AddressKind.INVALID, "", "", "", reason, List.of());
    }

    public boolean isValid() {
        return kind != AddressKind.INVALID;
    }

    /** True when the address as typed has a non-ASCII character, so it can only go as typed with SMTPUTF8. */
    public boolean hasNonAscii() {
        return !AddressAnalysis.isAscii(address);
    }

    /** The address as it goes into the envelope and the headers: as typed with SMTPUTF8, else with the A-label. */
    public String form(boolean smtpUtf8) {
        if (smtpUtf8 || kind == AddressKind.NON_ASCII_LOCAL_PART || kind == AddressKind.INVALID) {
            return address;
        }
        return localPart + "@" + asciiDomain;
    }

    /** A one-line description for the live analysis next to the field. */
    public String describe() {
        return switch (kind) {
            case ASCII -> "ASCII address";
            case IDN_DOMAIN -> "internationalised domain " + unicodeDomain + " (A-label " + asciiDomain
                    + "): sent as typed with SMTPUTF8, as " + localPart + "@" + asciiDomain + " without it";
            case NON_ASCII_LOCAL_PART -> "non-ASCII local part \"" + localPart + "\": needs SMTPUTF8 on every"
                    + " server on the way (RFC 6531); it has no ASCII form, so it cannot be downgraded";
            case INVALID -> "not a valid address: " + reason;
        };
    }
}
