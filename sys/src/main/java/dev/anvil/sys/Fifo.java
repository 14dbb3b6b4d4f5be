package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.POINTER;

/** Named pipes: how a container's output reaches machined (containerd's shim writes into them). */
public final class Fifo {
    private static final MethodHandle MKFIFO = Libc.withErrno("mkfifo", FunctionDescriptor.of(INT, POINTER, INT));

    private Fifo() {
    }

    /** Creates a named pipe at {@code path} with permission bits {@code mode}; fails when the path exists. */
    public static void create(Path path, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            int rc = (int) MKFIFO.invokeExact(slot, arena.allocateFrom(path.toString()), mode);
            Libc.check(rc, slot, "mkfifo", path.toString());
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
