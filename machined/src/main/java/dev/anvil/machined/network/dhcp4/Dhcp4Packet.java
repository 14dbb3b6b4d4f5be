package dev.anvil.machined.network.dhcp4;

import dev.anvil.cosi.resource.Bytes;

import java.net.Inet4Address;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * A DHCPv4 message (RFC 2131 section 2): the BOOTP header, the magic cookie, the options. The {@code sname} and
 * {@code file} fields go out as zeros and are not read (Anvil asks for no boot file and accepts no option overload).
 * Encoded messages are padded to BOOTP's 300 bytes, which some servers and relays still expect.
 *
 * @param op        {@link #BOOT_REQUEST} from a client, {@link #BOOT_REPLY} from a server
 * @param htype     hardware type (1, Ethernet)
 * @param hops      relay hops
 * @param xid       the transaction ID a reply echoes
 * @param secs      seconds since the client began acquiring or renewing
 * @param broadcast the flag asking the server to broadcast its reply (a client without an address cannot take
 *                  unicast)
 * @param chaddr    the client's hardware address, at most 16 bytes
 */
public record Dhcp4Packet(int op, int htype, int hops, int xid, int secs, boolean broadcast, Inet4Address ciaddr,
        Inet4Address yiaddr, Inet4Address siaddr, Inet4Address giaddr, Bytes chaddr, Dhcp4Options options) {

    public static final int BOOT_REQUEST = 1;
    public static final int BOOT_REPLY = 2;
    public static final int ETHERNET = 1;
    public static final Inet4Address ZERO = Dhcp4Options.inet4(new byte[4]);
    public static final Inet4Address BROADCAST = Dhcp4Options.inet4(new byte[] {-1, -1, -1, -1});

    private static final int HEADER = 236;
    private static final int COOKIE = 0x63825363;
    private static final int MIN_LENGTH = 300;
    private static final int BROADCAST_FLAG = 0x8000;

    public Dhcp4Packet {
        if (op != BOOT_REQUEST && op != BOOT_REPLY) {
            throw new MalformedPacketException("op " + op + " is neither a request (1) nor a reply (2)");
        }
        if (htype < 0 || htype > 255 || hops < 0 || hops > 255 || secs < 0 || secs > 0xffff) {
            throw new IllegalArgumentException("htype, hops or secs out of range: " + htype + ", " + hops + ", " + secs);
        }
        Objects.requireNonNull(ciaddr, "ciaddr");
        Objects.requireNonNull(yiaddr, "yiaddr");
        Objects.requireNonNull(siaddr, "siaddr");
        Objects.requireNonNull(giaddr, "giaddr");
        Objects.requireNonNull(options, "options");
        if (chaddr.length() > 16) {
            throw new MalformedPacketException("hardware address of " + chaddr.length() + " bytes (at most 16)");
        }
    }

    /** A client's request over Ethernet, with no addresses but those given. */
    public static Dhcp4Packet request(int xid, int secs, boolean broadcast, Inet4Address ciaddr, Bytes chaddr,
            Dhcp4Options options) {
        return new Dhcp4Packet(BOOT_REQUEST, ETHERNET, 0, xid, secs, broadcast, ciaddr, ZERO, ZERO, ZERO, chaddr,
                options);
    }

    public Optional<MessageType> type() {
        return options.messageType();
    }

    public byte[] encode() {
        byte[] opts = options.encode();
        ByteBuffer out = ByteBuffer.allocate(Math.max(MIN_LENGTH, HEADER + 4 + opts.length));
        out.put((byte) op).put((byte) htype).put((byte) chaddr.length()).put((byte) hops);
        out.putInt(xid).putShort((short) secs).putShort((short) (broadcast ? BROADCAST_FLAG : 0));
        out.put(ciaddr.getAddress()).put(yiaddr.getAddress()).put(siaddr.getAddress()).put(giaddr.getAddress());
        out.put(chaddr.toByteArray());
        out.position(HEADER);
        out.putInt(COOKIE);
        out.put(opts);
        return out.array();
    }

    /** Reads a message; anything that is not one is a {@link MalformedPacketException} saying why. */
    public static Dhcp4Packet decode(byte[] data) {
        if (data.length < HEADER + 4) {
            throw new MalformedPacketException("a DHCP message has at least " + (HEADER + 4) + " bytes, not "
                    + data.length);
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        int op = in.get() & 0xff;
        int htype = in.get() & 0xff;
        int hlen = in.get() & 0xff;
        int hops = in.get() & 0xff;
        int xid = in.getInt();
        int secs = in.getShort() & 0xffff;
        boolean broadcast = (in.getShort() & BROADCAST_FLAG) != 0;
        Inet4Address ciaddr = address(in);
        Inet4Address yiaddr = address(in);
        Inet4Address siaddr = address(in);
        Inet4Address giaddr = address(in);
        if (hlen > 16) {
            throw new MalformedPacketException("hardware address length " + hlen + " (at most 16)");
        }
        byte[] chaddr = new byte[hlen];
        in.get(chaddr);
        in.position(HEADER);
        if (in.getInt() != COOKIE) {
            throw new MalformedPacketException("no DHCP magic cookie (a plain BOOTP message?)");
        }
        try {
            return new Dhcp4Packet(op, htype, hops, xid, secs, broadcast, ciaddr, yiaddr, siaddr, giaddr,
                    Bytes.of(chaddr), Dhcp4Options.decode(in));
        } catch (BufferUnderflowException e) {
            throw new MalformedPacketException("message ends inside its options");
        }
    }

    private static Inet4Address address(ByteBuffer in) {
        byte[] bytes = new byte[4];
        in.get(bytes);
        return Dhcp4Options.inet4(bytes);
    }
}
