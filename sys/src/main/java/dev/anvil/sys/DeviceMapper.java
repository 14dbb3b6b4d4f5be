package dev.anvil.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.LONG;
import static dev.anvil.sys.Libc.POINTER;

/**
 * The kernel's device mapper through its control device's ioctls (linux/dm-ioctl.h, interface version 4), as
 * dmsetup would drive it: a device is created, given a one-target table and resumed, which makes /dev/dm-N appear.
 * Needs the dm_mod module (and the target's, e.g. dm_verity) loaded, and root.
 */
public final class DeviceMapper {
    private static final Path CONTROL = Path.of("/dev/mapper/control");
    /** sizeof(struct dm_ioctl); its parameters follow it. */
    private static final int HEADER = 312;
    /** sizeof(struct dm_target_spec); the target's parameter string follows it. */
    private static final int TARGET = 40;
    private static final int NAME_LENGTH = 128;
    private static final int READONLY = 1;
    private static final int DEV_CREATE = 3;
    private static final int DEV_SUSPEND = 6;
    private static final int TABLE_LOAD = 9;
    private static final int DEV_REMOVE = 4;
    private static final MethodHandle OPEN = Libc.withErrnoVariadic("open",
            FunctionDescriptor.of(INT, POINTER, INT, INT), 2);
    private static final MethodHandle IOCTL = Libc.withErrnoVariadic("ioctl",
            FunctionDescriptor.of(INT, INT, LONG, POINTER), 2);
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;

    /** One line of a table: {@code length} sectors of 512 bytes from sector 0, of {@code type}, with its parameters. */
    public record Target(long sectors, String type, String parameters) {
    }

    private DeviceMapper() {
    }

    /**
     * Creates the read-only device {@code name} with one target and resumes it; returns its /dev/dm-N node. A
     * failure after the device was created removes it again.
     */
    public static Path createReadOnly(String name, Target target) throws IOException {
        if (name.isEmpty() || name.length() >= NAME_LENGTH || name.contains("/")) {
            throw new IllegalArgumentException("a device-mapper name is 1 to 127 characters without '/': " + name);
        }
        int control = open();
        try {
            long dev = command(control, DEV_CREATE, name, 0, null);
            try {
                command(control, TABLE_LOAD, name, READONLY, target);
                command(control, DEV_SUSPEND, name, 0, null);  // without the suspend flag: resume
            } catch (SyscallException e) {
                removeQuietly(control, name);
                throw e;
            }
            // huge_encode_dev: the minor's low byte, the major, then the minor's high bits
            long minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
            Path node = Path.of("/dev/dm-" + minor);
            if (!Files.exists(node)) {
                throw new IOException("device-mapper device " + name + " was made, but " + node + " did not appear");
            }
            return node;
        } finally {
            Libc.close(control);
        }
    }

    private static void removeQuietly(int control, String name) {
        try {
            command(control, DEV_REMOVE, name, 0, null);
        } catch (SyscallException ignored) {
            // the original failure is the one to report
        }
    }

    private static int open() throws IOException {
        if (!Files.exists(CONTROL)) {
            throw new IOException(CONTROL + " is missing: the dm_mod module is not loaded");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            int fd = (int) OPEN.invokeExact(slot, arena.allocateFrom(CONTROL.toString()), O_RDWR | O_CLOEXEC, 0);
            return Libc.check(fd, slot, "open", CONTROL.toString());
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Runs one command on {@code name}; returns the dev field the kernel filled in. */
    private static long command(int control, int command, String name, int flags, Target target) {
        byte[] parameters = target == null ? new byte[0]
                : (target.parameters() + "\0").getBytes(StandardCharsets.US_ASCII);
        int size = HEADER + (target == null ? 0 : align8(TARGET + parameters.length));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment io = arena.allocate(size, 8);
            io.set(INT, 0, 4);  // version 4.0.0: the kernel answers with its own
            io.set(INT, 12, size);
            io.set(INT, 16, HEADER);
            io.set(INT, 20, target == null ? 0 : 1);
            io.set(INT, 28, flags);
            MemorySegment.copy(name.getBytes(StandardCharsets.US_ASCII), 0, io, Libc.BYTE, 48, name.length());
            if (target != null) {
                io.set(LONG, HEADER, 0);
                io.set(LONG, HEADER + 8, target.sectors());
                byte[] type = target.type().getBytes(StandardCharsets.US_ASCII);
                MemorySegment.copy(type, 0, io, Libc.BYTE, HEADER + 24, Math.min(type.length, 15));
                MemorySegment.copy(parameters, 0, io, Libc.BYTE, HEADER + TARGET, parameters.length);
            }
            MemorySegment slot = Libc.errnoSlot(arena);
            long request = 0xC0000000L | ((long) HEADER << 16) | (0xfdL << 8) | command;
            int rc = (int) IOCTL.invokeExact(slot, control, request, io);
            Libc.check(rc, slot, "device-mapper ioctl " + command, name);
            return io.get(LONG, 40);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static int align8(int n) {
        return (n + 7) & ~7;
    }
}
