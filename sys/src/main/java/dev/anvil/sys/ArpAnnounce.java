package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * Gratuitous ARP (RFC 5227 section 2.3, an ARP announcement): an ARP request broadcast on one link whose sender and
 * target protocol addresses are both the announced IPv4 address, so that neighbours update their caches to this
 * link's hardware address at once. Sent through an AF_PACKET datagram socket (the kernel adds the Ethernet
 * header), in the network namespace of the calling thread; it needs CAP_NET_RAW.
 */
public final class ArpAnnounce {
    private static final short ETH_P_ARP = 0x0806;

    private ArpAnnounce() {
    }

    /** The 28 bytes of the announcement of {@code ip} by {@code mac} (6 bytes). */
    static byte[] packet(byte[] mac, Inet4Address ip) {
        if (mac.length != 6) {
            throw new IllegalArgumentException("an Ethernet address has 6 bytes, not " + mac.length);
        }
        ByteBuffer p = ByteBuffer.allocate(28);
        p.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        p.put(mac).put(ip.getAddress()).put(new byte[6]).put(ip.getAddress());
        return p.array();
    }

    /** Broadcasts the announcement of {@code ip} on the link with index {@code ifindex} and address {@code mac}. */
    public static void send(int ifindex, byte[] mac, Inet4Address ip) {
        byte[] data = packet(mac, ip);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(arena);
            int fd = PacketSocket.open(PacketSocket.SOCK_DGRAM, ETH_P_ARP, "AF_PACKET ARP");
            try {
                MemorySegment to = PacketSocket.linkAddress(arena, ETH_P_ARP, ifindex);
                to.set(ValueLayout.JAVA_SHORT, 8, (short) 1);
                to.set(ValueLayout.JAVA_BYTE, 11, (byte) 6);
                for (int i = 0; i < 6; i++) {
                    to.set(ValueLayout.JAVA_BYTE, 12 + i, (byte) 0xff);
                }
                MemorySegment out = arena.allocateFrom(ValueLayout.JAVA_BYTE, data);
                long n = (long) Sockets.SENDTO.invokeExact(errno, fd, out, (long) data.length, 0, to, PacketSocket.SOCKADDR_LL);
                if (n < 0) {
                    throw new SyscallException("sendto", "ARP announce of " + ip.getHostAddress() + " on link "
                            + ifindex, Libc.errno(errno));
                }
            } finally {
                Libc.close(fd);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
