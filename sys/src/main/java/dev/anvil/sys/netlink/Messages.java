package dev.anvil.sys.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Map;

/**
 * The rtnetlink message bodies: the fixed headers (ifinfomsg, ifaddrmsg, rtmsg, ndmsg) with their attribute numbers,
 * written for requests and parsed from replies and notifications into {@link Link}, {@link Address}, {@link Route}
 * and {@link Neighbour}.
 */
final class Messages {
    static final short RTM_NEWLINK = 16;
    static final short RTM_DELLINK = 17;
    static final short RTM_GETLINK = 18;
    static final short RTM_NEWADDR = 20;
    static final short RTM_DELADDR = 21;
    static final short RTM_GETADDR = 22;
    static final short RTM_NEWROUTE = 24;
    static final short RTM_DELROUTE = 25;
    static final short RTM_GETROUTE = 26;
    static final short RTM_NEWNEIGH = 28;
    static final short RTM_DELNEIGH = 29;
    static final short RTM_GETNEIGH = 30;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_BROADCAST = 2;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_LINK = 5;
    static final int IFLA_QDISC = 6;
    static final int IFLA_MASTER = 10;
    static final int IFLA_OPERSTATE = 16;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_NET_NS_PID = 19;
    static final int IFLA_IFALIAS = 20;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int IFLA_INFO_SLAVE_KIND = 4;
    static final int IFLA_VLAN_ID = 1;
    static final int IFLA_VLAN_PROTOCOL = 5;
    static final int IFLA_BOND_MODE = 1;
    static final int IFLA_BOND_MIIMON = 3;
    static final int VETH_INFO_PEER = 1;

    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_BROADCAST = 4;
    static final int IFA_FLAGS = 8;
    static final int IFA_RT_PRIORITY = 9;

    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PRIORITY = 6;
    static final int RTA_PREFSRC = 7;
    static final int RTA_METRICS = 8;
    static final int RTA_TABLE = 15;
    static final int RTAX_MTU = 2;
    static final int RT_TABLE_COMPAT = 252;

    static final int NDA_DST = 1;
    static final int NDA_LLADDR = 2;

    static final int AF_UNSPEC = 0;

    private Messages() {
    }

    static ByteBuffer buffer() {
        return ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
    }

