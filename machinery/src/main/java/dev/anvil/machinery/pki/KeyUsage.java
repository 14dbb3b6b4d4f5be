package dev.anvil.machinery.pki;

import java.util.Set;

/** X.509 key usage bits (RFC 5280 4.2.1.3), numbered as the standard numbers them. */
public enum KeyUsage {
    DIGITAL_SIGNATURE(0),
    KEY_ENCIPHERMENT(2),
    KEY_AGREEMENT(4),
    CERT_SIGN(5),
    CRL_SIGN(6);

    private final int bit;

    KeyUsage(int bit) {
        this.bit = bit;
    }

    /** The index in {@link java.security.cert.X509Certificate#getKeyUsage()}. */
    public int bit() {
        return bit;
    }

    /** A BIT STRING with the named bits set and no trailing zero bits, as DER requires. */
    static byte[] encode(Set<KeyUsage> usages) {
        int mask = 0;
        for (KeyUsage usage : usages) {
            mask |= 0x80 >>> usage.bit;
        }
        int unused = mask == 0 ? 0 : Integer.numberOfTrailingZeros(mask);
        return Der.tlv(Der.BIT_STRING, mask == 0 ? new byte[] {0} : new byte[] {(byte) unused, (byte) mask});
    }
}
