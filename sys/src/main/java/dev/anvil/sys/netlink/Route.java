package dev.anvil.sys.netlink;

import java.net.InetAddress;

/**
 * A route: to {@code destination/prefixLength} (null destination with prefix 0 is the default route), through
 * {@code gateway} (null when on-link), out of link {@code outputLink}, in {@code table} with {@code priority}.
 */
public record Route(InetAddress destination, int prefixLength, InetAddress gateway, int outputLink, int table,
        int priority) {
    public static final int MAIN_TABLE = 254;
}
