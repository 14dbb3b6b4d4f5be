package dev.anvil.sys.netlink;

import dev.anvil.sys.SyscallException;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.anvil.sys.netlink.Messages.*;

/**
 * Links, addresses, routes and neighbours through rtnetlink: dumps, and changes that wait for the kernel's
 * acknowledgement and report its error code as a {@link SyscallException} (errno and what was being done). It works
 * in the network namespace of the thread that opened it. Calls block in native receives, so use it from platform
 * threads; one thread at a time. For notifications see {@link RtNetlinkWatch}.
 */
public final class RtNetlink implements AutoCloseable {
    private static final short NLMSG_ERROR = 2;
    private static final short NLMSG_DONE = 3;
    private static final short NLM_F_REQUEST = 1;
    private static final short NLM_F_ACK = 4;
    private static final short NLM_F_REPLACE = 0x100;
    private static final short NLM_F_EXCL = 0x200;
    private static final short NLM_F_CREATE = 0x400;
    private static final short NLM_F_DUMP = 0x300;
    /** ETH_P_8021Q: the VLAN protocol of 802.1q. */
    public static final int VLAN_8021Q = 0x8100;
    /** ETH_P_8021AD: the VLAN protocol of 802.1ad (QinQ). */
    public static final int VLAN_8021AD = 0x88a8;

    private final NetlinkSocket socket = new NetlinkSocket(0);
    private int sequence;

    /** Opens rtnetlink in the calling thread's network namespace. */
    public static RtNetlink open() {
        return new RtNetlink();
    }

    private RtNetlink() {
    }

