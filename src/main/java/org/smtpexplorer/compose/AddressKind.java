package org.smtpexplorer.compose;

/** What an address needs from the servers on its way, from least to most. */
public enum AddressKind {
    /** Plain ASCII: goes anywhere. */
    ASCII,
    /** An internationalised domain: as typed with SMTPUTF8, as its A-label (xn--...) without it. */
    IDN_DOMAIN,
    /** UTF-8 in the local part: needs SMTPUTF8 on every hop (RFC 6531); there is no ASCII form to fall back to. */
    NON_ASCII_LOCAL_PART,
    /** Not an address; the analysis says why. */
    INVALID
}