    static byte[] ifinfo(int family, int index, int flags, int change) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).put((byte) family).put((byte) 0)
                .putShort((short) 0).putInt(index).putInt(flags).putInt(change).array();
    }

    static byte[] ifaddr(int family, int prefix, int flags, int scope, int index) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).put((byte) family).put((byte) prefix)
                .put((byte) flags).put((byte) scope).putInt(index).array();
    }

    /** An rtmsg; a table above 255 goes in RTA_TABLE, with the compat table in the header as iproute2 does. */
    static byte[] rtmsg(int family, int prefix, int table, int protocol, int scope, int type, int flags) {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).put((byte) family).put((byte) prefix)
                .put((byte) 0).put((byte) 0).put((byte) (table > 255 ? RT_TABLE_COMPAT : table))
                .put((byte) protocol).put((byte) scope).put((byte) type).putInt(flags).array();
    }

    static byte[] ndmsg(int family) {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).put((byte) family).array();
    }

    static int family(InetAddress address) {
        return address instanceof Inet4Address ? Route.AF_INET : Route.AF_INET6;
    }

    static Link parseLink(ByteBuffer m) {
        int type = Short.toUnsignedInt(m.getShort(2));
        int index = m.getInt(4);
        int flags = m.getInt(8);
        m.position(16);
        Map<Integer, ByteBuffer> attrs = Attributes.parse(m, m.limit());
        String kind = "";
        String slaveKind = "";
        int vlanId = 0;
        int vlanProtocol = 0;
        int bondMode = -1;
        ByteBuffer info = attrs.get(IFLA_LINKINFO);
        if (info != null) {
            Map<Integer, ByteBuffer> infoAttrs = Attributes.parse(info, info.limit());
            kind = string(infoAttrs.get(IFLA_INFO_KIND));
            slaveKind = string(infoAttrs.get(IFLA_INFO_SLAVE_KIND));
            ByteBuffer data = infoAttrs.get(IFLA_INFO_DATA);
            if (data != null && kind.equals("vlan")) {
                Map<Integer, ByteBuffer> vlan = Attributes.parse(data, data.limit());
                vlanId = vlan.containsKey(IFLA_VLAN_ID) ? Short.toUnsignedInt(vlan.get(IFLA_VLAN_ID).getShort(0)) : 0;
                vlanProtocol = vlan.containsKey(IFLA_VLAN_PROTOCOL)
                        ? Short.toUnsignedInt(vlan.get(IFLA_VLAN_PROTOCOL).order(ByteOrder.BIG_ENDIAN).getShort(0))
                        : 0;
            } else if (data != null && kind.equals("bond")) {
                ByteBuffer mode = Attributes.parse(data, data.limit()).get(IFLA_BOND_MODE);
                bondMode = mode == null ? 0 : Byte.toUnsignedInt(mode.get(0));
            }
        }
        return new Link(index, string(attrs.get(IFLA_IFNAME)), type, flags, intOr(attrs.get(IFLA_MTU), 0), kind,
                slaveKind, hardware(attrs.get(IFLA_ADDRESS)), hardware(attrs.get(IFLA_BROADCAST)),
                intOr(attrs.get(IFLA_MASTER), 0), intOr(attrs.get(IFLA_LINK), 0),
                attrs.containsKey(IFLA_OPERSTATE) ? Byte.toUnsignedInt(attrs.get(IFLA_OPERSTATE).get(0)) : 0,
                string(attrs.get(IFLA_QDISC)), string(attrs.get(IFLA_IFALIAS)), vlanId, vlanProtocol, bondMode);
    }

    static Address parseAddress(ByteBuffer m) {
        int prefix = Byte.toUnsignedInt(m.get(1));
        int headerFlags = Byte.toUnsignedInt(m.get(2));
        int scope = Byte.toUnsignedInt(m.get(3));
        int index = m.getInt(4);
        m.position(8);
        Map<Integer, ByteBuffer> attrs = Attributes.parse(m, m.limit());
        ByteBuffer address = attrs.getOrDefault(IFA_ADDRESS, attrs.get(IFA_LOCAL));
        return new Address(index, inet(address), prefix, scope, headerFlags | intOr(attrs.get(IFA_FLAGS), 0),
                intOr(attrs.get(IFA_RT_PRIORITY), 0), inetOrNull(attrs.get(IFA_LOCAL)),
                inetOrNull(attrs.get(IFA_BROADCAST)));
    }

    static Route parseRoute(ByteBuffer m) {
        int family = Byte.toUnsignedInt(m.get(0));
        int prefix = Byte.toUnsignedInt(m.get(1));
        int table = Byte.toUnsignedInt(m.get(4));
        int protocol = Byte.toUnsignedInt(m.get(5));
        int scope = Byte.toUnsignedInt(m.get(6));
        int type = Byte.toUnsignedInt(m.get(7));
        int flags = m.getInt(8);
        m.position(12);
        Map<Integer, ByteBuffer> attrs = Attributes.parse(m, m.limit());
        int mtu = 0;
        ByteBuffer metrics = attrs.get(RTA_METRICS);
        if (metrics != null) {
            mtu = intOr(Attributes.parse(metrics, metrics.limit()).get(RTAX_MTU), 0);
        }
        return new Route(family, inetOrNull(attrs.get(RTA_DST)), prefix, inetOrNull(attrs.get(RTA_PREFSRC)),
                inetOrNull(attrs.get(RTA_GATEWAY)), intOr(attrs.get(RTA_OIF), 0), intOr(attrs.get(RTA_TABLE), table),
                intOr(attrs.get(RTA_PRIORITY), 0), scope, type, protocol, flags, mtu);
    }

    static Neighbour parseNeighbour(ByteBuffer m) {
        int index = m.getInt(4);
        int state = Short.toUnsignedInt(m.getShort(8));
        m.position(12);
        Map<Integer, ByteBuffer> attrs = Attributes.parse(m, m.limit());
        return new Neighbour(index, inetOrNull(attrs.get(NDA_DST)), hardware(attrs.get(NDA_LLADDR)), state);
    }

    /** The IPv4 broadcast address of a prefix shorter than /31, as iproute2's {@code brd +} computes it; else null. */
    static byte[] broadcast(InetAddress address, int prefixLength) {
        if (!(address instanceof Inet4Address) || prefixLength >= 31) {
            return null;
        }
        byte[] bytes = address.getAddress();
        int value = ByteBuffer.wrap(bytes).getInt() | (prefixLength == 0 ? -1 : (1 << (32 - prefixLength)) - 1);
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static int intOr(ByteBuffer value, int fallback) {
        return value == null ? fallback : value.getInt(0);
    }

    private static String string(ByteBuffer value) {
        return value == null ? "" : Attributes.string(value);
    }

    private static String hardware(ByteBuffer value) {
        return value == null ? "" : HexFormat.ofDelimiter(":").formatHex(Attributes.bytes(value));
    }

    private static InetAddress inetOrNull(ByteBuffer value) {
        return value == null ? null : inet(value);
    }

    static InetAddress inet(ByteBuffer value) {
        try {
            return InetAddress.getByAddress(Attributes.bytes(value));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the kernel sent an address of " + value.remaining() + " bytes", e);
        }
    }
}
