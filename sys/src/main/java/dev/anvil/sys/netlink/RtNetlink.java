package dev.anvil.sys.netlink;

import dev.anvil.sys.SyscallException;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Links, addresses and routes through rtnetlink: dumps, and changes that wait for the kernel's acknowledgement and
 * report its error code. It works in the network namespace of the thread that opened it. Calls block in native
 * receives, so use it from platform threads; one thread at a time.
 */
public final class RtNetlink implements AutoCloseable {
    private static final short RTM_NEWLINK = 16;
    private static final short RTM_DELLINK = 17;
    private static final short RTM_GETLINK = 18;
    private static final short RTM_NEWADDR = 20;
    private static final short RTM_DELADDR = 21;
    private static final short RTM_GETADDR = 22;
    private static final short RTM_NEWROUTE = 24;
    private static final short RTM_GETROUTE = 26;
    private static final short NLMSG_ERROR = 2;
    private static final short NLMSG_DONE = 3;
    private static final short NLM_F_REQUEST = 1;
    private static final short NLM_F_ACK = 4;
    private static final short NLM_F_EXCL = 0x200;
    private static final short NLM_F_CREATE = 0x400;
    private static final short NLM_F_DUMP = 0x300;
    private static final int IFLA_ADDRESS = 1;
    private static final int IFLA_IFNAME = 3;
    private static final int IFLA_MTU = 4;
    private static final int IFLA_MASTER = 10;
    private static final int IFLA_OPERSTATE = 16;
    private static final int IFLA_LINKINFO = 18;
    private static final int IFLA_NET_NS_PID = 19;
    private static final int IFLA_INFO_KIND = 1;
    private static final int IFLA_INFO_DATA = 2;
    private static final int VETH_INFO_PEER = 1;
    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;
    private static final int RTA_DST = 1;
    private static final int RTA_OIF = 4;
    private static final int RTA_GATEWAY = 5;
    private static final int RTA_PRIORITY = 6;
    private static final int RTA_TABLE = 15;
    private static final int AF_UNSPEC = 0;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

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
        createLink(name, "dummy", null);
    }

    public void createBridge(String name) {
        createLink(name, "bridge", null);
    }

    /** A veth pair: {@code name} here, {@code peer} here too (move it with {@link #moveToNamespace}). */
    public void createVeth(String name, String peer) {
        createLink(name, "veth", body -> {
            int data = Attributes.begin(body, IFLA_INFO_DATA);
            int peerInfo = Attributes.begin(body, VETH_INFO_PEER);
            body.put(ifinfo(AF_UNSPEC, 0, 0, 0));
            Attributes.putString(body, IFLA_IFNAME, peer);
            Attributes.end(body, peerInfo);
            Attributes.end(body, data);
        });
    }

    private void createLink(String name, String kind, Consumer<ByteBuffer> kindData) {
        checkName(name);
        ByteBuffer body = buffer();
        body.put(ifinfo(AF_UNSPEC, 0, 0, 0));
        Attributes.putString(body, IFLA_IFNAME, name);
        int info = Attributes.begin(body, IFLA_LINKINFO);
        Attributes.putString(body, IFLA_INFO_KIND, kind);
        if (kindData != null) {
            kindData.accept(body);
        }
        Attributes.end(body, info);
        change(RTM_NEWLINK, (short) (NLM_F_CREATE | NLM_F_EXCL), body, "create " + kind + " " + name);
    }

    public void setUp(String name, boolean up) {
        Link link = require(name);
        ByteBuffer body = buffer();
        body.put(ifinfo(AF_UNSPEC, link.index(), up ? Link.IFF_UP : 0, Link.IFF_UP));
        change(RTM_NEWLINK, (short) 0, body, (up ? "set up " : "set down ") + name);
    }

    public void setMtu(String name, int mtu) {
        modifyLink(name, body -> Attributes.putInt(body, IFLA_MTU, mtu), "set mtu " + mtu + " on " + name);
    }

    /** Enslaves a link to a bridge (or frees it with master 0). */
    public void setMaster(String name, String master) {
        int index = master == null ? 0 : require(master).index();
        modifyLink(name, body -> Attributes.putInt(body, IFLA_MASTER, index), "set master of " + name);
    }

    public void rename(String name, String newName) {
        checkName(newName);
        modifyLink(name, body -> Attributes.putString(body, IFLA_IFNAME, newName), "rename " + name + " to " + newName);
    }

    /** Moves a link into the network namespace of process {@code pid}. */
    public void moveToNamespace(String name, long pid) {
        modifyLink(name, body -> Attributes.putInt(body, IFLA_NET_NS_PID, (int) pid),
                "move " + name + " to the namespace of pid " + pid);
    }

    public void deleteLink(String name) {
        Link link = require(name);
        ByteBuffer body = buffer();
        body.put(ifinfo(AF_UNSPEC, link.index(), 0, 0));
        change(RTM_DELLINK, (short) 0, body, "delete " + name);
    }

    private void modifyLink(String name, Consumer<ByteBuffer> attributes, String what) {
        Link link = require(name);
        ByteBuffer body = buffer();
        body.put(ifinfo(AF_UNSPEC, link.index(), 0, 0));
        attributes.accept(body);
        change(RTM_NEWLINK, (short) 0, body, what);
    }

    // ---- addresses ----

    public List<Address> addresses() {
        List<Address> addresses = new ArrayList<>();
        dump(RTM_GETADDR, ifaddr(AF_UNSPEC, 0, 0), RTM_NEWADDR, m -> addresses.add(parseAddress(m)));
        return addresses;
    }

    public void addAddress(String link, InetAddress address, int prefixLength) {
        changeAddress(RTM_NEWADDR, (short) (NLM_F_CREATE | NLM_F_EXCL), link, address, prefixLength, "add");
    }

    public void deleteAddress(String link, InetAddress address, int prefixLength) {
        changeAddress(RTM_DELADDR, (short) 0, link, address, prefixLength, "delete");
    }

    private void changeAddress(short type, short flags, String link, InetAddress address, int prefix, String verb) {
        ByteBuffer body = buffer();
        body.put(ifaddr(family(address), prefix, require(link).index()));
        Attributes.put(body, IFA_LOCAL, address.getAddress());
        Attributes.put(body, IFA_ADDRESS, address.getAddress());
        change(type, flags, body, verb + " address " + address.getHostAddress() + "/" + prefix + " on " + link);
    }

    // ---- routes ----

    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        dump(RTM_GETROUTE, rtmsg(AF_UNSPEC, 0, 0), RTM_NEWROUTE, m -> routes.add(parseRoute(m)));
        return routes;
    }

    public void addRoute(Route route) {
        InetAddress any = route.destination() != null ? route.destination() : route.gateway();
        ByteBuffer body = buffer();
        body.put(rtmsg(family(any), route.prefixLength(), route.gateway() == null ? 253 : 0));
        if (route.destination() != null) {
            Attributes.put(body, RTA_DST, route.destination().getAddress());
        }
        if (route.gateway() != null) {
            Attributes.put(body, RTA_GATEWAY, route.gateway().getAddress());
        }
        Attributes.putInt(body, RTA_OIF, route.outputLink());
        Attributes.putInt(body, RTA_PRIORITY, route.priority());
        Attributes.putInt(body, RTA_TABLE, route.table());
        change(RTM_NEWROUTE, (short) (NLM_F_CREATE | NLM_F_EXCL), body, "add route " + route);
    }

    @Override
    public void close() {
        socket.close();
    }

    // ---- messages ----

    private static ByteBuffer buffer() {
        return ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
    }

    private static byte[] ifinfo(int family, int index, int flags, int change) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).put((byte) family).put((byte) 0)
                .putShort((short) 0).putInt(index).putInt(flags).putInt(change).array();
    }

    private static byte[] ifaddr(int family, int prefix, int index) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).put((byte) family).put((byte) prefix)
                .put((byte) 0).put((byte) 0).putInt(index).array();
    }

    /** An rtmsg for the main table, static protocol, unicast; scope 253 (link) for on-link routes. */
    private static byte[] rtmsg(int family, int prefix, int scope) {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).put((byte) family).put((byte) prefix)
                .put((byte) 0).put((byte) 0).put((byte) Route.MAIN_TABLE).put((byte) 4).put((byte) scope)
                .put((byte) 1).putInt(0).array();
    }

    private static int family(InetAddress address) {
        return address instanceof Inet4Address ? AF_INET : AF_INET6;
    }

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
            while (datagram.remaining() >= 16) {
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

    private static Link parseLink(ByteBuffer m) {
        int index = m.getInt(4);
        int flags = m.getInt(8);
        m.position(16);
        Map<Integer, ByteBuffer> attrs = Attributes.parse(m, m.limit());
        String kind = "";
        ByteBuffer info = attrs.get(IFLA_LINKINFO);
        if (info != null) {
            ByteBuffer k = Attributes.parse(info, info.limit()).get(IFLA_INFO_KIND);
            kind = k == null ? "" : Attributes.string(k);
        }
        ByteBuffer hw = attrs.get(IFLA_ADDRESS);
        return new Link(index, Attributes.string(attrs.get(IFLA_IFNAME)), flags,
                attrs.containsKey(IFLA_MTU) ? attrs.get(IFLA_MTU).getInt(0) : 0, kind,
                hw == null ? "" : HexFormat.ofDelimiter(":").formatHex(Attributes.bytes(hw)),
                attrs.containsKey(IFLA_MASTER) ? attrs.get(IFLA_MASTER).getInt(0) : 0,
                attrs.containsKey(IFLA_OPERSTATE) ? Byte.toUnsignedInt(attrs.get(IFLA_OPERSTATE).get(0)) : 0);
    }

    private static Address parseAddress(ByteBuffer m) {
        int prefix = Byte.toUnsignedInt(m.get(1));
        int scope = Byte.toUnsignedInt(m.get(3));
        int index = m.getInt(4);
        m.position(8);
        Map<Integer, ByteBuffer> attrs = Attributes.parse(m, m.limit());
        ByteBuffer local = attrs.getOrDefault(IFA_LOCAL, attrs.get(IFA_ADDRESS));
        return new Address(index, inet(local), prefix, scope);
    }

    private static Route parseRoute(ByteBuffer m) {
        int prefix = Byte.toUnsignedInt(m.get(1));
        int table = Byte.toUnsignedInt(m.get(4));
        m.position(12);
        Map<Integer, ByteBuffer> attrs = Attributes.parse(m, m.limit());
        return new Route(attrs.containsKey(RTA_DST) ? inet(attrs.get(RTA_DST)) : null, prefix,
                attrs.containsKey(RTA_GATEWAY) ? inet(attrs.get(RTA_GATEWAY)) : null,
                attrs.containsKey(RTA_OIF) ? attrs.get(RTA_OIF).getInt(0) : 0,
                attrs.containsKey(RTA_TABLE) ? attrs.get(RTA_TABLE).getInt(0) : table,
                attrs.containsKey(RTA_PRIORITY) ? attrs.get(RTA_PRIORITY).getInt(0) : 0);
    }

    private static InetAddress inet(ByteBuffer value) {
        try {
            return InetAddress.getByAddress(Attributes.bytes(value));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the kernel sent an address of " + value.remaining() + " bytes", e);
        }
    }
}
