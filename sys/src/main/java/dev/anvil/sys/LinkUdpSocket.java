package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Optional;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.LONG;
import static dev.anvil.sys.Libc.POINTER;

/**
 * An IPv4 UDP socket bound to one port on one link (SO_BINDTODEVICE), allowed to broadcast: what a DHCP client
 * needs, and what Java's DatagramChannel cannot do. Bound to the wildcard address, it sends from 0.0.0.0 while the
 * link has no address and receives the broadcasts a server answers with; once the link has an address, unicast
 * goes out from it. It belongs to the network namespace of the thread that opened it.
 *
 * <p>{@link #receive} blocks in poll(2) on the socket and an eventfd: call it from a platform thread; {@link
 * #wakeup} (from any thread) makes a blocked or the next receive return empty at once. One thread receives at a
 * time; sending is safe from any thread.
 */
public final class LinkUdpSocket implements AutoCloseable {
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SO_BROADCAST = 6;
    private static final int SO_BINDTODEVICE = 25;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int EFD_NONBLOCK = 0x800;
    private static final short POLLIN = 1;
    private static final int MAX_DATAGRAM = 1 << 16;
    private static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED
            .withOrder(ByteOrder.BIG_ENDIAN);

    private static final MethodHandle POLL = Libc.withErrno("poll", FunctionDescriptor.of(INT, POINTER, LONG, INT));
    private static final MethodHandle EVENTFD = Libc.withErrno("eventfd", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle WRITE = Libc.withErrno("write",
            FunctionDescriptor.of(LONG, INT, POINTER, LONG));
    private static final MethodHandle READ = Libc.withErrno("read", FunctionDescriptor.of(LONG, INT, POINTER, LONG));

    /** A datagram received, with the address and port it came from. */
    public record Datagram(byte[] data, Inet4Address source, int sourcePort) {
    }

    private final String link;
    private final int port;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment receiveErrno = Libc.errnoSlot(arena);
    private final MemorySegment buffer = arena.allocate(MAX_DATAGRAM);
    private final MemorySegment from = arena.allocate(16);
    private final MemorySegment fromLength = arena.allocate(INT);
    private final MemorySegment polls = arena.allocate(16);
    private final MemorySegment drain = arena.allocate(8);
    private final int fd;
    private final int wakeFd;

    private LinkUdpSocket(String link, int port, int fd, int wakeFd) {
        this.link = link;
        this.port = port;
        this.fd = fd;
        this.wakeFd = wakeFd;
    }

    /** Opens a socket bound to 0.0.0.0:{@code port} on {@code link}; fails when the link does not exist. */
    public static LinkUdpSocket open(String link, int port) {
        try (Arena once = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(once);
            String subject = "udp :" + port + " on " + link;
            int fd = Libc.check((int) Sockets.SOCKET.invokeExact(errno, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0),
                    errno, "socket", subject);
            int wakeFd = -1;
            try {
                MemorySegment one = once.allocateFrom(INT, 1);
                Libc.check((int) Sockets.SETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_REUSEADDR, one, 4), errno,
                        "setsockopt SO_REUSEADDR", subject);
                Libc.check((int) Sockets.SETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_BROADCAST, one, 4), errno,
                        "setsockopt SO_BROADCAST", subject);
                MemorySegment name = once.allocateFrom(link);
                Libc.check((int) Sockets.SETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_BINDTODEVICE, name,
                        (int) name.byteSize()), errno, "setsockopt SO_BINDTODEVICE", subject);
                MemorySegment address = sockaddr(once, null, port);
                Libc.check((int) Sockets.BIND.invokeExact(errno, fd, address, (int) address.byteSize()), errno, "bind",
                        subject);
                wakeFd = Libc.check((int) EVENTFD.invokeExact(errno, 0, EFD_CLOEXEC | EFD_NONBLOCK), errno, "eventfd",
                        subject);
                return new LinkUdpSocket(link, port, fd, wakeFd);
            } catch (Throwable t) {
                Libc.close(fd);
                if (wakeFd >= 0) {
                    Libc.close(wakeFd);
                }
                throw t;
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    public String link() {
        return link;
    }

    /** Sends one datagram to {@code destination}:{@code destinationPort} (255.255.255.255 to broadcast). */
    public void send(byte[] data, Inet4Address destination, int destinationPort) {
        try (Arena once = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(once);
            MemorySegment out = once.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, out, ValueLayout.JAVA_BYTE, 0, data.length);
            MemorySegment to = sockaddr(once, destination, destinationPort);
            long n = (long) Sockets.SENDTO.invokeExact(errno, fd, out, (long) data.length, 0, to, (int) to.byteSize());
            if (n < 0) {
                throw new SyscallException("sendto", destination.getHostAddress() + ":" + destinationPort + " on "
                        + link, Libc.errno(errno));
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Waits up to {@code timeout} for a datagram; empty when none came in time or {@link #wakeup} was called (the
     * wake-up is used up). A datagram larger than 64 KiB cannot arrive over UDP.
     */
    public Optional<Datagram> receive(Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(0, (left + 999_999) / 1_000_000));
                polls.set(ValueLayout.JAVA_INT, 0, fd);
                polls.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
                polls.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                polls.set(ValueLayout.JAVA_INT, 8, wakeFd);
                polls.set(ValueLayout.JAVA_SHORT, 12, POLLIN);
                polls.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
                int ready = (int) POLL.invokeExact(receiveErrno, polls, 2L, millis);
                if (ready < 0) {
                    if (Libc.errno(receiveErrno) == SyscallException.EINTR) {
                        continue;
                    }
                    throw new SyscallException("poll", "udp :" + port + " on " + link, Libc.errno(receiveErrno));
                }
                if (polls.get(ValueLayout.JAVA_SHORT, 14) != 0) {
                    long ignored = (long) READ.invokeExact(receiveErrno, wakeFd, drain, 8L);
                    return Optional.empty();
                }
                if (polls.get(ValueLayout.JAVA_SHORT, 6) != 0) {
                    Optional<Datagram> datagram = read();
                    if (datagram.isPresent()) {
                        return datagram;
                    }
                }
                if (ready == 0 && System.nanoTime() - deadline >= 0) {
                    return Optional.empty();
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private Optional<Datagram> read() throws Throwable {
        fromLength.set(INT, 0, 16);
        long n = (long) Sockets.RECVFROM.invokeExact(receiveErrno, fd, buffer, (long) MAX_DATAGRAM, 0, from, fromLength);
        if (n < 0) {
            int errno = Libc.errno(receiveErrno);
            if (errno == SyscallException.EAGAIN || errno == SyscallException.EINTR) {
                return Optional.empty();
            }
            throw new SyscallException("recvfrom", "udp :" + port + " on " + link, errno);
        }
        byte[] source = from.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE);
        int sourcePort = Short.toUnsignedInt(from.get(NET_SHORT, 2));
        return Optional.of(new Datagram(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), inet4(source),
                sourcePort));
    }

    /** Makes a blocked {@link #receive} (or the next one) return empty; from any thread. */
    public void wakeup() {
        try (Arena once = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(once);
            long ignored = (long) WRITE.invokeExact(errno, wakeFd, once.allocateFrom(LONG, 1L), 8L);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Closes the socket; the receiving thread must have returned first (wake it, then join it). */
    @Override
    public void close() {
        Libc.close(wakeFd);
        Libc.close(fd);
        arena.close();
    }

    private static MemorySegment sockaddr(Arena arena, Inet4Address address, int port) {
        MemorySegment in = arena.allocate(16);
        in.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
        in.set(NET_SHORT, 2, (short) port);
        if (address != null) {
            MemorySegment.copy(address.getAddress(), 0, in, ValueLayout.JAVA_BYTE, 4, 4);
        }
        return in;
    }

    private static Inet4Address inet4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