    // ---- links ----

    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        dump(RTM_GETLINK, ifinfo(AF_UNSPEC, 0, 0, 0), RTM_NEWLINK, m -> links.add(parseLink(m)));
        return links;
    }

    public Optional<Link> link(String name) {
        return links().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    private Link require(String name) {
        return link(name).orElseThrow(() -> new IllegalArgumentException("no link named " + name));
    }

    public void createDummy(String name) {
        createLink(name, "dummy", 0, null);
    }

    public void createBridge(String name) {
        createLink(name, "bridge", 0, null);
    }

    /** A veth pair: {@code name} here, {@code peer} here too (move it with {@link #moveToNamespace}). */
    public void createVeth(String name, String peer) {
        checkName(peer);
        createLink(name, "veth", 0, body -> {
            int peerInfo = Attributes.begin(body, VETH_INFO_PEER);
            body.put(ifinfo(AF_UNSPEC, 0, 0, 0));
            Attributes.putString(body, IFLA_IFNAME, peer);
            Attributes.end(body, peerInfo);
        });
    }

    /** A VLAN link on {@code parentIndex} with the ID and protocol ({@link #VLAN_8021Q} or {@link #VLAN_8021AD}). */
    public void createVlan(String name, int parentIndex, int vlanId, int protocol) {
        if (vlanId < 1 || vlanId > 4094) {
            throw new IllegalArgumentException("a VLAN ID is 1 to 4094, not " + vlanId);
        }
        createLink(name, "vlan", parentIndex, body -> {
            Attributes.put(body, IFLA_VLAN_ID, ByteBuffer.allocate(2).order(ByteOrder.nativeOrder())
                    .putShort((short) vlanId).array());
            Attributes.put(body, IFLA_VLAN_PROTOCOL, ByteBuffer.allocate(2).order(ByteOrder.BIG_ENDIAN)
                    .putShort((short) protocol).array());
        });
    }

    /** A bond in {@code mode} (the kernel's number: 0 balance-rr, 1 active-backup, ... 6 balance-alb). */
    public void createBond(String name, int mode, int miimon) {
        createLink(name, "bond", 0, body -> {
            Attributes.put(body, IFLA_BOND_MODE, new byte[] {(byte) mode});
            if (miimon > 0) {
                Attributes.putInt(body, IFLA_BOND_MIIMON, miimon);
            }
        });
    }

    private void createLink(String name, String kind, int parentIndex, Consumer<ByteBuffer> kindData) {
        checkName(name);
        ByteBuffer body = buffer();
        body.put(ifinfo(AF_UNSPEC, 0, 0, 0));
        Attributes.putString(body, IFLA_IFNAME, name);
        if (parentIndex != 0) {
            Attributes.putInt(body, IFLA_LINK, parentIndex);
        }
        int info = Attributes.begin(body, IFLA_LINKINFO);
        Attributes.putString(body, IFLA_INFO_KIND, kind);
        if (kindData != null) {
            int data = Attributes.begin(body, IFLA_INFO_DATA);
            kindData.accept(body);
            Attributes.end(body, data);
        }
        Attributes.end(body, info);
        change(RTM_NEWLINK, (short) (NLM_F_CREATE | NLM_F_EXCL), body, "create " + kind + " " + name);
    }

    public void setUp(String name, boolean up) {
        setUp(require(name).index(), up);
    }

    /** Sets or clears IFF_UP on the link with that index. */
    public void setUp(int index, boolean up) {
        setFlag(index, Link.IFF_UP, up, (up ? "set up" : "set down") + " link " + index);
    }

    /** Sets or clears one IFF_ flag (up, multicast) of a link. */
    public void setFlag(int index, int flag, boolean on, String what) {
        ByteBuffer body = buffer();
        body.put(ifinfo(AF_UNSPEC, index, on ? flag : 0, flag));
        change(RTM_NEWLINK, (short) 0, body, what);
    }

    public void setMtu(String name, int mtu) {
        setMtu(require(name).index(), mtu);
    }

    public void setMtu(int index, int mtu) {
        modifyLink(index, body -> Attributes.putInt(body, IFLA_MTU, mtu), "set mtu " + mtu + " on link " + index);
    }

    /** Enslaves a link to a bridge or bond (or frees it with master null). */
    public void setMaster(String name, String master) {
        setMaster(require(name).index(), master == null ? 0 : require(master).index());
    }

    /** Enslaves link {@code index} to link {@code masterIndex}, or frees it with 0. */
    public void setMaster(int index, int masterIndex) {
        modifyLink(index, body -> Attributes.putInt(body, IFLA_MASTER, masterIndex),
                "set master of link " + index + " to " + masterIndex);
    }

    public void rename(String name, String newName) {
        checkName(newName);
        modifyLink(require(name).index(), body -> Attributes.putString(body, IFLA_IFNAME, newName),
                "rename " + name + " to " + newName);
    }

    /** Moves a link into the network namespace of process {@code pid}. */
    public void moveToNamespace(String name, long pid) {
        modifyLink(require(name).index(), body -> Attributes.putInt(body, IFLA_NET_NS_PID, (int) pid),
                "move " + name + " to the namespace of pid " + pid);
    }

    public void deleteLink(String name) {
        deleteLink(require(name).index());
    }

    public void deleteLink(int index) {
        ByteBuffer body = buffer();
        body.put(ifinfo(AF_UNSPEC, index, 0, 0));
        change(RTM_DELLINK, (short) 0, body, "delete link " + index);
    }

    private void modifyLink(int index, Consumer<ByteBuffer> attributes, String what) {
        ByteBuffer body = buffer();
        body.put(ifinfo(AF_UNSPEC, index, 0, 0));
        attributes.accept(body);
        change(RTM_NEWLINK, (short) 0, body, what);
    }

    // ---- addresses ----

    public List<Address> addresses() {
        List<Address> addresses = new ArrayList<>();
        dump(RTM_GETADDR, ifaddr(AF_UNSPEC, 0, 0, 0, 0), RTM_NEWADDR, m -> addresses.add(parseAddress(m)));
        return addresses;
    }

    public void addAddress(String link, InetAddress address, int prefixLength) {
        addAddress(Address.of(require(link).index(), address, prefixLength));
    }

    /**
     * Adds an address with its scope, flags (IFA_F_) and route priority; an IPv4 address shorter than /31 gets its
     * broadcast address. Fails with EEXIST when the link has it already.
     */
    public void addAddress(Address address) {
        ByteBuffer body = buffer();
        InetAddress ip = address.address();
        body.put(ifaddr(family(ip), address.prefixLength(), address.flags() & 0xff, address.scope(),
                address.linkIndex()));
        Attributes.put(body, IFA_LOCAL, ip.getAddress());
        Attributes.put(body, IFA_ADDRESS, ip.getAddress());
        byte[] broadcast = broadcast(ip, address.prefixLength());
        if (broadcast != null) {
            Attributes.put(body, IFA_BROADCAST, broadcast);
        }
        if (address.flags() != 0) {
            Attributes.putInt(body, IFA_FLAGS, address.flags());
        }
        if (address.priority() != 0) {
            Attributes.putInt(body, IFA_RT_PRIORITY, address.priority());
        }
        change(RTM_NEWADDR, (short) (NLM_F_CREATE | NLM_F_EXCL), body, "add address " + address);
    }

    public void deleteAddress(String link, InetAddress address, int prefixLength) {
        deleteAddress(require(link).index(), address, prefixLength);
    }

    public void deleteAddress(int linkIndex, InetAddress address, int prefixLength) {
        ByteBuffer body = buffer();
        body.put(ifaddr(family(address), prefixLength, 0, 0, linkIndex));
        Attributes.put(body, IFA_LOCAL, address.getAddress());
        Attributes.put(body, IFA_ADDRESS, address.getAddress());
        change(RTM_DELADDR, (short) 0, body, "delete address " + Address.of(linkIndex, address, prefixLength));
    }

    // ---- routes ----

    /** The routes of every table, IPv4 and IPv6. */
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        dump(RTM_GETROUTE, rtmsg(AF_UNSPEC, 0, 0, 0, 0, 0, 0), RTM_NEWROUTE, m -> routes.add(parseRoute(m)));
        return routes;
    }

    /** Adds a route; fails with EEXIST when the table has one to that destination with that metric. */
    public void addRoute(Route route) {
        routeChange(RTM_NEWROUTE, (short) (NLM_F_CREATE | NLM_F_EXCL), route, true, "add route " + route);
    }

    /** Adds the route, or replaces the one to that destination with that metric in its table. */
    public void replaceRoute(Route route) {
        routeChange(RTM_NEWROUTE, (short) (NLM_F_CREATE | NLM_F_REPLACE), route, true, "replace route " + route);
    }

    /**
     * Deletes the route matching this one's table, destination, metric, gateway and output link (what the kernel
     * matches on); its scope, type and protocol are not compared.
     */
    public void deleteRoute(Route route) {
        routeChange(RTM_DELROUTE, (short) 0, route, false, "delete route " + route);
    }

    private void routeChange(short type, short flags, Route route, boolean adding, String what) {
        ByteBuffer body = buffer();
        body.put(rtmsg(route.family(), route.prefixLength(), route.table(), adding ? route.protocol() : 0,
                adding ? route.scope() : 255, adding ? route.type() : 0, adding ? route.flags() : 0));
        if (route.destination() != null) {
            Attributes.put(body, RTA_DST, route.destination().getAddress());
        }
        if (route.gateway() != null) {
            Attributes.put(body, RTA_GATEWAY, route.gateway().getAddress());
        }
        if (route.source() != null && adding) {
            Attributes.put(body, RTA_PREFSRC, route.source().getAddress());
        }
        if (route.outputLink() != 0) {
            Attributes.putInt(body, RTA_OIF, route.outputLink());
        }
        Attributes.putInt(body, RTA_PRIORITY, route.priority());
        Attributes.putInt(body, RTA_TABLE, route.table());
        if (route.mtu() != 0 && adding) {
            int metrics = Attributes.begin(body, RTA_METRICS);
            Attributes.putInt(body, RTAX_MTU, route.mtu());
            Attributes.end(body, metrics);
        }
        change(type, flags, body, what);
    }

    // ---- neighbours ----

    /** The neighbour tables (ARP and NDP) of every link. */
    public List<Neighbour> neighbours() {
        List<Neighbour> neighbours = new ArrayList<>();
        dump(RTM_GETNEIGH, ndmsg(AF_UNSPEC), RTM_NEWNEIGH, m -> neighbours.add(parseNeighbour(m)));
        return neighbours;
    }

    @Override
    public void close() {
        socket.close();
    }

    // ---- requests and replies ----

    private static void checkName(String name) {
        if (name.isEmpty() || name.length() > 15 || name.contains("/") || name.isBlank()) {
            throw new IllegalArgumentException("a link name has 1 to 15 characters and no '/': \"" + name + "\"");
        }
    }

    /** Sends a change and waits for its acknowledgement; a kernel error becomes a {@link SyscallException}. */
    private void change(short type, short flags, ByteBuffer body, String what) {
        int seq = send(type, (short) (NLM_F_REQUEST | NLM_F_ACK | flags), body);
        replies(seq, (msgType, message) -> {
            if (msgType != NLMSG_ERROR) {
                return false;
            }
            int error = message.getInt(0);
            if (error != 0) {
                throw new SyscallException("rtnetlink", what, -error);
            }
            return true;
        });
    }

    private void dump(short type, byte[] header, short replyType, Consumer<ByteBuffer> each) {
        ByteBuffer body = buffer();
        body.put(header);
        int seq = send(type, (short) (NLM_F_REQUEST | NLM_F_DUMP), body);
        replies(seq, (msgType, message) -> {
            if (msgType == NLMSG_ERROR) {
                throw new SyscallException("rtnetlink", "dump " + type, -message.getInt(0));
            }
            if (msgType == replyType) {
                each.accept(message);
            }
            return msgType == NLMSG_DONE;
        });
    }

    /** What to do with one reply; true when it was the last one wanted. */
    private interface ReplyHandler {
        boolean handle(short type, ByteBuffer message);
    }

    /** Reads the replies to request {@code seq}, message by message, until the handler has had the last. */
    private void replies(int seq, ReplyHandler handler) {
        while (true) {
            ByteBuffer datagram = socket.receive();
            while (datagram != null && datagram.remaining() >= 16) {
                int start = datagram.position();
                int length = datagram.getInt(start);
                if (datagram.getInt(start + 8) == seq && handler.handle(datagram.getShort(start + 4),
                        datagram.slice(start + 16, length - 16).order(ByteOrder.nativeOrder()))) {
                    return;
                }
                datagram.position(start + Attributes.align(Math.max(length, 16)));
            }
        }
    }

    private int send(short type, short flags, ByteBuffer body) {
        body.flip();
        int seq = ++sequence;
        ByteBuffer message = ByteBuffer.allocate(16 + body.remaining()).order(ByteOrder.nativeOrder());
        message.putInt(16 + body.remaining()).putShort(type).putShort(flags).putInt(seq).putInt(0).put(body);
        message.flip();
        socket.send(message);
        return seq;
    }
}
