package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.LONG;
import static dev.anvil.sys.Libc.POINTER;

/**
 * Loading a kernel module from its file: finit_module(2), which glibc does not wrap, so through syscall(2). A
 * compressed module (.ko.xz, .ko.zst, .ko.gz) is handed to the kernel to decompress (kernels from 5.17 built
 * with module decompression, as Debian's are).
 */
public final class KernelModules {
    /** The kernel's MODULE_INIT_COMPRESSED_FILE flag. */
    static final int COMPRESSED_FILE = 4;
    /** The module is there already: loading it again is not a failure. */
    public static final int EEXIST = 17;

    private static final int O_RDONLY_CLOEXEC = 0x80000;

    private KernelModules() {
    }

    /** finit_module's number: 313 on x86-64, 273 on arm64 (the generic table). */
    static long syscallNumber(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> 313;
            case "aarch64", "arm64", "riscv64" -> 273;
            default -> throw new UnsupportedOperationException("finit_module's number on " + arch + " is not known");
        };
    }

    static boolean compressed(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".xz") || name.endsWith(".zst") || name.endsWith(".gz");
    }

    /**
     * Loads the module in {@code file} with {@code parameters} (space separated, as modprobe passes them); a module
     * already loaded is fine. Needs CAP_SYS_MODULE in the initial user namespace: in a container it fails.
     */
    public static void load(Path file, String parameters) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            int fd = (int) Calls.OPEN.invokeExact(slot, arena.allocateFrom(file.toString()), O_RDONLY_CLOEXEC);
            Libc.check(fd, slot, "open", file.toString());
            try {
                long rc = (long) Calls.SYSCALL.invokeExact(slot, syscallNumber(System.getProperty("os.arch")), fd,
                        arena.allocateFrom(parameters), compressed(file) ? COMPRESSED_FILE : 0);
                if (rc == -1 && Libc.errno(slot) != EEXIST) {
                    throw new SyscallException("finit_module", file.toString(), Libc.errno(slot));
                }
            } finally {
                Libc.close(fd);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Made on first use: only a booted node loads modules. */
    private static final class Calls {
        static final MethodHandle OPEN = Libc.withErrno("open", FunctionDescriptor.of(INT, POINTER, INT));
        static final MethodHandle SYSCALL = Libc.withErrnoVariadic("syscall",
                FunctionDescriptor.of(LONG, LONG, INT, POINTER, INT), 1);
    }
}
