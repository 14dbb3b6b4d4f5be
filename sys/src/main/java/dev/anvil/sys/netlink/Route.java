package dev.anvil.sys.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * A route (one rtmsg): to {@code destination/prefixLength} (a null destination with prefix 0 is the default route),
 * through {@code gateway} (null when on-link), out of link {@code outputLink}, in {@code table} with {@code priority}
 * (the metric). The numbers are the kernel's: scope RT_SCOPE_, type RTN_, protocol RTPROT_, flags RTM_F_.
 *
 * @param family AF_INET (2) or AF_INET6 (10)
 * @param source the preferred source address (RTA_PREFSRC), or null
 * @param mtu    the route's MTU metric, or 0
 */
public record Route(int family, InetAddress destination, int prefixLength, InetAddress source, InetAddress gateway,
        int outputLink, int table, int priority, int scope, int type, int protocol, int flags, int mtu) {
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int MAIN_TABLE = 254;
    public static final int SCOPE_UNIVERSE = 0;
    public static final int SCOPE_LINK = 253;
    public static final int TYPE_UNICAST = 1;
    public static final int PROTOCOL_BOOT = 3;
    public static final int PROTOCOL_STATIC = 4;

    /** A static unicast route in the main table; link scope when it has no gateway. */
    public static Route of(InetAddress destination, int prefixLength, InetAddress gateway, int outputLink,
            int priority) {
        InetAddress any = destination != null ? destination : gateway;
        return new Route(any instanceof Inet4Address ? AF_INET : AF_INET6, destination, prefixLength, null, gateway,
                outputLink, MAIN_TABLE, priority, gateway == null ? SCOPE_LINK : SCOPE_UNIVERSE, TYPE_UNICAST,
                PROTOCOL_STATIC, 0, 0);
    }
}
