package dev.anvil.machined.network;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The node's own address for its hosts file (Talos's default NodeAddress): the first address the kernel has that
 * is not loopback or link-local, IPv4 before IPv6.
 */
public final class NodeAddress {
    private NodeAddress() {
    }

    public static Optional<String> first() {
        try {
            return pick(NodeAddresses.current());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Optional<String> pick(List<InetAddress> addresses) {
        return addresses.stream().filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .min(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1))
                .map(InetAddress::getHostAddress);
    }
}
