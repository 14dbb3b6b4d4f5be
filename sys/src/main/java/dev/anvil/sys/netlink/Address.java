package dev.anvil.sys.netlink;

import java.net.InetAddress;

/** An address on a link, with its prefix length ({@code 10.5.0.2/24}). */
public record Address(int linkIndex, InetAddress address, int prefixLength, int scope) {
    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " on link " + linkIndex;
    }
}
