package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.anvil.sys.Libc.INT;

/**
 * unshare(2). Network and UTS namespaces belong to the calling thread, so a platform thread may move itself; mount,
 * PID and user namespaces need a single-threaded process, which is why the node launcher creates them before the
 * JVM starts.
 */
public final class Namespaces {
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWCGROUP = 0x02000000;
    public static final int CLONE_NEWUTS = 0x04000000;
    public static final int CLONE_NEWIPC = 0x08000000;
    public static final int CLONE_NEWUSER = 0x10000000;
    public static final int CLONE_NEWPID = 0x20000000;
    public static final int CLONE_NEWNET = 0x40000000;

    private static final MethodHandle UNSHARE = Libc.withErrno("unshare", FunctionDescriptor.of(INT, INT));

    private Namespaces() {
    }

    public static void unshare(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            int rc = (int) UNSHARE.invokeExact(slot, flags);
            Libc.check(rc, slot, "unshare", "0x" + Integer.toHexString(flags));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
