package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.LONG;
import static dev.anvil.sys.Libc.POINTER;

/**
 * Tap devices through /dev/net/tun: TUNSETIFF names the device (made if it does not exist), TUNSETPERSIST keeps it
 * after our descriptor is closed, so a program started later (qemu) attaches to it by name. The device belongs to
 * the network namespace of the calling thread; it goes away with an RTM_DELLINK or with its namespace.
 */
public final class Tun {
    private static final long TUNSETIFF = 0x400454caL;
    private static final long TUNSETPERSIST = 0x400454cbL;
    private static final short IFF_TAP = 0x0002;
    private static final short IFF_NO_PI = 0x1000;
    private static final int IFREQ_SIZE = 40;
    private static final int IFNAMSIZ = 16;
    private static final int O_RDWR_CLOEXEC = 0x2 | 0x80000;

    private static final MethodHandle OPEN = Libc.withErrno("open", FunctionDescriptor.of(INT, POINTER, INT));
    private static final MethodHandle IOCTL_POINTER = Libc.withErrnoVariadic("ioctl",
            FunctionDescriptor.of(INT, INT, LONG, POINTER), 2);
    private static final MethodHandle IOCTL_LONG = Libc.withErrnoVariadic("ioctl",
            FunctionDescriptor.of(INT, INT, LONG, LONG), 2);

    private Tun() {
    }

    /** Makes a persistent tap device {@code name} (at most 15 bytes) in this thread's network namespace. */
    public static void createPersistentTap(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length == 0 || bytes.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("tap name \"" + name + "\": 1 to 15 characters");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            int fd = Libc.check((int) OPEN.invokeExact(slot, arena.allocateFrom("/dev/net/tun"), O_RDWR_CLOEXEC),
                    slot, "open", "/dev/net/tun");
            try {
                MemorySegment ifreq = arena.allocate(IFREQ_SIZE);
                MemorySegment.copy(bytes, 0, ifreq, Libc.BYTE, 0, bytes.length);
                ifreq.set(Libc.SHORT, IFNAMSIZ, (short) (IFF_TAP | IFF_NO_PI));
                Libc.check((int) IOCTL_POINTER.invokeExact(slot, fd, TUNSETIFF, ifreq), slot, "ioctl TUNSETIFF",
                        name);
                Libc.check((int) IOCTL_LONG.invokeExact(slot, fd, TUNSETPERSIST, 1L), slot, "ioctl TUNSETPERSIST",
                        name);
            } finally {
                Libc.close(fd);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
