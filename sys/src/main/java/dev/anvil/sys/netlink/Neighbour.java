package dev.anvil.sys.netlink;

import java.net.InetAddress;

/**
 * A neighbour table entry (ARP for IPv4, NDP for IPv6).
 *
 * @param hardwareAddress the link-layer address as {@code aa:bb:..}, empty while unresolved
 * @param state           the NUD_ bits (0x02 reachable, 0x04 stale, 0x80 permanent, ...)
 */
public record Neighbour(int linkIndex, InetAddress address, String hardwareAddress, int state) {
}
