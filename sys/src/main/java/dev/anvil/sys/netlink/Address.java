package dev.anvil.sys.netlink;

import java.net.InetAddress;

/**
 * An address on a link, with its prefix length ({@code 10.5.0.2/24}), as the kernel reports it.
 *
 * @param scope    RT_SCOPE_ (0 global, 253 link, 254 host)
 * @param flags    the IFA_F_ bits (0x80 permanent, ...), from the header and IFA_FLAGS together
 * @param priority the metric of the prefix route the kernel made for it (IFA_RT_PRIORITY), 0 for the default
 * @param local    IFA_LOCAL, which differs from the address only on point-to-point links; null when absent
 * @param broadcast IFA_BROADCAST, or null
 */
public record Address(int linkIndex, InetAddress address, int prefixLength, int scope, int flags, int priority,
        InetAddress local, InetAddress broadcast) {
    public static final int IFA_F_PERMANENT = 0x80;

    /** An address as one is added: global scope, no flags, default priority. */
    public static Address of(int linkIndex, InetAddress address, int prefixLength) {
        return new Address(linkIndex, address, prefixLength, 0, 0, 0, null, null);
    }

    /** True when this is {@code address/prefixLength} on link {@code linkIndex}. */
    public boolean is(int linkIndex, InetAddress address, int prefixLength) {
        return this.linkIndex == linkIndex && this.address.equals(address) && this.prefixLength == prefixLength;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " on link " + linkIndex;
    }
}
