package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.POINTER;

/**
 * A raw AF_PACKET socket that captures every frame one link sends and receives (link-layer header included), in
 * the network namespace of the thread that opened it; it needs CAP_NET_RAW. A classic BPF program (as {@code
 * tcpdump -dd} prints it) may drop frames in the kernel; promiscuous mode lasts as long as the socket.
 *
 * <p>The socket is made with protocol 0 (it receives nothing), the filter attached, then bound to the link for
 * every protocol: so no frame of another link or one the filter rejects is ever queued. {@link #receive} blocks in
 * recvfrom(2) for at most {@link #WAIT}: call it from a platform thread, and close the socket from that thread once
 * it has returned. Also the home of the AF_PACKET basics {@link ArpAnnounce} shares.
 */
public final class PacketSocket implements AutoCloseable {
    /** The longest a {@link #receive} blocks, so that its caller can notice it should stop. */
    public static final int WAIT_MILLIS = 100;

    static final int AF_PACKET = 17;
    static final int SOCK_DGRAM = 2;
    static final int SOCKADDR_LL = 20;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final short ETH_P_ALL = 0x0003;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_ATTACH_FILTER = 26;
    private static final int SOL_PACKET = 263;
    private static final int PACKET_ADD_MEMBERSHIP = 1;
    private static final short PACKET_MR_PROMISC = 1;
    private static final int MSG_TRUNC = 0x20;

    private static final MethodHandle IF_NAMETOINDEX = Libc.withErrno("if_nametoindex",
            FunctionDescriptor.of(INT, POINTER));

    /** One instruction of a classic BPF program (struct sock_filter). */
    public record Instruction(int op, int jt, int jf, int k) {
    }

    /** A frame as captured: when, its length on the wire, and its first bytes (at most the snap length). */
    public record Frame(Instant time, int length, byte[] data) {
    }

    private final String link;
    private final int fd;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment errno = Libc.errnoSlot(arena);
    private final MemorySegment buffer;
    private final int snapLength;

    private PacketSocket(String link, int fd, int snapLength) {
        this.link = link;
        this.fd = fd;
        this.snapLength = snapLength;
        this.buffer = arena.allocate(snapLength);
    }

    /** Opens a capture of {@code link}, keeping at most {@code snapLength} bytes of each frame. */
    public static PacketSocket open(String link, boolean promiscuous, int snapLength, List<Instruction> filter) {
        if (snapLength <= 0) {
            throw new IllegalArgumentException("the snap length must be positive, not " + snapLength);
        }
        if (filter.size() > 0xffff) {
            throw new IllegalArgumentException("a BPF program has at most 65535 instructions");
        }
        String subject = "capture on " + link;
        try (Arena once = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(once);
            int ifindex = (int) IF_NAMETOINDEX.invokeExact(errno, once.allocateFrom(link));
            if (ifindex == 0) {
                throw new SyscallException("if_nametoindex", link, Libc.errno(errno));
            }
            int fd = open(SOCK_RAW, (short) 0, subject);
            try {
                if (!filter.isEmpty()) {
                    MemorySegment program = once.allocate(8L * filter.size(), 8);
                    for (int i = 0; i < filter.size(); i++) {
                        Instruction in = filter.get(i);
                        program.set(ValueLayout.JAVA_SHORT, 8L * i, (short) in.op());
                        program.set(ValueLayout.JAVA_BYTE, 8L * i + 2, (byte) in.jt());
                        program.set(ValueLayout.JAVA_BYTE, 8L * i + 3, (byte) in.jf());
                        program.set(ValueLayout.JAVA_INT, 8L * i + 4, in.k());
                    }
                    MemorySegment fprog = once.allocate(16, 8);
                    fprog.set(ValueLayout.JAVA_SHORT, 0, (short) filter.size());
                    fprog.set(ValueLayout.ADDRESS, 8, program);
                    Libc.check((int) Sockets.SETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog, 16),
                            errno, "setsockopt SO_ATTACH_FILTER", subject);
                }
                MemorySegment timeout = once.allocate(16, 8);
                timeout.set(ValueLayout.JAVA_LONG, 8, WAIT_MILLIS * 1000L);
                Libc.check((int) Sockets.SETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16), errno,
                        "setsockopt SO_RCVTIMEO", subject);
                MemorySegment address = linkAddress(once, ETH_P_ALL, ifindex);
                Libc.check((int) Sockets.BIND.invokeExact(errno, fd, address, SOCKADDR_LL), errno, "bind", subject);
                if (promiscuous) {
                    MemorySegment request = once.allocate(16, 4);
                    request.set(ValueLayout.JAVA_INT, 0, ifindex);
                    request.set(ValueLayout.JAVA_SHORT, 4, PACKET_MR_PROMISC);
                    Libc.check((int) Sockets.SETSOCKOPT.invokeExact(errno, fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, request,
                            16), errno, "setsockopt PACKET_ADD_MEMBERSHIP", subject);
                }
                return new PacketSocket(link, fd, snapLength);
            } catch (Throwable t) {
                Libc.close(fd);
                throw t;
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** The next frame, or empty when none came within {@link #WAIT_MILLIS} (or a signal interrupted the wait). */
    public Optional<Frame> receive() {
        try {
            long n = (long) Sockets.RECVFROM.invokeExact(errno, fd, buffer, (long) snapLength, MSG_TRUNC, MemorySegment.NULL,
                    MemorySegment.NULL);
            if (n < 0) {
                int error = Libc.errno(errno);
                if (error == SyscallException.EAGAIN || error == SyscallException.EINTR) {
                    return Optional.empty();
                }
                throw new SyscallException("recvfrom", "capture on " + link, error);
            }
            // with MSG_TRUNC the kernel tells the frame's whole length, even when only snapLength bytes were copied
            byte[] data = buffer.asSlice(0, Math.min(n, snapLength)).toArray(ValueLayout.JAVA_BYTE);
            return Optional.of(new Frame(Instant.now(), (int) n, data));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
        arena.close();
    }

    /** An AF_PACKET socket of {@code type} for {@code protocol} (host order), close-on-exec. */
    static int open(int type, short protocol, String subject) throws Throwable {
        try (Arena once = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(once);
            return Libc.check((int) Sockets.SOCKET.invokeExact(errno, AF_PACKET, type | SOCK_CLOEXEC,
                    (int) htons(protocol) & 0xffff), errno, "socket", subject);
        }
    }

    /** A struct sockaddr_ll for a link and a protocol (host order); the hardware address is left for the caller. */
    static MemorySegment linkAddress(Arena arena, short protocol, int ifindex) {
        MemorySegment address = arena.allocate(SOCKADDR_LL, 4);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_PACKET);
        address.set(ValueLayout.JAVA_SHORT, 2, htons(protocol));
        address.set(ValueLayout.JAVA_INT, 4, ifindex);
        return address;
    }

    static short htons(short value) {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Short.reverseBytes(value) : value;
    }
}
