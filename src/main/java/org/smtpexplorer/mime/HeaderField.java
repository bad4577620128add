package org.smtpexplorer.mime;

import java.util.Arrays;

/**
 * One header field as it was in the message, and as a reader should see it.
 *
 * @param name    the field name, as written
 * @param raw     the field's bytes, name, folded lines and line ends included, exactly as in the message (a field
 *                over the length kept is cut; its part says so)
 * @param value   the value unfolded (line ends removed, RFC 5322 §2.2.3), its bytes read as UTF-8 (RFC 6532)
 * @param decoded the value with its RFC 2047 encoded words decoded; the value itself when it has none or they
 *                cannot be decoded
 */
public record HeaderField(String name, byte[] raw, String value, String decoded) {
    public HeaderField {
        raw = raw.clone();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** True when decoding changed the value: it held encoded words. */
    public boolean wasEncoded() {
        return !decoded.equals(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderField h && name.equals(h.name) && Arrays.equals(raw, h.raw)
                && value.equals(h.value) && decoded.equals(h.decoded);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return name + ": " + decoded;
    }
}
