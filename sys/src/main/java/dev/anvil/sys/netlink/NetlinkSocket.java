package dev.anvil.sys.netlink;

import dev.anvil.sys.Libc;
import dev.anvil.sys.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A NETLINK_ROUTE socket. It belongs to the network namespace of the thread that opened it, for its whole life.
 * Receiving blocks in a native call: use it from platform threads.
 */
final class NetlinkSocket implements AutoCloseable {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_ROUTE = 0;
    private static final int RECEIVE_BUFFER = 1 << 16;

    private static final MethodHandle SOCKET = Libc.withErrno("socket",
            FunctionDescriptor.of(Libc.INT, Libc.INT, Libc.INT, Libc.INT));
    private static final MethodHandle BIND = Libc.withErrno("bind",
            FunctionDescriptor.of(Libc.INT, Libc.INT, Libc.POINTER, Libc.INT));
    private static final MethodHandle SEND = Libc.withErrno("send",
            FunctionDescriptor.of(Libc.LONG, Libc.INT, Libc.POINTER, Libc.LONG, Libc.INT));
    private static final MethodHandle RECV = Libc.withErrno("recv",
            FunctionDescriptor.of(Libc.LONG, Libc.INT, Libc.POINTER, Libc.LONG, Libc.INT));
    private static final MethodHandle SETSOCKOPT = Libc.withErrno("setsockopt",
            FunctionDescriptor.of(Libc.INT, Libc.INT, Libc.INT, Libc.INT, Libc.POINTER, Libc.INT));
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int EAGAIN = 11;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = Libc.errnoSlot(arena);
    private final MemorySegment receive = arena.allocate(RECEIVE_BUFFER);
    private final int fd;

    /** Opens a socket, joined to the multicast {@code groups} (a bit mask, 0 for none). */
    NetlinkSocket(int groups) {
        try {
            fd = Libc.check((int) SOCKET.invokeExact(errno, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE), errno,
                    "socket", "netlink");
            MemorySegment address = arena.allocate(12);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_NETLINK);
            address.set(ValueLayout.JAVA_INT, 8, groups);
            Libc.check((int) BIND.invokeExact(errno, fd, address, 12), errno, "bind", "netlink");
        } catch (Throwable t) {
            arena.close();
            throw Libc.rethrow(t);
        }
    }

    void send(ByteBuffer message) {
        try (Arena once = Arena.ofConfined()) {
            MemorySegment out = once.allocate(message.remaining());
            out.copyFrom(MemorySegment.ofBuffer(message));
            long n = (long) SEND.invokeExact(errno, fd, out, out.byteSize(), 0);
            if (n < 0) {
                throw new SyscallException("send", "netlink", Libc.errno(errno));
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Makes {@link #receive} give up after {@code millis} without a datagram (it then returns null). */
    void receiveTimeout(long millis) {
        try {
            MemorySegment timeval = arena.allocate(16);
            timeval.set(ValueLayout.JAVA_LONG, 0, millis / 1000);
            timeval.set(ValueLayout.JAVA_LONG, 8, millis % 1000 * 1000);
            Libc.check((int) SETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_RCVTIMEO, timeval, 16), errno,
                    "setsockopt", "netlink receive timeout");
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Blocks until a datagram arrives; returns it as a buffer in the machine's byte order, or null when a receive
     * timeout is set and passed.
     */
    ByteBuffer receive() {
        try {
            long n = (long) RECV.invokeExact(errno, fd, receive, (long) RECEIVE_BUFFER, 0);
            if (n < 0) {
                int error = Libc.errno(errno);
                if (error == EAGAIN) {
                    return null;
                }
                throw new SyscallException("recv", "netlink", error);
            }
            byte[] copy = receive.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            return ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder());
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void close() {
        try {
            Libc.close(fd);
        } finally {
            arena.close();
        }
    }
}
